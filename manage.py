#!/usr/bin/env python
"""Django's command-line utility for administrative tasks."""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ita_portal.settings")
    from django.core.management import execute_from_command_line

    from ita_portal.lib.env import UnsafeProductionSettings

    try:
        execute_from_command_line(sys.argv)
    except UnsafeProductionSettings as exc:
        # Settings refused to start: what to set, one line each, without a traceback.
        sys.exit(str(exc))


if __name__ == "__main__":
    main()
