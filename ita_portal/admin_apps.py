"""The admin without its discovery at process start (issue 22).

Django's AdminConfig imports every app's admin.py when Django starts (and with them
django-import-export, openpyxl, tablib…): about 0.15 s that a command rendering a report, a
Celery worker or a cron job never uses. The admin is discovered where it is used instead: by the
URL configuration (ita_portal/urls.py, Django's documented pattern with SimpleAdminConfig) and by
the admin's system check below, which `manage.py check` may run before anything has loaded the
URLs (the check registry has no order). Code that reads the registry outside a request calls
`admin.autodiscover()` first; it is idempotent.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.admin.apps import SimpleAdminConfig
from django.contrib.admin.checks import check_admin_app, check_dependencies
from django.core import checks


def check_discovered_admin(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    """Django's check of every registered ModelAdmin, after discovering them all."""
    admin.autodiscover()
    return check_admin_app(app_configs, **kwargs)


class PortalAdminConfig(SimpleAdminConfig):
    """django.contrib.admin (label "admin"), discovered on use; its check discovers first."""

    def ready(self) -> None:
        # SimpleAdminConfig.ready registers check_admin_app, which would check an empty
        # registry in a process that has not loaded the URLs: ours in its place.
        checks.register(check_dependencies, checks.Tags.admin)
        checks.register(check_discovered_admin, checks.Tags.admin)
