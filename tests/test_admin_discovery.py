"""The admin is discovered where it is used, not at every process start (issue 22): a command
that serves no page imports no admin.py (nor django-import-export and openpyxl with them), and
the admin's system check still checks every registered ModelAdmin (ita_portal/admin_apps.py)."""

from __future__ import annotations

import json

from django.contrib import admin

from tests.start_up import imported_by_command, printed_last

# A fresh process that loads no URLs runs only the admin's checks, each ModelAdmin's check
# answering with its model: which admins the checks reached.
RUN_ADMIN_CHECKS = """
import json, sys, django
django.setup()
from django.contrib import admin
from django.core import checks
before = len(admin.site._registry)
admin.ModelAdmin.check = lambda self, **kwargs: [checks.Error("checked", obj=self.model)]
errors = checks.run_checks(tags=[checks.Tags.admin])
print(json.dumps({
    "registered_at_start": before,
    "checked": sorted(e.obj._meta.label for e in errors if e.msg == "checked"),
    "urls_loaded": "ita_portal.urls" in sys.modules,
}))
"""


def test_a_command_that_serves_no_page_imports_no_admin():
    modules = imported_by_command("portal_version")
    assert "ita_portal.management.commands.portal_version" in modules  # the command ran
    assert "ita_portal.urls" not in modules
    assert not {"assessments.admin", "import_export.admin", "openpyxl"} & modules


def test_the_admin_checks_check_every_admin_in_a_process_that_loaded_no_urls():
    admin.autodiscover()
    # AdminSite.check skips models registered with the plain ModelAdmin (nothing to check).
    expected = sorted(
        model._meta.label
        for model, model_admin in admin.site._registry.items()
        if type(model_admin) is not admin.ModelAdmin
    )
    result = json.loads(printed_last(RUN_ADMIN_CHECKS))
    assert result["registered_at_start"] == 0
    assert not result["urls_loaded"]
    assert len(expected) >= 25  # the portal's own admins, auditlog's and auth's
    assert result["checked"] == expected


def test_a_web_process_loads_its_urls_and_admin_as_it_starts():
    """gunicorn imports ita_portal.wsgi in each worker: the URLs and the admin are loaded then,
    not on the first visitor's request."""
    code = (
        "import sys, ita_portal.wsgi; "
        "print(' '.join(sorted(m for m in ('ita_portal.urls', 'assessments.admin') "
        "if m in sys.modules)))"
    )
    assert printed_last(code).split() == ["assessments.admin", "ita_portal.urls"]
