"""The API's query parameters: which ones each view accepts, how each is read, and the Thai 400.

A parameter the API does not understand was silently ignored (?year=abc answered every year,
?yaer=2562 or ?ordering=-total the unfiltered list, ?page_size=abc the default page): now every
unknown, repeated or malformed parameter is a 400 said as DRF says a bad field
({"year": ["…"]}), one entry per bad parameter, the Thai message naming the parameter and what it
expects. An empty value (?year=) means the parameter was not given.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from django.db.models import QuerySet
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiExample,
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.pagination import PageNumberPagination
from rest_framework.settings import api_settings

from assessments.models import Agency, Assessment, Cohort
from indicators.models import DEFAULT_ISSUER_CODE, Issuer
from ita_portal.lib.thai import to_arabic_digits

# Published = has the frozen figures of a live version (what the public may read).
PUBLISHED = Assessment.objects.filter(published_figures__isnull=False)

# The lowest fiscal year the models accept (their MinValueValidator); a พ.ศ. year has four digits.
# Inside the range a year without results is an empty list; outside it (a ค.ศ. year, a typo, a
# number past the database's integer) a 400, never a query.
YEAR_MIN, YEAR_MAX = 2500, 9999
PAGE_SIZE_MAX = 500
PAGE_MAX = 10**18 - 1  # bounds int(): a page past the last is told apart from a non-number
PAGE, PAGE_SIZE, LAST_PAGE = "page", "page_size", "last"
# A value is quoted back in a message up to this length (a query string may be long).
SHOWN_CHARS = 40

ERROR_UNKNOWN_ISSUER = "พารามิเตอร์ issuer: ไม่พบผู้ออกเกณฑ์รหัส “{code}” (รหัสที่ใช้ได้: {known})"
ERROR_UNKNOWN_AGENCY = (
    "พารามิเตอร์ agency: ไม่พบหน่วยงานรหัส “{code}” ที่มีผลการประเมินเผยแพร่ (รหัสหน่วยงานดูได้ที่ /api/agencies/)"
)
ERROR_UNKNOWN_COHORT = (
    "พารามิเตอร์ cohort: ไม่พบกลุ่มเปรียบเทียบรหัส “{code}” (รหัสกลุ่มดูได้จากช่อง cohort ใน /api/agencies/)"
)
ERROR_YEAR_NOT_A_NUMBER = (
    "พารามิเตอร์ year: ต้องเป็นปีงบประมาณ พ.ศ. เป็นตัวเลข เช่น 2562 หรือ ๒๕๖๒ แต่ได้รับ “{value}”"
)
ERROR_YEAR_OUT_OF_RANGE = (
    "พารามิเตอร์ year: ปีงบประมาณ พ.ศ. ต้องอยู่ระหว่าง {low} ถึง {high} แต่ได้รับ {value} (ปี ค.ศ. ให้บวก 543)"
)
ERROR_PAGE = "พารามิเตอร์ page: ต้องเป็นเลขหน้าเป็นจำนวนเต็มตั้งแต่ 1 ขึ้นไป หรือ last แต่ได้รับ “{value}”"
ERROR_PAGE_PAST_END = "พารามิเตอร์ page: ไม่มีหน้าที่ {page} (มีทั้งหมด {pages} หน้า)"
ERROR_PAGE_SIZE = (
    "พารามิเตอร์ page_size: ต้องเป็นจำนวนรายการต่อหน้าเป็นจำนวนเต็มตั้งแต่ 1 ถึง {high} แต่ได้รับ “{value}”"
)
ERROR_UNKNOWN_FORMAT = "พารามิเตอร์ format: ไม่รู้จักรูปแบบ “{value}” (รูปแบบที่ใช้ได้: {known})"
ERROR_REPEATED = "พารามิเตอร์ {name}: ระบุได้ครั้งเดียว แต่ได้รับ {count} ค่า"
ERROR_UNKNOWN_PARAMETER = "ไม่มีพารามิเตอร์ชื่อ “{name}” ในคำขอนี้ (พารามิเตอร์ที่ใช้ได้: {known})"
# Not the caller's question but what tools add to any URL: a cache buster (jQuery's ?_=…) and
# campaign tags (?utm_source=…). Refusing them would break clients that never asked for a filter.
PASSED_THROUGH_PREFIXES = ("_", "utm_")

FORMAT_PARAMETER = api_settings.URL_FORMAT_OVERRIDE or "format"
FORMATS = [renderer.format for renderer in api_settings.DEFAULT_RENDERER_CLASSES]

YEAR = OpenApiParameter(
    "year",
    OpenApiTypes.INT,
    description=f"ปีงบประมาณ พ.ศ. {YEAR_MIN}–{YEAR_MAX} เลขอารบิกหรือเลขไทย เช่น 2562 หรือ ๒๕๖๒",
)
AGENCY = OpenApiParameter("agency", OpenApiTypes.STR, description="รหัสหน่วยงาน")
COHORT = OpenApiParameter("cohort", OpenApiTypes.STR, description="รหัสกลุ่มเปรียบเทียบ")
ISSUER = OpenApiParameter(
    "issuer", OpenApiTypes.STR, description=f"รหัสผู้ออกเกณฑ์ (ไม่ระบุ = {DEFAULT_ISSUER_CODE})"
)
FORMAT = OpenApiParameter(
    FORMAT_PARAMETER,
    OpenApiTypes.STR,
    enum=FORMATS,
    description="รูปแบบคำตอบ (ไม่ระบุ = ตามส่วนหัว Accept)",
)
# What every operation may answer besides its data: {"<parameter>": ["<Thai message>"]}.
BAD_REQUEST = OpenApiResponse(
    response={
        "type": "object",
        "additionalProperties": {"type": "array", "items": {"type": "string"}},
    },
    description="พารามิเตอร์ไม่ถูกต้อง: ชื่อพารามิเตอร์แต่ละตัวที่ผิด กับข้อความบอกว่าต้องเป็นอย่างไร",
    examples=[
        OpenApiExample(
            "year ไม่ใช่ตัวเลข", value={"year": [ERROR_YEAR_NOT_A_NUMBER.format(value="abc")]}
        ),
        OpenApiExample(
            "พารามิเตอร์ที่ไม่รู้จัก",
            value={"yaer": [ERROR_UNKNOWN_PARAMETER.format(name="yaer", known="year, page")]},
        ),
    ],
)

_NUMBER = re.compile(r"[0-9]+")


class BadParameter(Exception):
    """A query value the API cannot use; its message is the Thai text the caller reads."""


def shown(value: str) -> str:
    return value if len(value) <= SHOWN_CHARS else value[:SHOWN_CHARS] + "…"


def query_value(request: Any, name: str) -> str | None:
    """The parameter's value, spaces trimmed; None when not given (or empty)."""
    return request.query_params.get(name, "").strip() or None


