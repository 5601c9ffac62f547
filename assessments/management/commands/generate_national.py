"""manage.py generate_national --agencies 8317 --years 2562-2568 [--seed N]: synthetic country.

--obec-esas 245 --schools-per-esa 30 adds a supervised tree (OBEC → ESAs → schools) with results,
for the supervisor's console at scale (bench/bench_supervision.py).
"""

from __future__ import annotations

import re
import time
from collections import defaultdict
from typing import Any

from django.core.management.base import CommandError
from django.db import connection, transaction
from django.utils import timezone

from assessments import hierarchy, synthetic
from assessments.models import (
    Agency,
    Assessment,
    Cohort,
    IndicatorScore,
    PublishedFigures,
    PublishedScore,
    ResultFigures,
)
from assessments.results.figures import figures_refresh
from assessments.results.published import published_figures_freeze_many
from indicators.models import DEFAULT_ISSUER_CODE, Framework
from indicators.scoring import competition_ranks
from indicators.selectors import framework_for, framework_rules
from ita_portal.lib.arguments import PortalCommand, bounded_int

BATCH_SIZE = 2000
YEAR = re.compile(r"[0-9]{4}")
# Far above the country's ~8,000 agencies and OBEC's 245 ESAs: a typo, not a load test.
MAX_AGENCIES = 1_000_000
MAX_ESAS = 1_000
MAX_SCHOOLS_PER_ESA = 1_000
ERROR_YEARS = "ช่วงปีต้องเขียนเป็น 2562-2568 หรือ 2562"
ERROR_NO_FRAMEWORK = "ยังไม่มีกรอบการประเมินของปีงบประมาณ พ.ศ. {year}"


def parse_years(text: str) -> list[int]:
    parts = text.split("-")
    # A year is four digits (พ.ศ.): "2562-9999999999" would be a range of billions of years.
    if not 1 <= len(parts) <= 2 or not all(YEAR.fullmatch(p.strip()) for p in parts):
        raise CommandError(ERROR_YEARS)
    first, last = int(parts[0]), int(parts[-1])
    if last < first:
        raise CommandError(ERROR_YEARS)
    return list(range(first, last + 1))


