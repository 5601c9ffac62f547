"""Realistic synthetic agencies and scores for load tests and benchmarks (deterministic by seed).

The shape follows the national ITA: about 8,300 agencies in cohorts of very different sizes
(thousands of subdistrict administrative organisations, hundreds of municipalities, the 225
Educational Service Areas, 76 provinces, …). Scores: the staff survey (IIT) runs high, the
service-user survey (EIT) a little lower, the website check (OIT) spreads widest; agencies keep
their level from year to year and drift upwards, as national results did from 2562 to 2568.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

from indicators.scoring import FrameworkRules, round2, tool_percent, tool_points
from ita_portal.lib.thai import to_thai_digits

PROVINCES = (
    "กรุงเทพมหานคร กระบี่ กาญจนบุรี กาฬสินธุ์ กำแพงเพชร ขอนแก่น จันทบุรี ฉะเชิงเทรา ชลบุรี ชัยนาท "
    "ชัยภูมิ ชุมพร เชียงราย เชียงใหม่ ตรัง ตราด ตาก นครนายก นครปฐม นครพนม นครราชสีมา "
    "นครศรีธรรมราช นครสวรรค์ นนทบุรี นราธิวาส น่าน บึงกาฬ บุรีรัมย์ ปทุมธานี ประจวบคีรีขันธ์ "
    "ปราจีนบุรี ปัตตานี พระนครศรีอยุธยา พะเยา พังงา พัทลุง พิจิตร พิษณุโลก เพชรบุรี เพชรบูรณ์ แพร่ "
    "ภูเก็ต มหาสารคาม มุกดาหาร แม่ฮ่องสอน ยโสธร ยะลา ร้อยเอ็ด ระนอง ระยอง ราชบุรี ลพบุรี ลำปาง "
    "ลำพูน เลย ศรีสะเกษ สกลนคร สงขลา สตูล สมุทรปราการ สมุทรสงคราม สมุทรสาคร สระแก้ว สระบุรี "
    "สิงห์บุรี สุโขทัย สุพรรณบุรี สุราษฎร์ธานี สุรินทร์ หนองคาย หนองบัวลำภู อ่างทอง อำนาจเจริญ "
    "อุดรธานี อุตรดิตถ์ อุทัยธานี อุบลราชธานี"
).split()


@dataclass(frozen=True)
class CohortSpec:
    code: str
    name: str
    name_pattern: str  # {province} and {n}
    size: int
    level: float  # typical total of the cohort
    spread: float
    fixed: bool  # True: the real count does not grow or shrink with --agencies


# Sizes of the 2562–2568 assessments (sum 8,317). Local government is the bulk and scales.
NATIONAL_COHORTS = (
    CohortSpec("central", "ส่วนราชการระดับกรมหรือเทียบเท่า", "กรมตัวอย่างที่ {n}", 147, 90, 5, True),
    CohortSpec("province", "จังหวัด", "จังหวัด{province}", 76, 88, 5, True),
    CohortSpec(
        "esa",
        "สำนักงานเขตพื้นที่การศึกษา (สพท.) ๒๒๕ เขต",
        "สำนักงานเขตพื้นที่การศึกษาประถมศึกษา{province} เขต {n}",
        225,
        85.5,
        6,
        True,
    ),
    CohortSpec("university", "สถาบันอุดมศึกษา", "มหาวิทยาลัยตัวอย่าง{province} {n}", 83, 86, 7, True),
    CohortSpec("enterprise", "รัฐวิสาหกิจ", "รัฐวิสาหกิจตัวอย่างที่ {n}", 52, 91, 4, True),
    CohortSpec("public-org", "องค์การมหาชนและหน่วยงานอื่นของรัฐ", "องค์การตัวอย่างที่ {n}", 118, 88, 6, True),
    CohortSpec("pao", "องค์การบริหารส่วนจังหวัด", "องค์การบริหารส่วนจังหวัด{province}", 76, 84, 7, True),
    CohortSpec("municipality", "เทศบาล", "เทศบาลตำบลตัวอย่าง{province} {n}", 2472, 80, 10, False),
    CohortSpec(
        "sao", "องค์การบริหารส่วนตำบล", "องค์การบริหารส่วนตำบลตัวอย่าง{province} {n}", 5068, 78, 11, False
    ),
)
NATIONAL_TOTAL = sum(c.size for c in NATIONAL_COHORTS)


def cohort_sizes(agencies: int) -> list[tuple[CohortSpec, int]]:
    """Cohort sizes summing to agencies: the fixed cohorts keep their size while they fit."""
    fixed = sum(c.size for c in NATIONAL_COHORTS if c.fixed)
    if agencies >= fixed + 2:
        scalable = [c for c in NATIONAL_COHORTS if not c.fixed]
        room = agencies - fixed
        weight = sum(c.size for c in scalable)
        sizes = {c.code: max(1, room * c.size // weight) for c in scalable}
        sizes[scalable[-1].code] += room - sum(sizes.values())
        return [(c, c.size if c.fixed else sizes[c.code]) for c in NATIONAL_COHORTS]
    # Small runs (tests): every cohort shrinks in proportion, at least one agency each.
    sizes_list = [max(1, agencies * c.size // NATIONAL_TOTAL) for c in NATIONAL_COHORTS]
    sizes_list[-1] += agencies - sum(sizes_list)
    return [(c, s) for c, s in zip(NATIONAL_COHORTS, sizes_list, strict=True) if s > 0]


@dataclass(frozen=True)
class SyntheticAgency:
    code: str
    name: str
    cohort: CohortSpec
    level: float


def agencies(count: int, seed: int) -> Iterator[SyntheticAgency]:
    """The agencies of a country of count agencies; each one's level depends on seed and code only."""
    for cohort, size in cohort_sizes(count):
        for n in range(1, size + 1):
            code = f"{cohort.code}-{n:05d}"
            rng = random.Random(f"{seed}:{code}")
            province = PROVINCES[(n - 1) % len(PROVINCES)]
            name = cohort.name_pattern.format(province=province, n=n)
            if "{n}" not in cohort.name_pattern and size > len(PROVINCES):
                name = f"{name} {n}"
            yield SyntheticAgency(
                code=code,
                name=name,
                cohort=cohort,
                level=rng.gauss(cohort.level, cohort.spread),
            )