def _whole_number(text: str, low: int, high: int, error: str) -> int:
    """A number in Arabic or Thai digits from low to high; else `error`, quoting the text."""
    # Digits only (no sign, "1_0" or "²", which int() takes or chokes on); the length is checked
    # before int() so that a thousand digits is an out-of-range answer, not a ValueError.
    digits = to_arabic_digits(text)
    fits = _NUMBER.fullmatch(digits) and len(digits) <= len(str(high))
    if not fits or not low <= int(digits) <= high:
        raise BadParameter(error.format(value=shown(text), low=low, high=high))
    return int(digits)


def parse_year(text: str) -> int:
    """A fiscal year from YEAR_MIN to YEAR_MAX, in Arabic or Thai digits."""
    if not _NUMBER.fullmatch(to_arabic_digits(text)):
        raise BadParameter(ERROR_YEAR_NOT_A_NUMBER.format(value=shown(text)))
    return _whole_number(text, YEAR_MIN, YEAR_MAX, ERROR_YEAR_OUT_OF_RANGE)


def parse_page(text: str) -> int | None:
    """A page number from 1, or None for the last page ("last")."""
    if text == LAST_PAGE:
        return None
    return _whole_number(text, 1, PAGE_MAX, ERROR_PAGE)


def parse_page_size(text: str) -> int:
    return _whole_number(text, 1, PAGE_SIZE_MAX, ERROR_PAGE_SIZE)


def published_agencies() -> QuerySet[Agency]:
    """Agencies with at least one published result: the ones the API names."""
    return Agency.objects.filter(pk__in=PUBLISHED.values("agency_id"))