class Command(PortalCommand):
    help = "สร้างหน่วยงานและผลคะแนนสังเคราะห์ระดับประเทศ (กำหนดผลได้ด้วย --seed) สำหรับทดสอบภาระงาน"

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--agencies", type=bounded_int(0, MAX_AGENCIES), default=synthetic.NATIONAL_TOTAL
        )
        parser.add_argument("--years", default="2562-2568")
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument(
            "--status",
            choices=[s.value for s in Assessment.Status],
            default=Assessment.Status.PUBLISHED,
            help="สถานะของผลการประเมินที่สร้าง",
        )
        parser.add_argument(
            "--obec-esas",
            type=bounded_int(0, MAX_ESAS),
            default=0,
            help="จำนวน สพท. ใต้ สพฐ. สังเคราะห์ (0: ไม่สร้าง)",
        )
        parser.add_argument(
            "--schools-per-esa", type=bounded_int(0, MAX_SCHOOLS_PER_ESA), default=30
        )

    def handle(self, *args: Any, **options: Any) -> None:
        years = parse_years(options["years"])
        # Synthetic national agencies have no issuer history: they follow the NACC.
        frameworks: dict[int, Framework] = {}
        for year in years:
            framework = framework_for(DEFAULT_ISSUER_CODE, year)
            if framework is None:
                raise CommandError(ERROR_NO_FRAMEWORK.format(year=year))
            frameworks[year] = framework
        seed = options["seed"]
        started = time.perf_counter()
        people = list(synthetic.agencies(options["agencies"], seed))
        tree = list(synthetic.obec_tree(options["obec_esas"], options["schools_per_esa"], seed))
        if options["obec_esas"] > 0:
            people += [member.agency for member in tree]
        parents = {m.agency.code: m.parent_code for m in tree if m.parent_code}
        agency_ids = self._ensure_agencies(people, parents)
        for year in years:
            created = self._year(frameworks[year], people, agency_ids, seed, options["status"])
            self.stdout.write(f"ปี {year}: สร้างผลการประเมิน {created} รายการ")
        if connection.vendor == "postgresql":
            # Fresh planner statistics after a bulk load; autovacuum would get there later.
            with connection.cursor() as cursor:
                for model in (
                    Agency,
                    Assessment,
                    IndicatorScore,
                    ResultFigures,
                    PublishedFigures,
                    PublishedScore,
                ):
                    cursor.execute(f'ANALYZE "{model._meta.db_table}"')
        self.stdout.write(
            f"เสร็จใน {time.perf_counter() - started:.1f} วินาที ({len(people)} หน่วยงาน)"
        )

    @transaction.atomic
    def _ensure_agencies(
        self, people: list[synthetic.SyntheticAgency], parents: dict[str, str]
    ) -> dict[str, int]:
        cohorts = {}
        for spec in {p.cohort.code: p.cohort for p in people}.values():
            cohorts[spec.code], _ = Cohort.objects.get_or_create(
                code=spec.code, defaults={"name": spec.name}
            )
        codes = [p.code for p in people]
        have = set(Agency.objects.filter(code__in=codes).values_list("code", flat=True))
        Agency.objects.bulk_create(
            [
                Agency(code=p.code, name=p.name, kind=p.cohort.name, cohort=cohorts[p.cohort.code])
                for p in people
                if p.code not in have
            ],
            batch_size=BATCH_SIZE,
        )
        ids = dict(Agency.objects.filter(code__in=codes).values_list("code", "pk"))
        # New members of the supervised tree get their parent before their path is filled.
        Agency.objects.bulk_update(
            [
                Agency(pk=ids[code], parent_id=ids[parent])
                for code, parent in parents.items()
                if code not in have
            ],
            ["parent"],
            batch_size=BATCH_SIZE,
        )
        hierarchy.tree_paths_fill()
        return ids

    @transaction.atomic
    def _year(
        self,
        framework: Framework,
        people: list[synthetic.SyntheticAgency],
        agency_ids: dict[str, int],
        seed: int,
        status: str,
    ) -> int:
        rules = framework_rules(framework)
        indicator_ids = dict(framework.indicators.values_list("number", "pk"))
        done = set(
            Assessment.objects.filter(
                framework=framework, agency_id__in=agency_ids.values()
            ).values_list("agency_id", flat=True)
        )
        generated = []
        for person in people:
            rng = synthetic.year_rng(seed, person.code, framework.fiscal_year)
            level = synthetic.year_level(person, framework.fiscal_year, rng)
            scores, total = synthetic.indicator_scores(level, rules, rng)
            generated.append((person, scores, total))
        ranks = _official_ranks(generated)
        new = [
            Assessment(
                agency_id=agency_ids[person.code],
                framework=framework,
                status=status,
                official_total=total,
                official_rank=ranks[index][0],
                cohort_size=ranks[index][1],
            )
            for index, (person, _, total) in enumerate(generated)
            if agency_ids[person.code] not in done
        ]
        Assessment.objects.bulk_create(new, batch_size=BATCH_SIZE)
        ids = dict(
            Assessment.objects.filter(
                framework=framework, agency_id__in=[a.agency_id for a in new]
            ).values_list("agency_id", "pk")
        )
        rows = [
            IndicatorScore(
                assessment_id=ids[agency_ids[person.code]],
                indicator_id=indicator_ids[number],
                score=score,
            )
            for person, scores, _ in generated
            if agency_ids[person.code] in ids
            for number, score in scores.items()
        ]
        IndicatorScore.objects.bulk_create(rows, batch_size=BATCH_SIZE)
        if status == Assessment.Status.PUBLISHED:
            # As if each report were published: the public reads frozen figures only.
            published_figures_freeze_many(
                assessment_ids=list(ids.values()), version=1, published_at=timezone.now()
            )
        else:
            figures_refresh(assessment_ids=ids.values())
        return len(new)


def _official_ranks(generated: list[tuple[Any, Any, Any]]) -> dict[int, tuple[int, int]]:
    """Official rank and cohort size of each generated row, as the NACC prints them."""
    by_cohort: dict[str, list[int]] = defaultdict(list)
    for index, (person, _, _) in enumerate(generated):
        by_cohort[person.cohort.code].append(index)
    ranks: dict[int, tuple[int, int]] = {}
    for indexes in by_cohort.values():
        cohort_ranks = competition_ranks([generated[i][2] for i in indexes])
        ranks.update({i: (r, len(indexes)) for i, r in zip(indexes, cohort_ranks, strict=True)})
    return ranks
