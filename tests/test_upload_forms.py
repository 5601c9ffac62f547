"""Every admin form that takes a file keeps it across an error and records its uploader's name;
a file name is cleaned for showing and for a download header, Thai kept."""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.db import models

from ita_portal.lib.held_uploads import safe_file_name
from ita_portal.lib.upload_forms import HeldUploadsAdminMixin, original_name_field

# Files the portal makes itself, never chosen by a user in a form.
MADE_BY_THE_PORTAL = {("reports", "reportpublication"), ("committees", "committeeorderscanpage")}


def upload_admins():
    admin.autodiscover()  # at collection, before anything has loaded the URLs
    for model, model_admin in admin.site._registry.items():
        inlines = [inline(model, admin.site) for inline in model_admin.inlines]
        for each in [model_admin, *inlines]:
            meta = each.model._meta
            if (meta.app_label, meta.model_name) in MADE_BY_THE_PORTAL:
                continue
            for field in meta.get_fields():
                if isinstance(field, models.FileField) and field.editable:
                    yield pytest.param(each, field, id=f"{type(each).__name__}.{field.name}")


@pytest.mark.parametrize(("model_admin", "field"), list(upload_admins()))
def test_every_upload_form_holds_its_file_and_records_the_uploaders_name(model_admin, field):
    assert isinstance(model_admin, HeldUploadsAdminMixin)
    field.model._meta.get_field(original_name_field(field.name))


def test_the_upload_forms_are_found():
    assert len(list(upload_admins())) >= 4


@pytest.mark.parametrize(
    ("given", "kept"),
    [
        ("รายงานผล ไตรมาส 1.pdf", "รายงานผล ไตรมาส 1.pdf"),
        ("../../etc/passwd", "passwd"),
        ("C:\\Users\\สมชาย\\หลักฐาน.pdf", "หลักฐาน.pdf"),
        ('a"b<c>\r\nd.pdf', "a b c d.pdf"),
        ("...", "ไฟล์"),
        ("ก" * 300 + ".pdf", "ก" * 196 + ".pdf"),
    ],
)
def test_a_file_name_is_cleaned_for_showing_and_downloading(given, kept):
    assert safe_file_name(given) == kept


def test_a_plain_form_holds_its_required_file_and_takes_it_back(settings, tmp_path):
    from django import forms
    from django.core.files.uploadedfile import SimpleUploadedFile

    from ita_portal.lib.held_uploads import HELD_MESSAGE, Holder
    from ita_portal.lib.upload_forms import with_held_uploads

    settings.MEDIA_ROOT = tmp_path

    class ScanForm(forms.Form):
        number = forms.IntegerField()
        scan = forms.FileField()

    held = with_held_uploads(ScanForm, Holder(user_id=7, page="/scan/"))
    upload = SimpleUploadedFile("คำสั่ง.pdf", b"%PDF-1.4 scan", "application/pdf")
    refused = held({"number": "x"}, {"scan": upload})
    assert not refused.is_valid() and "scan" not in refused.errors
    html = str(refused["scan"])
    assert HELD_MESSAGE.format(name="คำสั่ง.pdf") in html
    assert "required" not in html  # the empty box must not stop the browser from sending
    token = html.split('name="scan__held" value="')[1].split('"')[0]

    corrected = held({"number": "3", "scan__held": token}, {})
    assert corrected.is_valid()
    assert corrected.cleaned_data["scan"].read() == b"%PDF-1.4 scan"
    assert not with_held_uploads(ScanForm, Holder(user_id=8, page="/scan/"))(
        {"number": "3", "scan__held": token}, {}
    ).is_valid()