def check_issuer(code: str) -> None:
    # One cheap query when the code is right; the list of codes only for the message.
    if not Issuer.objects.filter(code=code).exists():
        known = ", ".join(Issuer.objects.order_by("code").values_list("code", flat=True))
        raise BadParameter(ERROR_UNKNOWN_ISSUER.format(code=shown(code), known=known))


def check_agency(code: str) -> None:
    if not published_agencies().filter(code=code).exists():
        raise BadParameter(ERROR_UNKNOWN_AGENCY.format(code=shown(code)))


def check_cohort(code: str) -> None:
    if not Cohort.objects.filter(code=code).exists():
        raise BadParameter(ERROR_UNKNOWN_COHORT.format(code=shown(code)))


# How each parameter's value is checked (format is checked by DRF's content negotiation).
CHECKS: dict[str, Callable[[str], object]] = {
    YEAR.name: parse_year,
    ISSUER.name: check_issuer,
    AGENCY.name: check_agency,
    COHORT.name: check_cohort,
    PAGE: parse_page,
    PAGE_SIZE: parse_page_size,
}


def _problem(name: str, values: list[str], accepted: Sequence[str]) -> str | None:
    if name.startswith(PASSED_THROUGH_PREFIXES):
        return None
    if name not in accepted:
        return ERROR_UNKNOWN_PARAMETER.format(name=shown(name), known=", ".join(accepted))
    if len(values) > 1:
        return ERROR_REPEATED.format(name=name, count=len(values))
    text = values[0].strip()
    if not text or name not in CHECKS:
        return None
    try:
        CHECKS[name](text)
    except BadParameter as exc:
        return str(exc)
    return None


def check_query(request: Any, accepted: Sequence[str]) -> None:
    """Every query parameter is one of `accepted`, given once, with a usable value; else a 400
    naming each bad one (checked per request, not in get_queryset: the schema generator calls
    that without a database)."""
    errors = {}
    for name, values in request.query_params.lists():
        message = _problem(name, values, accepted)
        if message:
            errors[name] = [message]
    if errors:
        raise ValidationError(errors)


class Pagination(PageNumberPagination):
    """Pages of at most PAGE_SIZE_MAX rows; a page that is not a number is a 400, a page past the
    last a 404 (it does not exist, as DRF answers it), each saying what is wrong in Thai."""

    page_query_param = PAGE
    page_size_query_param = PAGE_SIZE
    max_page_size = PAGE_SIZE_MAX
    last_page_strings = (LAST_PAGE,)
    page_query_description = "เลขหน้า ตั้งแต่ 1 หรือ last (หน้าสุดท้าย)"
    page_size_query_description = (
        f"จำนวนรายการต่อหน้า 1–{PAGE_SIZE_MAX} (ไม่ระบุ = {api_settings.PAGE_SIZE})"
    )

    def get_page_size(self, request: Any) -> int:
        text = query_value(request, self.page_size_query_param)
        return parse_page_size(text) if text else self.page_size

    def get_page_number(self, request: Any, paginator: Any) -> int:
        text = query_value(request, self.page_query_param)
        number = parse_page(text) if text else 1
        if number is None:
            return paginator.num_pages
        if number > paginator.num_pages:
            pages = paginator.num_pages
            raise NotFound(ERROR_PAGE_PAST_END.format(page=number, pages=pages))
        return number


class Schema(AutoSchema):
    """Every operation documents its 400 (BAD_REQUEST) beside its data."""

    def get_response_serializers(self) -> Any:
        return {200: super().get_response_serializers(), 400: BAD_REQUEST}


View = TypeVar("View")


def accepts(**actions: Sequence[OpenApiParameter]) -> Callable[[type[View]], type[View]]:
    """The parameters each action takes (besides ?format= and the paginator's on a list), from
    this one list: documented in the schema, kept for check_query."""

    def decorate(view: type[View]) -> type[View]:
        view.query_parameters = {  # type: ignore[attr-defined]
            action: tuple(p.name for p in params if p.location == OpenApiParameter.QUERY)
            for action, params in actions.items()
        }
        documented = {
            action: extend_schema(parameters=[*params, FORMAT])
            for action, params in actions.items()
        }
        return extend_schema_view(**documented)(view)

    return decorate
