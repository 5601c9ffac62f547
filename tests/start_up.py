"""What a fresh process has imported once Django has started: for the tests that keep heavy
libraries (WeasyPrint, redis-py) out of every process start (issues 22 and 23)."""

from __future__ import annotations

import subprocess
import sys


def loaded_at_start(module: str, *, imports: str) -> bool:
    """Whether `module` is in sys.modules of a new process after django.setup(), the URL
    configuration and `import <imports>` (a comma-separated list of modules)."""
    code = (
        "import django, sys; django.setup(); "
        "from django.urls import get_resolver; get_resolver().url_patterns; "
        f"import {imports}; "
        f"print({module!r} in sys.modules)"
    )
    found = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.split()[-1]
    return found == "True"
