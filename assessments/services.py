"""Writes to agencies and assessments. Every caller (admin, commands, importers) goes through here."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from indicators.models import Framework
from ita_portal.lib.events import log_event
from ita_portal.lib.locking import claim_version
from ita_portal.lib.users import Person

from . import access
from .models import (
    Agency,
    Assessment,
    AssessmentReopening,
    IndicatorScore,
    Membership,
    OfficialToolPoints,
    ToolAnalysis,
)
from .selectors import issuer_for_agency

ERROR_OTHER_ISSUER = (
    "ปีงบประมาณ พ.ศ. {year} {agency} ใช้กรอบการประเมินของ{issuer} จึงสร้างผลการประเมินด้วยกรอบอื่นไม่ได้"
    " หากหน่วยงานเปลี่ยนผู้ออกเกณฑ์ ผู้ดูแลระบบแก้ได้ที่ “ผู้ออกเกณฑ์ของหน่วยงาน”"
)
ERROR_DUPLICATE = "หน่วยงานนี้มีผลการประเมินของปีงบประมาณ พ.ศ. {year} อยู่แล้ว"
ERROR_LOCKED = (
    "ผลการประเมินนี้เผยแพร่แล้ว จึงแก้ไขคะแนนและคำบรรยายไม่ได้ "
    "หากต้องแก้ไข ผู้บริหารของหน่วยงานต้องเปิดให้แก้ไขพร้อมระบุเหตุผลก่อน"
)
ERROR_REOPEN_REASON = "กรุณาระบุเหตุผลที่เปิดให้แก้ไข"
ERROR_NOT_PUBLISHED = "เปิดให้แก้ไขได้เฉพาะผลการประเมินที่เผยแพร่แล้ว"

logger = logging.getLogger(__name__)


def assessment_check_new(*, agency: Agency, framework: Framework) -> None:
    """May the agency have a new assessment under the framework? ValidationError (Thai) if not.

    The framework must be the one of the agency's issuer that year (selectors.framework_for_agency);
    an agency has one assessment a year.
    """
    year = framework.fiscal_year
    if Assessment.objects.filter(agency=agency, framework__fiscal_year=year).exists():
        raise ValidationError(ERROR_DUPLICATE.format(year=year))
    issuer = issuer_for_agency(agency, year)
    if framework.issuer_id != issuer.pk:
        raise ValidationError(
            ERROR_OTHER_ISSUER.format(agency=agency, year=year, issuer=issuer.name)
        )


@transaction.atomic
def assessment_create(*, agency: Agency, framework: Framework, **fields: Any) -> Assessment:
    """Create an assessment with one score row per indicator, narratives pre-filled from the framework."""
    assessment_check_new(agency=agency, framework=framework)
    assessment = Assessment(agency=agency, framework=framework, **fields)
    assessment.full_clean()
    assessment.save()
    assessment_add_missing_indicators(assessment=assessment)
    return assessment


def assessment_add_missing_indicators(*, assessment: Assessment) -> int:
    """Give the assessment a score row for every indicator of its framework it lacks."""
    have = set(assessment.scores.values_list("indicator_id", flat=True))
    rows = [
        IndicatorScore(
            assessment=assessment,
            indicator=indicator,
            narrative=indicator.description,
            assessment_issues="\n".join(i.text for i in indicator.standard_issues.all()),
        )
        for indicator in assessment.framework.indicators.prefetch_related("standard_issues")
        if indicator.pk not in have
    ]
    IndicatorScore.objects.bulk_create(rows)
    assessment_add_missing_tool_analyses(assessment=assessment)
    return len(rows)


def assessment_is_locked(assessment: Assessment) -> bool:
    """A published assessment is an official record: its data change only after a reopening."""
    return assessment.status == Assessment.Status.PUBLISHED


def assessment_assert_editable(assessment: Assessment) -> None:
    if assessment_is_locked(assessment):
        raise ValidationError(ERROR_LOCKED, code="locked")


@transaction.atomic
def assessment_reopen(*, assessment: Assessment, user: Person, reason: str) -> AssessmentReopening:
    """An approver opens a published assessment for corrections; the reason is kept."""
    if not access.can_approve(user, assessment.agency_id):
        raise PermissionDenied(access.ERROR_NOT_ALLOWED)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(ERROR_REOPEN_REASON)
    locked = Assessment.objects.select_for_update().get(pk=assessment.pk)
    if locked.status != Assessment.Status.PUBLISHED:
        raise ValidationError(ERROR_NOT_PUBLISHED)
    reopening = AssessmentReopening.objects.create(
        assessment=locked, reopened_by=user, reopened_at=timezone.now(), reason=reason
    )
    locked.status = Assessment.Status.REOPENED
    locked.save(update_fields=["status", "updated_at"])
    assessment.status = locked.status
    log_event(logger, "assessment.reopen", user=user, agency=locked.agency, obj=locked)
    return reopening


def assessment_add_missing_tool_analyses(*, assessment: Assessment) -> int:
    """Give the assessment an (empty) analysis row per tool of its framework, for staff to write."""
    have = set(assessment.tool_analyses.values_list("tool_id", flat=True))
    rows = [
        ToolAnalysis(assessment=assessment, tool=tool)
        for tool in assessment.framework.tools.all()
        if tool.pk not in have
    ]
    ToolAnalysis.objects.bulk_create(rows)
    return len(rows)


@transaction.atomic
def assessment_set_tool_interpretations(
    *, assessment: Assessment, texts: Mapping[str, str]
) -> None:
    """Set what staff wrote about each tool (by tool code); an empty text means "use the draft"."""
    assessment_add_missing_tool_analyses(assessment=assessment)
    rows = {a.tool.code: a for a in assessment.tool_analyses.select_related("tool")}
    unknown = set(texts) - set(rows)
    if unknown:
        raise ValidationError(f"ไม่มีเครื่องมือ {', '.join(sorted(unknown))} ในกรอบการประเมินปีนี้")
    for code, text in texts.items():
        row = rows[code]
        row.interpretation = text
        row.full_clean()
        row.save()
    assessment_touch(assessment=assessment)


def assessment_touch(*, assessment: Assessment) -> None:
    """Mark the assessment as changed and refresh its stored figures once the change commits.

    The write that makes figures stale refreshes them: a page that reads them writes nothing.
    """
    assessment.save(update_fields=["updated_at"])
    # Forms opened before this change are stale (optimistic locking).
    Assessment.objects.filter(pk=assessment.pk).update(lock_version=F("lock_version") + 1)
    assessment_figures_follow(assessment=assessment)


def assessment_figures_follow(*, assessment: Assessment) -> None:
    """Refresh the assessment's stored figures once the current transaction commits."""
    from .results.figures import figures_refresh

    pk = assessment.pk
    transaction.on_commit(lambda: figures_refresh(assessment_ids=[pk]))


