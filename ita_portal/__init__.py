from .celery import app as celery_app

# The portal's version: the same as pyproject.toml's `version` (a test holds them together;
# `make release` changes both). The project is run from its checkout, never installed as a
# package, so importlib.metadata does not know it.
__version__ = "0.2.0.dev0"

__all__ = ("__version__", "celery_app")
