"""Writes to frameworks."""

from __future__ import annotations

import logging
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from ita_portal.lib.events import log_event

from .models import Framework, GradeBand, Indicator, ResultLevel, StandardIssue, SubIndicator, Tool
from .signals import framework_changed

logger = logging.getLogger(__name__)

ERROR_YEAR_EXISTS = "มีกรอบการประเมินของปีงบประมาณ พ.ศ. {year} อยู่แล้ว"


@transaction.atomic
def framework_copy(
    *, source: Framework, fiscal_year: int, name: str | None = None, user: Any = None
) -> Framework:
    """Copy a year's framework (tools, indicators, issues, sub-indicators, bands, levels) to a new year."""
    if Framework.objects.filter(fiscal_year=fiscal_year).exists():
        raise ValidationError({"fiscal_year": ERROR_YEAR_EXISTS.format(year=fiscal_year)})
    new_name = name or source.name.replace(str(source.fiscal_year), str(fiscal_year))
    target = Framework(
        fiscal_year=fiscal_year,
        name=new_name,
        description=source.description,
        strength_threshold=source.strength_threshold,
        pass_mark=source.pass_mark,
        copied_from=source,
    )
    target.full_clean()
    target.save()
    tools = {}
    for tool in source.tools.all():
        tools[tool.pk] = Tool.objects.create(
            framework=target, code=tool.code, name=tool.name, weight=tool.weight, order=tool.order
        )
    for indicator in source.indicators.prefetch_related("standard_issues", "sub_indicators"):
        copy = Indicator.objects.create(
            framework=target,
            tool=tools[indicator.tool_id],
            number=indicator.number,
            name=indicator.name,
            name_en=indicator.name_en,
            description=indicator.description,
        )
        StandardIssue.objects.bulk_create(
            StandardIssue(indicator=copy, text=i.text, order=i.order)
            for i in indicator.standard_issues.all()
        )
        SubIndicator.objects.bulk_create(
            SubIndicator(indicator=copy, code=s.code, name=s.name, items=s.items, order=s.order)
            for s in indicator.sub_indicators.all()
        )
    GradeBand.objects.bulk_create(
        GradeBand(
            framework=target,
            code=b.code,
            label=b.label,
            label_en=b.label_en,
            lower=b.lower,
            upper=b.upper,
            passed=b.passed,
            color=b.color,
        )
        for b in source.bands.all()
    )
    ResultLevel.objects.bulk_create(
        ResultLevel(
            framework=target,
            code=level.code,
            name=level.name,
            min_total=level.min_total,
            min_each_tool=level.min_each_tool,
            order=level.order,
        )
        for level in source.levels.all()
    )
    log_event(logger, "framework.copy", user=user, obj=target, source=source.fiscal_year)
    return target


def framework_mark_assessments_changed(*, framework: Framework, user: Any = None) -> int:
    """After an edit of a year's rules, mark that year's assessments changed so stored figures refresh."""
    count = framework.assessments.update(updated_at=timezone.now())
    framework_changed.send(sender=Framework, framework=framework)
    log_event(logger, "framework.edit", user=user, obj=framework, assessments_marked=count)
    return count