@transaction.atomic
def assessment_claim_edit(*, assessment: Assessment, expected_version: int | None) -> None:
    """Claim the assessment for a save made from version expected_version of its form.

    Raises StaleEdit when someone saved since (nothing is written); run it inside the saving
    transaction, before the writes.
    """
    assessment.lock_version = claim_version(Assessment, pk=assessment.pk, expected=expected_version)


@transaction.atomic
def assessment_set_scores(
    *,
    assessment: Assessment,
    scores: Mapping[int, Decimal | None],
    texts: Mapping[int, Mapping[str, str]] | None = None,
) -> None:
    """Set indicator scores (by indicator number) and optionally their narrative and issue texts."""
    assessment_assert_editable(assessment)
    texts = texts or {}
    rows = {s.indicator.number: s for s in assessment.scores.select_related("indicator")}
    unknown = set(scores) - set(rows)
    if unknown:
        raise ValidationError(f"ไม่มีตัวชี้วัดที่ {', '.join(map(str, sorted(unknown)))} ในกรอบการประเมินปีนี้")
    for number, row in rows.items():
        if number in scores:
            row.score = scores[number]
        for field, value in texts.get(number, {}).items():
            setattr(row, field, value)
        row.full_clean()
        row.save()
    assessment_touch(assessment=assessment)


@transaction.atomic
def assessment_set_official_tool_points(
    *, assessment: Assessment, points: Mapping[str, Decimal]
) -> None:
    assessment_assert_editable(assessment)
    tools = {t.code: t for t in assessment.framework.tools.all()}
    for code, value in points.items():
        if code not in tools:
            raise ValidationError(f"ไม่มีเครื่องมือ {code} ในกรอบการประเมินปีนี้")
        row = OfficialToolPoints(assessment=assessment, tool=tools[code], points=value)
        row.clean_fields()
        OfficialToolPoints.objects.update_or_create(
            assessment=assessment, tool=tools[code], defaults={"points": value}
        )
    assessment_touch(assessment=assessment)


@transaction.atomic
def membership_grant(*, user: Person, agency: Agency, role: str) -> Membership:
    """Give a user a role in an agency; a member works in the admin, so is_staff is set."""
    membership, _ = Membership.objects.update_or_create(
        user=user, agency=agency, defaults={"role": role}
    )
    if not user.is_staff:
        user.is_staff = True
        user.save(update_fields=["is_staff"])
    return membership


def user_permission_grant(*, user: Person, permission: str) -> None:
    """Give a user one model permission ("app_label.codename"), e.g. the score import."""
    from django.contrib.auth.models import Permission

    app_label, codename = permission.split(".", 1)
    user.user_permissions.add(
        Permission.objects.get(content_type__app_label=app_label, codename=codename)
    )


def user_set_password(*, user: Person, password: str) -> None:
    user.set_password(password)
    user.save(update_fields=["password"])


def user_upsert(
    *, username: str, password: str, first_name: str = "", last_name: str = "", email: str = ""
) -> Any:
    """Create or update a login (used by load_demo); the password is always (re)set."""
    user_model = get_user_model()
    user, _ = user_model.objects.get_or_create(username=username)
    user.first_name, user.last_name, user.email = first_name, last_name, email
    user.is_active = True
    user.set_password(password)
    user.save()
    return user


def units_ensure(*, agency: Agency, names: Iterable[str]) -> None:
    for order, name in enumerate(names, start=1):
        agency.units.update_or_create(name=name, defaults={"order": order})
