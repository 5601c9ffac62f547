"""The seed's committee order ๑๓๓/๒๕๖๓ with its 16 members, and the meeting news of ๑๐ ก.ค. ๒๕๖๓.

Data lives in fixtures/demo/pathumthani-2-committee.json (names spelled once: the seed's
variants are unified there). Idempotent: the order and meeting are updated in place.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

from django.conf import settings

from assessments.demo import DemoContext

from . import services

COMMITTEE_FILE = Path(settings.BASE_DIR) / "fixtures" / "demo" / "pathumthani-2-committee.json"


def read_committee(path: Path = COMMITTEE_FILE) -> dict[str, Any]:
    with path.open(encoding="utf-8") as handle:
        return json.load(handle)


def load(context: DemoContext) -> None:
    data = read_committee()
    agency = context.agencies[data["agency"]]
    assessment = context.assessments[data["agency"]]
    user = context.users["demo-staff"]
    services.committee_roles_ensure(names=data["roles"])

    spec = data["order"]
    order = services.committee_order_upsert(
        user=user,
        agency=agency,
        number=spec["number"],
        year=spec["year"],
        assessment=assessment,
        members=[services.MemberSpec(**m) for m in spec["members"]],
        subject=spec["subject"],
        preamble=spec["preamble"],
        duties=spec["duties"],
        closing=spec["closing"],
        effective_date=dt.date.fromisoformat(spec["effective_date"]),
        signed_date=dt.date.fromisoformat(spec["signed_date"]),
        signer_name=spec["signer_name"],
        signer_title=spec["signer_title"],
    )
    for meeting in data["meetings"]:
        services.meeting_upsert(
            user=user,
            agency=agency,
            committee=order,
            title=meeting["title"],
            date=dt.date.fromisoformat(meeting["date"]),
            place=meeting["place"],
            chair=meeting["chair"],
            summary=meeting["summary"],
            author=meeting["author"],
            source=meeting["source"],
        )
