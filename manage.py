#!/usr/bin/env python
"""Django's command-line utility for administrative tasks."""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ita_portal.settings")
    from django.core.management import execute_from_command_line

    from ita_portal.lib.env import UnsafeProductionSettings, env_milliseconds

    # Management commands (migrate, backup, restore, imports) may run one long statement on
    # purpose: the statement timeout guards the web and Celery workers only. The value is still
    # read first, so that `ita-manage check` refuses a typo in the environment file.
    env_milliseconds("DATABASE_STATEMENT_TIMEOUT")
    os.environ["DATABASE_STATEMENT_TIMEOUT"] = "0"
    try:
        execute_from_command_line(sys.argv)
    except UnsafeProductionSettings as exc:
        # Settings refused to start: what to set, one line each, without a traceback.
        sys.exit(str(exc))


if __name__ == "__main__":
    main()
