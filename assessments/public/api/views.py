"""Read-only viewsets over published data; anonymous callers are throttled (settings)."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, QuerySet
from django.http import Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import PageNumberPagination

from assessments.models import Agency, Assessment, PublishedFigures, PublishedScore
from indicators.models import DEFAULT_ISSUER_CODE, Framework, Indicator, Issuer, Tool
from ita_portal.lib.converters import MAX_BIGINT
from ita_portal.lib.thai import to_arabic_digits

from . import serializers

# Published = has the frozen figures of a live version (what the public may read).
PUBLISHED = Assessment.objects.filter(published_figures__isnull=False)

YEAR = OpenApiParameter("year", OpenApiTypes.INT, description="ปีงบประมาณ พ.ศ.")
AGENCY = OpenApiParameter("agency", OpenApiTypes.STR, description="รหัสหน่วยงาน")
COHORT = OpenApiParameter("cohort", OpenApiTypes.STR, description="รหัสกลุ่มเปรียบเทียบ")
ISSUER = OpenApiParameter(
    "issuer", OpenApiTypes.STR, description=f"รหัสผู้ออกเกณฑ์ (ไม่ระบุ = {DEFAULT_ISSUER_CODE})"
)
# A typo in ?issuer= answered "no years" (200, an empty list): a code that names no issuer is a
# bad request, said as DRF says a bad field ({"issuer": ["…"]}), with the codes it may be.
ERROR_UNKNOWN_ISSUER = "พารามิเตอร์ issuer: ไม่พบผู้ออกเกณฑ์รหัส “{code}” (รหัสที่ใช้ได้: {known})"


class DatabaseIdLookup:
    """A detail URL's id past the database's 64-bit range is no row: the API's own JSON 404 on
    every database (SQLite raised OverflowError on it, a 500)."""

    def get_object(self) -> Any:
        value = self.kwargs.get(self.lookup_url_kwarg or self.lookup_field, "")  # type: ignore[attr-defined]
        if value.isdigit() and int(value) > MAX_BIGINT:
            raise Http404
        return super().get_object()  # type: ignore[misc]


class Pagination(PageNumberPagination):
    page_size_query_param = "page_size"
    max_page_size = 500


def _year(request) -> int | None:
    text = to_arabic_digits(request.query_params.get("year", "")).strip()
    return int(text) if text.isdigit() else None


@extend_schema_view(list=extend_schema(parameters=[COHORT]))
class AgencyViewSet(viewsets.ReadOnlyModelViewSet):
    """Agencies with at least one published result."""

    serializer_class = serializers.AgencySerializer
    pagination_class = Pagination
    lookup_field = "code"

    def get_queryset(self) -> QuerySet[Agency]:
        queryset = (
            Agency.objects.filter(pk__in=PUBLISHED.values("agency_id"))
            .select_related("cohort")
            .order_by("code")
        )
        cohort = self.request.query_params.get("cohort")
        if cohort:
            queryset = queryset.filter(cohort__code=cohort)
        return queryset


def _issuer(request) -> str:
    """The ?issuer= code, the NACC's when not given."""
    return request.query_params.get("issuer") or DEFAULT_ISSUER_CODE


def _check_issuer(code: str) -> None:
    """A code that names no issuer is a 400 (checked per request, not in get_queryset: the
    schema generator calls that without a database)."""
    codes = list(Issuer.objects.order_by("code").values_list("code", flat=True))
    if code not in codes:
        known = ", ".join(codes)
        raise ValidationError({"issuer": [ERROR_UNKNOWN_ISSUER.format(code=code, known=known)]})


@extend_schema_view(
    list=extend_schema(parameters=[ISSUER]), retrieve=extend_schema(parameters=[ISSUER])
)
class YearViewSet(viewsets.ReadOnlyModelViewSet):
    """Fiscal years with published results, with their framework (tools, indicators, bands)."""

    serializer_class = serializers.YearSerializer
    pagination_class = Pagination
    lookup_field = "fiscal_year"

    def initial(self, request: Any, *args: Any, **kwargs: Any) -> None:
        super().initial(request, *args, **kwargs)
        _check_issuer(_issuer(request))

    def get_queryset(self) -> QuerySet[Framework]:
        # A year may have several issuers' frameworks: one issuer's years (?issuer=, the NACC's
        # by default), so that /api/years/2568/ names one framework.
        issuer = _issuer(self.request)
        return (
            Framework.objects.filter(pk__in=PUBLISHED.values("framework_id"), issuer__code=issuer)
            .select_related("issuer")
            .prefetch_related(
                Prefetch(
                    "tools",
                    queryset=Tool.objects.order_by("order", "code").prefetch_related(
                        Prefetch("indicators", queryset=Indicator.objects.order_by("number"))
                    ),
                ),
                "bands",
            )
            .order_by("fiscal_year")
        )


@extend_schema_view(
    list=extend_schema(parameters=[YEAR, AGENCY, COHORT]),
    retrieve=extend_schema(
        parameters=[
            OpenApiParameter(
                "id", OpenApiTypes.INT, OpenApiParameter.PATH, description="รหัสผลการประเมิน"
            )
        ]
    ),
)
class ResultViewSet(DatabaseIdLookup, viewsets.ReadOnlyModelViewSet):
    """Published results: totals, grades and tool figures computed by the scoring engine."""

    serializer_class = serializers.ResultSerializer
    pagination_class = Pagination

    def get_queryset(self) -> QuerySet[PublishedFigures]:
        year = _year(self.request)
        queryset = PublishedFigures.objects.filter(total__isnull=False).select_related(
            "assessment__agency__cohort", "framework"
        )
        if year is not None:
            queryset = queryset.filter(framework__fiscal_year=year)
        agency = self.request.query_params.get("agency")
        if agency:
            queryset = queryset.filter(assessment__agency__code=agency)
        cohort = self.request.query_params.get("cohort")
        if cohort:
            queryset = queryset.filter(assessment__agency__cohort__code=cohort)
        return queryset.order_by("-framework__fiscal_year", "-total", "assessment_id")


@extend_schema_view(list=extend_schema(parameters=[YEAR, AGENCY]))
class IndicatorScoreViewSet(DatabaseIdLookup, viewsets.ReadOnlyModelViewSet):
    """Indicator scores of published results."""

    serializer_class = serializers.IndicatorScoreSerializer
    pagination_class = Pagination

    def get_queryset(self) -> QuerySet[PublishedScore]:
        queryset = PublishedScore.objects.select_related(
            "assessment__agency", "assessment__framework", "indicator__tool"
        )
        year = _year(self.request)
        if year is not None:
            queryset = queryset.filter(assessment__framework__fiscal_year=year)
        agency = self.request.query_params.get("agency")
        if agency:
            queryset = queryset.filter(assessment__agency__code=agency)
        return queryset.order_by("assessment_id", "indicator__number")
