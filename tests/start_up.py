"""What a fresh process has imported once Django has started: for the tests that keep heavy
libraries (WeasyPrint, redis-py, the admin's import_export and openpyxl) out of every process
start (issues 22 and 23)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def loaded_at_start(module: str, *, imports: str) -> bool:
    """Whether `module` is in sys.modules of a new process after django.setup(), the URL
    configuration and `import <imports>` (a comma-separated list of modules)."""
    code = (
        "import django, sys; django.setup(); "
        "from django.urls import get_resolver; get_resolver().url_patterns; "
        f"import {imports}; "
        f"print({module!r} in sys.modules)"
    )
    return printed_last(code) == "True"


def imported_by_command(*args: str) -> set[str]:
    """The modules in sys.modules of a fresh process once `manage.py <args>` has run (manage.py
    itself, as operators run it: it loads no URL configuration unless the command needs one)."""
    code = (
        "import runpy, sys; "
        f"sys.argv = ['manage.py', *{list(args)!r}]; "
        "runpy.run_path('manage.py', run_name='__main__'); "
        "print(' '.join(sorted(sys.modules)))"
    )
    return set(printed_last(code).split())


def printed_last(code: str) -> str:
    """The last line a new Python process running `code` in the project's folder printed."""
    completed = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    lines = completed.stdout.splitlines()
    return lines[-1].strip() if lines else ""
