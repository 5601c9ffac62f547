"""Published results of one year under two issuers: the NACC's offices and OVEC's colleges."""

from __future__ import annotations

import csv
import io

from assessments.imports.score_import import scores_import_file
from assessments.models import Agency, AgencyIssuer, Assessment, Cohort
from indicators.models import Issuer
from tests.publishing_helpers import publish_results

YEAR = 2569
COLLEGES = 30
HEADER = ["agency_code", "agency_name", "fiscal_year", *[f"i{n}" for n in range(1, 11)]]


def import_and_publish(rows: list[tuple[str, str, str]], cohort: str | None = None) -> None:
    """Agencies whose ten indicators all equal one value; each follows its issuer of the year."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([*HEADER, "cohort"] if cohort else HEADER)
    for code, name, value in rows:
        writer.writerow([code, name, str(YEAR), *[value] * 10, *([cohort] if cohort else [])])
    report = scores_import_file(
        data=buffer.getvalue().encode(), filename="scores.csv", create_agencies=True
    )
    assert report.applied, report.summary
    publish_results(Assessment.objects.filter(agency__code__in=[code for code, _, _ in rows]))


def publish_two_issuers() -> None:
    """NACC ๒๕๖๙: 3 offices published (cohort "offices"); OVEC ๒๕๖๙: 30 colleges ("colleges")."""
    import_and_publish(
        [(f"office-{n}", f"สำนักงาน {n}", f"{80 + n}.00") for n in range(3)], cohort="offices"
    )
    colleges = Cohort.objects.create(code="colleges", name="วิทยาลัยสังกัด สอศ.")
    ovec = Issuer.objects.get(code="ovec")
    for n in range(COLLEGES):
        college = Agency.objects.create(
            code=f"college-{n:02d}", name=f"วิทยาลัยเทคนิค {n:02d}", cohort=colleges
        )
        AgencyIssuer.objects.create(agency=college, issuer=ovec, from_fiscal_year=YEAR)
    import_and_publish(
        [(f"college-{n:02d}", f"วิทยาลัยเทคนิค {n:02d}", "90.00") for n in range(COLLEGES)]
    )
    assert Assessment.objects.filter(framework__issuer=ovec).count() == COLLEGES
