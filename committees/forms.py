"""Admin forms of committees: a meeting photo or a signed scan is checked and prepared before
it is stored (no camera metadata)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile

from .models import CommitteeOrder, MeetingPhoto
from .scans import PreparedScan, prepare_scan
from .uploads import photo_for_storage


class MeetingPhotoForm(forms.ModelForm):
    class Meta:
        model = MeetingPhoto
        fields = ["image", "caption", "order"]

    def clean_image(self) -> Any:
        upload = self.cleaned_data.get("image")
        if isinstance(upload, UploadedFile):  # a new upload, not the photo already stored
            return photo_for_storage(upload)
        return upload


class CommitteeOrderForm(forms.ModelForm):
    class Meta:
        model = CommitteeOrder
        # The admin adds the other fields from its fieldsets.
        fields = ["signed_scan"]

    prepared_scan: PreparedScan | None = None

    def clean_signed_scan(self) -> Any:
        upload = self.cleaned_data.get("signed_scan")
        if isinstance(upload, UploadedFile):  # a new upload, not the scan already stored
            # Its pages too: the admin prepared it before its transaction (remembered on upload).
            self.prepared_scan = prepare_scan(upload)
            return self.prepared_scan.file
        return upload
