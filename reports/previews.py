"""Remember that staff looked at the report before publishing (the workspace's "previewed" step)."""

from __future__ import annotations

from django.utils import timezone

from assessments.models import Assessment
from ita_portal.lib.users import Person

from .models import ReportPreview


def report_preview_record(*, assessment: Assessment, user: Person) -> None:
    """One row per assessment, moved forward at each preview (one UPDATE or INSERT)."""
    ReportPreview.objects.update_or_create(
        assessment=assessment,
        defaults={
            "previewed_at": timezone.now(),
            "previewed_by": user,
        },
    )
