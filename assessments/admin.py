"""Admin of the assessments app."""

from . import admin_import  # noqa: F401  (issue 6: score-sheet import)
