"""Installs the reference issuers and frameworks (fixtures/frameworks.json) the database lacks.

Idempotent: an issuer or an (issuer, year) framework that exists is left as the administrators
edited it.
"""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction

from .models import DEFAULT_ISSUER_CODE

FRAMEWORKS_FILE = Path(settings.BASE_DIR) / "fixtures" / "frameworks.json"
DEFAULT_ISSUER = DEFAULT_ISSUER_CODE  # the issuer of a fixture framework that names none


def read_fixture(path: Path = FRAMEWORKS_FILE) -> dict[str, Any]:
    with path.open(encoding="utf-8") as handle:
        return json.load(handle)


def read_frameworks(path: Path = FRAMEWORKS_FILE) -> list[dict[str, Any]]:
    return read_fixture(path)["frameworks"]


def _dec(value: str | None) -> Decimal | None:
    return None if value is None else Decimal(value)


def _date(value: str | None) -> dt.date | None:
    return None if value is None else dt.date.fromisoformat(value)


def install_framework(models: Any, data: dict[str, Any]) -> Any:
    """Create one framework and its parts from fixture data; models gives the model classes."""
    framework = models.Framework.objects.create(
        **_issuer_field(models, data),
        fiscal_year=data["fiscal_year"],
        name=data["name"],
        description=data.get("description", ""),
        strength_threshold=Decimal(data["strength_threshold"]),
        pass_mark=Decimal(data["pass_mark"]),
        items_note=data.get("items_note", ""),
        oit_due_date=_date(data.get("oit_due_date")),
    )
    tools = {
        t["code"]: models.Tool.objects.create(
            framework=framework,
            code=t["code"],
            name=t["name"],
            weight=Decimal(t["weight"]),
            order=t["order"],
        )
        for t in data["tools"]
    }
    for item in data["indicators"]:
        indicator = models.Indicator.objects.create(
            framework=framework,
            tool=tools[item["tool"]],
            number=item["number"],
            name=item["name"],
            name_en=item.get("name_en", ""),
            description=item.get("description", ""),
        )
        models.StandardIssue.objects.bulk_create(
            models.StandardIssue(indicator=indicator, text=text, order=i)
            for i, text in enumerate(item.get("standard_issues", []), start=1)
        )
        _install_sub_indicators(models, framework, indicator, item.get("sub_indicators", []))
    _install_bands_and_levels(models, framework, data)
    return framework


def _install_bands_and_levels(models: Any, framework: Any, data: dict[str, Any]) -> None:
    """The grade bands and the result levels of one framework from fixture data."""
    models.GradeBand.objects.bulk_create(
        models.GradeBand(
            framework=framework,
            code=b["code"],
            label=b.get("label", ""),
            label_en=b.get("label_en", ""),
            lower=Decimal(b["lower"]),
            upper=Decimal(b["upper"]),
            passed=b["passed"],
            color=b.get("color", "#777777"),
        )
        for b in data["bands"]
    )
    models.ResultLevel.objects.bulk_create(
        models.ResultLevel(
            framework=framework,
            code=level["code"],
            name=level["name"],
            min_total=Decimal(level["min_total"]),
            min_each_tool=_dec(level.get("min_each_tool")),
            **_level_indicator_minimum(models.ResultLevel, level),
            order=level.get("order", 0),
        )
        for level in data.get("levels", [])
    )


def _install_sub_indicators(
    models: Any, framework: Any, indicator: Any, subs: list[dict[str, Any]]
) -> None:
    """Sub-indicators and their O-items; items are numbered in one running order per year."""
    order = models.OITItem.objects.filter(framework=framework).count()
    for position, data in enumerate(subs, start=1):
        sub = models.SubIndicator.objects.create(
            indicator=indicator, code=data["code"], name=data["name"], order=position
        )
        items = []
        for item in data.get("items", []):
            order += 1
            items.append(
                models.OITItem(
                    framework=framework,
                    sub_indicator=sub,
                    code=item["code"],
                    name=item["name"],
                    requirements=item.get("requirements", ""),
                    source=item.get("source", ""),
                    retired=item.get("retired", False),
                    order=order,
                    **_role_fields(models.OITItem, item),
                )
            )
        models.OITItem.objects.bulk_create(items)


