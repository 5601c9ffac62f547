"""Demo data of the seed agency (สพป.ปทุมธานี เขต ๒, ๒๕๖๒), a second agency, the seed's synthetic
schools (its units in the hierarchy, for the supervisor's console) and the demo users.

load_demo runs the `demo` module of every app in INSTALLED_APPS order; each has load(context).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.conf import settings

from indicators.models import Framework, Issuer

from . import hierarchy, selectors, services
from .models import Agency, AgencyIssuer, Assessment, Cohort, EarlierResult, Role

DEMO_FILE = Path(settings.BASE_DIR) / "fixtures" / "demo" / "pathumthani-2.json"
SCHOOLS_FILE = Path(settings.BASE_DIR) / "fixtures" / "demo" / "pathumthani-2-schools.json"
SEED_AGENCY_CODE = "pathumthani-2"
OTHER_AGENCY_CODE = "demo-other"
# How far each demo school got (fixtures/demo/pathumthani-2-schools.json "stage").
STAGE_NO_SCORES, STAGE_SCORES = "no-scores", "scores"
STAGE_PLAN_SUBMITTED, STAGE_PUBLISHED = "plan-submitted", "published"
ANALYSED_STAGES = frozenset({STAGE_PLAN_SUBMITTED, STAGE_PUBLISHED})
NOTE_DEMO = "ข้อมูลตัวอย่าง"


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
    # Follows the seed ESA's schools (read-only); has no role in the ESA's own work.
    "demo-supervisor": DemoUser(SEED_AGENCY_CODE, Role.SUPERVISOR, "ผู้กำกับติดตาม", "ตัวอย่าง"),
}
# The people of every demo school (agency_code unused: they hold the role in each school).
DEMO_SCHOOL_USERS = {
    "demo-school-staff": DemoUser("", Role.STAFF, "เจ้าหน้าที่โรงเรียน", "ตัวอย่าง"),
    "demo-school-approver": DemoUser("", Role.APPROVER, "ผู้อำนวยการโรงเรียน", "ตัวอย่าง"),
}
ALL_DEMO_USERNAMES = (*DEMO_USERS, *DEMO_SCHOOL_USERS)
PERMISSION_LABELS = {IMPORT_PERMISSION: "นำเข้าคะแนนจากแฟ้มได้"}


@dataclass
class DemoContext:
    """What one app's demo loader hands to the next: the agencies, assessments and users made."""

    password: str
    data: dict[str, Any] = field(default_factory=dict)
    agencies: dict[str, Agency] = field(default_factory=dict)
    assessments: dict[str, Assessment] = field(default_factory=dict)
    users: dict[str, Any] = field(default_factory=dict)
    # Demo school code → its stage (STAGE_…); the plans and the publication follow in later apps.
    schools: dict[str, str] = field(default_factory=dict)
    # The seed's schools (load_schools) and the published school's report (a PDF render): both
    # made by load_demo; the tests' `demo` fixture leaves them out (fixtures demo_schools and
    # demo_published add them), so that the tests of one agency count only what they made.
    with_schools: bool = True
    publish_reports: bool = True


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
        user = _demo_user(context, username, spec)
        services.membership_grant(user=user, agency=agencies[spec.agency_code], role=spec.role)

    context.agencies.update({SEED_AGENCY_CODE: seed, OTHER_AGENCY_CODE: other})
    context.assessments.update({SEED_AGENCY_CODE: assessment, OTHER_AGENCY_CODE: other_assessment})
    if context.with_schools:
        load_schools(context, seed)


def _demo_user(context: DemoContext, username: str, spec: DemoUser) -> Any:
    user = services.user_upsert(
        username=username,
        password=context.password,
        first_name=spec.first_name,
        last_name=spec.last_name,
        email=f"{username}@example.invalid",
    )
    for permission in spec.permissions:
        services.user_permission_grant(user=user, permission=permission)
    context.users[username] = user
    return user


