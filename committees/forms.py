"""Admin forms of committees: a meeting photo is checked and prepared before it is stored."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile

from .models import MeetingPhoto
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