def _has_field(model: Any, name: str) -> bool:
    return any(f.name == name for f in model._meta.get_fields())


def _role_fields(model: Any, item: dict[str, Any]) -> dict[str, Any]:
    """The item's role, criteria and evidence rule, as the model state holds them.

    indicators 0008 on: the fields themselves; 0007 only: the follow-up flag the role replaced.
    """
    role = item.get("role", "")
    if _has_field(model, "role"):
        fields = {
            "role": role,
            "criteria": item.get("criteria", ""),
            "evidence_rule": item.get("evidence_rule", ""),
        }
    else:
        fields = {}
    if _has_field(model, "holds_follow_up_report"):
        fields["holds_follow_up_report"] = role == "follow_up"
    return fields


def _level_indicator_minimum(model: Any, level: dict[str, Any]) -> dict[str, Any]:
    """The level's minimum for every indicator, for a model state that has it (0013 on)."""
    if not _has_field(model, "min_each_indicator"):
        return {}
    return {"min_each_indicator": _dec(level.get("min_each_indicator"))}


def _issuer_field(models: Any, data: dict[str, Any]) -> dict[str, Any]:
    """The framework's issuer, for a model state that has issuers (indicators 0008 on)."""
    if models.Issuer is None:
        return {}
    return {"issuer": models.Issuer.objects.get(code=data.get("issuer", DEFAULT_ISSUER))}


def _install_missing_issuers(models: Any, issuers: list[dict[str, Any]]) -> None:
    for data in issuers:
        models.Issuer.objects.get_or_create(
            code=data["code"],
            defaults={"name": data["name"], "short_name": data.get("short_name", "")},
        )


def _existing_keys(models: Any) -> set[tuple[str, int]]:
    """(issuer code, fiscal year) of the frameworks installed (all the NACC's before issuers)."""
    if models.Issuer is None:
        years = models.Framework.objects.values_list("fiscal_year", flat=True)
        return {(DEFAULT_ISSUER, year) for year in years}
    return set(models.Framework.objects.values_list("issuer__code", "fiscal_year"))


class _ModelsFromApps:
    """Model classes looked up in an app registry (the migration state's, or the real one)."""

    def __init__(self, apps: Any):
        try:  # states before indicators 0008 have no issuers
            self.Issuer = apps.get_model("indicators", "Issuer")
        except LookupError:
            self.Issuer = None
        for name in (
            "Framework",
            "Tool",
            "Indicator",
            "StandardIssue",
            "SubIndicator",
            "OITItem",
            "GradeBand",
            "ResultLevel",
        ):
            setattr(self, name, apps.get_model("indicators", name))


def load_missing_frameworks(apps: Any, path: Path = FRAMEWORKS_FILE) -> list[tuple[str, int]]:
    """Install every fixture issuer and framework the database lacks; return (issuer, year) installed."""
    models: Any = _ModelsFromApps(apps)
    fixture = read_fixture(path)
    installed = []
    with transaction.atomic():
        if models.Issuer is not None:
            _install_missing_issuers(models, fixture.get("issuers", []))
        existing = _existing_keys(models)
        for data in fixture["frameworks"]:
            key = (data.get("issuer", DEFAULT_ISSUER), data["fiscal_year"])
            if key in existing:
                continue
            if models.Issuer is None and key[0] != DEFAULT_ISSUER:
                continue  # an older schema holds only the NACC's years
            install_framework(models, data)
            installed.append(key)
    return installed


def load_frameworks_after_migrate(
    sender: Any, apps: Any = None, using: str = "default", **kwargs: Any
) -> None:
    if apps is None:
        from django.apps import apps as global_apps

        apps = global_apps
    try:
        apps.get_model("indicators", "OITItem")
    except LookupError:  # migrated backwards past the tables this loader fills
        return
    from auditlog.context import disable_auditlog

    # Reference data installed by migrate is nobody's edit: it stays out of the audit history.
    with disable_auditlog():
        load_missing_frameworks(apps)
