"""Remember that staff looked at the report before publishing (the workspace's "previewed" step)."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from assessments.models import Assessment

from .models import ReportPreview


def report_preview_record(*, assessment: Assessment, user: Any) -> None:
    """One row per assessment, moved forward at each preview (one UPDATE or INSERT)."""
    ReportPreview.objects.update_or_create(
        assessment=assessment,
        defaults={
            "previewed_at": timezone.now(),
            "previewed_by": user if getattr(user, "is_authenticated", False) else None,
        },
    )
