"""Demo data of the seed agency (สพป.ปทุมธานี เขต ๒, ๒๕๖๒), a second agency and the demo users.

load_demo runs the `demo` module of every app in INSTALLED_APPS order; each has load(context).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.conf import settings

from . import selectors, services
from .models import Agency, Assessment, Cohort, EarlierResult, Role

DEMO_FILE = Path(settings.BASE_DIR) / "fixtures" / "demo" / "pathumthani-2.json"
SEED_AGENCY_CODE = "pathumthani-2"
OTHER_AGENCY_CODE = "demo-other"


@dataclass(frozen=True)
class DemoUser:
    agency_code: str
    role: str
    first_name: str
    last_name: str
    permissions: tuple[str, ...] = ()


IMPORT_PERMISSION = "assessments.import_scoresheet"
DEMO_USERS = {
    "demo-staff": DemoUser(SEED_AGENCY_CODE, Role.STAFF, "เจ้าหน้าที่", "ตัวอย่าง"),
    # The approver may also import score files (only for the agencies where it has a role).
    "demo-approver": DemoUser(
        SEED_AGENCY_CODE, Role.APPROVER, "ผู้บริหาร", "ตัวอย่าง", (IMPORT_PERMISSION,)
    ),
    "demo-other": DemoUser(OTHER_AGENCY_CODE, Role.STAFF, "เจ้าหน้าที่", "หน่วยงานอื่น"),
}
PERMISSION_LABELS = {IMPORT_PERMISSION: "นำเข้าคะแนนจากแฟ้มได้"}


@dataclass
class DemoContext:
    """What one app's demo loader hands to the next: the agencies, assessments and users made."""

    password: str
    data: dict[str, Any] = field(default_factory=dict)
    agencies: dict[str, Agency] = field(default_factory=dict)
    assessments: dict[str, Assessment] = field(default_factory=dict)
    users: dict[str, Any] = field(default_factory=dict)


def read_demo(path: Path = DEMO_FILE) -> dict[str, Any]:
    with path.open(encoding="utf-8") as handle:
        return json.load(handle)


def _agency(data: dict[str, Any], cohort: Cohort) -> Agency:
    fields = {
        k: v
        for k, v in data.items()
        if k in {"name", "short_name", "kind", "address", "head_name", "head_title"}
    }
    agency, _ = Agency.objects.update_or_create(
        code=data["code"], defaults={**fields, "cohort": cohort}
    )
    return agency


def _assessment(agency: Agency, year: int, fields: dict[str, Any]) -> Assessment:
    framework = selectors.framework_for_agency(agency, year)
    assessment = Assessment.objects.filter(agency=agency, framework=framework).first()
    if assessment is None:
        return services.assessment_create(agency=agency, framework=framework, **fields)
    for name, value in fields.items():
        setattr(assessment, name, value)
    assessment.full_clean()
    assessment.save()
    services.assessment_add_missing_indicators(assessment=assessment)
    return assessment


def _seed_figures_and_texts(assessment: Assessment, spec: dict[str, Any]) -> None:
    """The seed's scores with their texts, its official tool points and tool analyses."""
    services.assessment_set_scores(
        assessment=assessment,
        scores={row["number"]: Decimal(row["score"]) for row in spec["scores"]},
        texts={
            row["number"]: {
                "narrative": row["narrative"],
                **(
                    {"assessment_issues": "\n".join(row["assessment_issues"])}
                    if row["assessment_issues"]
                    else {}
                ),
                "development_issues": "\n".join(row["development_issues"]),
            }
            for row in spec["scores"]
        },
    )
    services.assessment_set_official_tool_points(
        assessment=assessment,
        points={k: Decimal(v) for k, v in spec["official_tool_points"].items()},
    )
    services.assessment_set_tool_interpretations(
        assessment=assessment, texts=spec.get("tool_interpretations", {})
    )


def load(context: DemoContext) -> None:
    data = read_demo()
    context.data = data
    cohort, _ = Cohort.objects.update_or_create(
        code=data["cohort"]["code"], defaults={"name": data["cohort"]["name"]}
    )

    seed = _agency(data["agency"], cohort)
    services.units_ensure(agency=seed, names=data["units"])
    for row in data["earlier_results"]:
        EarlierResult.objects.update_or_create(
            agency=seed, fiscal_year=row["fiscal_year"], defaults={"total": Decimal(row["total"])}
        )
    spec = data["assessment"]
    assessment = _assessment(
        seed,
        spec["fiscal_year"],
        {
            "official_total": Decimal(spec["official_total"]),
            "official_rank": spec["official_rank"],
            "cohort_size": spec["cohort_size"],
            "cohort_average": Decimal(spec["cohort_average"]),
            "foreword": spec["foreword"],
            "introduction": spec["introduction"],
        },
    )
    _seed_figures_and_texts(assessment, spec)

    other_spec = data["other_agency"]
    other = _agency({k: v for k, v in other_spec.items() if k != "scores"}, cohort)
    services.units_ensure(agency=other, names=["กลุ่มอำนวยการ", "กลุ่มนโยบายและแผน"])
    other_assessment = _assessment(other, spec["fiscal_year"], {"cohort_size": spec["cohort_size"]})
    services.assessment_set_scores(
        assessment=other_assessment,
        scores={int(n): Decimal(v) for n, v in other_spec["scores"].items()},
    )

    agencies = {SEED_AGENCY_CODE: seed, OTHER_AGENCY_CODE: other}
    for username, spec in DEMO_USERS.items():
        user = services.user_upsert(
            username=username,
            password=context.password,
            first_name=spec.first_name,
            last_name=spec.last_name,
            email=f"{username}@example.invalid",
        )
        services.membership_grant(user=user, agency=agencies[spec.agency_code], role=spec.role)
        for permission in spec.permissions:
            services.user_permission_grant(user=user, permission=permission)
        context.users[username] = user

    context.agencies.update({SEED_AGENCY_CODE: seed, OTHER_AGENCY_CODE: other})
    context.assessments.update({SEED_AGENCY_CODE: assessment, OTHER_AGENCY_CODE: other_assessment})


def demo_loaded() -> bool:
    """Whether load_demo already ran here: the seed agency and every demo user exist."""
    from django.contrib.auth import get_user_model

    users = get_user_model().objects.filter(username__in=DEMO_USERS).count()
    return users == len(DEMO_USERS) and Agency.objects.filter(code=SEED_AGENCY_CODE).exists()


def demo_user_roles() -> dict[str, list[str]]:
    """Username → what each demo user may do, read back from the database."""
    from django.contrib.auth import get_user_model

    users = {u.username: u for u in get_user_model().objects.filter(username__in=DEMO_USERS)}
    return {
        username: [
            f"{m.get_role_display()} ใน {m.agency.display_short_name}"
            for m in user.memberships.select_related("agency").order_by("agency__name")
        ]
        + [label for permission, label in PERMISSION_LABELS.items() if user.has_perm(permission)]
        for username in DEMO_USERS
        if (user := users.get(username)) is not None
    }
