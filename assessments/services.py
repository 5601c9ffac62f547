"""Writes to agencies and assessments. Every caller (admin, commands, importers) goes through here."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction

from indicators.models import Framework

from .models import Agency, Assessment, IndicatorScore, Membership, OfficialToolPoints

ERROR_NO_FRAMEWORK = "ยังไม่มีกรอบการประเมินของปีงบประมาณ พ.ศ. {year}"
ERROR_DUPLICATE = "หน่วยงานนี้มีผลการประเมินของปีงบประมาณ พ.ศ. {year} อยู่แล้ว"


def framework_for_year(fiscal_year: int) -> Framework:
    try:
        return Framework.objects.get(fiscal_year=fiscal_year)
    except Framework.DoesNotExist as exc:
        raise ValidationError(ERROR_NO_FRAMEWORK.format(year=fiscal_year)) from exc


@transaction.atomic
def assessment_create(*, agency: Agency, framework: Framework, **fields: Any) -> Assessment:
    """Create an assessment with one score row per indicator, narratives pre-filled from the framework."""
    if Assessment.objects.filter(agency=agency, framework=framework).exists():
        raise ValidationError(ERROR_DUPLICATE.format(year=framework.fiscal_year))
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
    return len(rows)


def assessment_touch(*, assessment: Assessment) -> None:
    """Mark the assessment as changed: stored figures (rankings, open data) older than this refresh."""
    assessment.save(update_fields=["updated_at"])


@transaction.atomic
def assessment_set_scores(
    *,
    assessment: Assessment,
    scores: Mapping[int, Decimal | None],
    texts: Mapping[int, Mapping[str, str]] | None = None,
) -> None:
    """Set indicator scores (by indicator number) and optionally their narrative and issue texts."""
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
def membership_grant(*, user: Any, agency: Agency, role: str) -> Membership:
    """Give a user a role in an agency; a member works in the admin, so is_staff is set."""
    membership, _ = Membership.objects.update_or_create(
        user=user, agency=agency, defaults={"role": role}
    )
    if not user.is_staff:
        user.is_staff = True
        user.save(update_fields=["is_staff"])
    return membership


def user_permission_grant(*, user: Any, permission: str) -> None:
    """Give a user one model permission ("app_label.codename"), e.g. the score import."""
    from django.contrib.auth.models import Permission

    app_label, codename = permission.split(".", 1)
    user.user_permissions.add(
        Permission.objects.get(content_type__app_label=app_label, codename=codename)
    )


def user_set_password(*, user: Any, password: str) -> None:
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