def year_rng(seed: int, code: str, year: int) -> random.Random:
    return random.Random(f"{seed}:{code}:{year}")


def year_level(agency: SyntheticAgency, year: int, rng: random.Random) -> float:
    """National results rose by about a point a year from 2562; each agency wobbles around that."""
    return agency.level + (year - 2562) * 0.9 + rng.gauss(0, 2.5)


def _clip(value: float) -> Decimal:
    return Decimal(f"{min(100.0, max(0.0, value)):.2f}")


def indicator_scores(
    level: float, rules: FrameworkRules, rng: random.Random
) -> tuple[dict[int, Decimal], Decimal]:
    """Scores of one agency-year around its level, and the official total.

    The official total is computed from unrounded survey values, as the NACC's is, so it may
    differ by 0.01 from the total recomputed from the two-decimal indicators.
    """
    offsets = {"IIT": 6.0, "EIT": 3.0, "OIT": -5.0}
    spreads = {"IIT": 3.0, "EIT": 4.0, "OIT": 12.0}
    raw: dict[int, float] = {}
    for tool in rules.tools:
        for number in tool.indicator_numbers:
            value = rng.gauss(level + offsets.get(tool.code, 0.0), spreads.get(tool.code, 5.0))
            raw[number] = min(100.0, max(0.0, value + rng.random() / 1000))
    scores = {n: _clip(v) for n, v in raw.items()}
    exact = {n: Decimal(repr(v)) for n, v in raw.items()}
    total = sum((tool_points(tool_percent(exact, t), t) for t in rules.tools), Decimal(0))
    return scores, round2(total)


# A supervised tree for the supervisor's console at scale: OBEC over its ESAs, each over its
# schools (the 245 ESAs of 2568, about 30 schools each). Codes end in letters and short numbers,
# never the national "<cohort>-NNNNN", so the national counts and cohorts are untouched.
OBEC_CODE = "sup-obec"
OBEC_NAME = "สำนักงานคณะกรรมการการศึกษาขั้นพื้นฐาน (ตัวอย่างสังเคราะห์)"
SUPERVISED_ESA = CohortSpec(
    "sup-esa",
    "สำนักงานเขตพื้นที่การศึกษาในสังกัด สพฐ. (สังเคราะห์)",
    "สพป.ตัวอย่าง{province} เขต {n}",
    245,
    85.5,
    6,
    True,
)
SUPERVISED_SCHOOL = CohortSpec(
    "sup-school", "โรงเรียนในสังกัด สพฐ. (สังเคราะห์)", "โรงเรียนตัวอย่าง{province} {n}", 30, 84, 8, True
)


@dataclass(frozen=True)
class SupervisedAgency:
    agency: SyntheticAgency
    parent_code: str  # "" for the root


def obec_tree(esas: int, schools: int, seed: int) -> Iterator[SupervisedAgency]:
    """The OBEC root, then each ESA followed by its schools; deterministic by seed."""
    root_cohort = NATIONAL_COHORTS[0]  # the root is ranked with the departments
    yield SupervisedAgency(SyntheticAgency(OBEC_CODE, OBEC_NAME, root_cohort, 88.0), "")
    for e in range(1, esas + 1):
        esa_code = supervised_esa_code(e)
        yield SupervisedAgency(_member(SUPERVISED_ESA, esa_code, e, seed), OBEC_CODE)
        for s in range(1, schools + 1):
            school = _member(SUPERVISED_SCHOOL, f"{esa_code}-s{s:02d}", (e - 1) * schools + s, seed)
            yield SupervisedAgency(school, esa_code)


def supervised_esa_code(n: int) -> str:
    return f"sup-esa-{n:03d}"


def _member(cohort: CohortSpec, code: str, n: int, seed: int) -> SyntheticAgency:
    rng = random.Random(f"{seed}:{code}")
    province = PROVINCES[(n - 1) % len(PROVINCES)]
    name = cohort.name_pattern.format(province=province, n=to_thai_digits(n))
    return SyntheticAgency(code, name, cohort, rng.gauss(cohort.level, cohort.spread))
