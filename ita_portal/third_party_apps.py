"""Third-party apps under a Thai name where the package gives none (the admin's index heads
each app's section with it)."""

from __future__ import annotations

from axes.apps import AppConfig as AxesAppConfig


class AxesConfig(AxesAppConfig):
    """django-axes (the login lockout), whose section was headed "AXES"."""

    verbose_name = "การล็อกการเข้าสู่ระบบ"