def load_schools(context: DemoContext, parent: Agency) -> None:
    """The seed ESA's synthetic schools, each at its stage: scores and analysis here, the plan
    and the published report in actionplans' and reports' demo modules."""
    data = read_demo(SCHOOLS_FILE)
    context.data["schools"] = data
    year = data["fiscal_year"]
    people = {name: _demo_user(context, name, spec) for name, spec in DEMO_SCHOOL_USERS.items()}
    for spec in data["schools"]:
        school = _school(spec, parent, data["kind"])
        _school_issuer(school, data["issuer"], year)
        for username, person in people.items():
            role = DEMO_SCHOOL_USERS[username].role
            services.membership_grant(user=person, agency=school, role=role)
        EarlierResult.objects.update_or_create(
            agency=school, fiscal_year=year - 1, defaults={"total": Decimal(spec["earlier_total"])}
        )
        assessment = _assessment(school, year, {})
        if not services.assessment_is_locked(assessment):  # published: its figures are frozen
            analysed = spec["stage"] in ANALYSED_STAGES
            _school_results(assessment, spec["scores"], data if analysed else {})
        context.agencies[school.code] = school
        context.assessments[school.code] = assessment
        context.schools[school.code] = spec["stage"]


def _school(spec: dict[str, Any], parent: Agency, kind: str) -> Agency:
    fields = {"name": spec["name"], "short_name": spec["short_name"], "kind": kind}
    school = Agency.objects.filter(code=spec["code"]).first()
    if school is None:
        return Agency.objects.create(code=spec["code"], parent=parent, **fields)
    for name, value in fields.items():
        setattr(school, name, value)
    school.save()
    hierarchy.agency_move(agency=school, new_parent=parent, user=None, note=NOTE_DEMO)
    return school


def _school_issuer(school: Agency, issuer_code: str, year: int) -> None:
    """The schools' own issuer where it has a framework for the demo year; else the NACC's."""
    if Framework.objects.filter(issuer__code=issuer_code, fiscal_year=year).exists():
        AgencyIssuer.objects.update_or_create(
            agency=school,
            from_fiscal_year=year,
            defaults={"issuer": Issuer.objects.get(code=issuer_code), "note": NOTE_DEMO},
        )


def _school_results(assessment: Assessment, scores: dict[str, str], data: dict[str, Any]) -> None:
    """The school's scores (none for a school that has not entered them) and, from data when
    given, its analysis: the tools' texts and the issues its plan answers."""
    numbers = assessment.scores.values_list("indicator__number", flat=True)
    plan_items = data.get("plan", {}).get("items", [])
    issues = {item["indicator"]: "\n".join(item["issues"]) for item in plan_items}
    development = data.get("development_issues", {})
    services.assessment_set_scores(
        assessment=assessment,
        scores={n: Decimal(scores[str(n)]) if str(n) in scores else None for n in numbers},
        texts={
            n: {
                "assessment_issues": issues.get(n, ""),
                "development_issues": development.get(str(n), ""),
            }
            for n in numbers
        },
    )
    # An analysed school's report can be published: its foreword is written (a publish refuses
    # an empty one, reports.publishing.missing_required_texts).
    assessment.foreword = data.get("foreword", "")
    assessment.save(update_fields=["foreword"])
    analysis = data.get("analysis", {})
    tools = assessment.tool_analyses.values_list("tool__code", flat=True)
    services.assessment_set_tool_interpretations(
        assessment=assessment, texts={code: analysis.get(code, "") for code in tools}
    )


def demo_loaded() -> bool:
    """Whether load_demo already ran here: the seed agency and every demo user exist."""
    from django.contrib.auth import get_user_model

    users = get_user_model().objects.filter(username__in=ALL_DEMO_USERNAMES).count()
    return (
        users == len(ALL_DEMO_USERNAMES) and Agency.objects.filter(code=SEED_AGENCY_CODE).exists()
    )


def demo_user_roles() -> dict[str, list[str]]:
    """Username → what each demo user may do, read back from the database."""
    from django.contrib.auth import get_user_model

    found = get_user_model().objects.filter(username__in=ALL_DEMO_USERNAMES)
    users = {u.username: u for u in found}
    return {
        username: [
            f"{m.get_role_display()} ใน {m.agency.display_short_name}"
            for m in user.memberships.select_related("agency").order_by("agency__name")
        ]
        + [label for permission, label in PERMISSION_LABELS.items() if user.has_perm(permission)]
        for username in ALL_DEMO_USERNAMES
        if (user := users.get(username)) is not None
    }
