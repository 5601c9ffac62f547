"""Read-only viewsets over published data; anonymous callers are throttled (settings)."""

from __future__ import annotations

from typing import Any, ClassVar

from django.db.models import Prefetch, QuerySet
from django.http import Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter
from rest_framework import viewsets
from rest_framework.exceptions import NotFound, ValidationError

from assessments.models import Agency, PublishedFigures, PublishedScore
from indicators.models import DEFAULT_ISSUER_CODE, Framework, Indicator, Tool
from ita_portal.lib.converters import MAX_BIGINT

from . import serializers
from .parameters import (
    AGENCY,
    COHORT,
    ERROR_UNKNOWN_FORMAT,
    FORMAT_PARAMETER,
    ISSUER,
    PUBLISHED,
    YEAR,
    Pagination,
    Schema,
    accepts,
    check_query,
    parse_year,
    published_agencies,
    query_value,
    shown,
)


class PublicViewSet(viewsets.ReadOnlyModelViewSet):
    """Read-only; every query parameter checked before the view reads any (check_query)."""

    schema = Schema()
    pagination_class = Pagination
    # Set by @accepts: the query parameters of each action.
    query_parameters: ClassVar[dict[str, tuple[str, ...]]] = {}

    def initial(self, request: Any, *args: Any, **kwargs: Any) -> None:
        super().initial(request, *args, **kwargs)
        check_query(request, self.accepted_parameters())

    def accepted_parameters(self) -> list[str]:
        names = list(self.query_parameters.get(self.action or "", ()))
        if self.action == "list" and isinstance(self.paginator, Pagination):
            names += [self.paginator.page_query_param, self.paginator.page_size_query_param]
        return [*names, FORMAT_PARAMETER]

    def perform_content_negotiation(self, request: Any, force: bool = False) -> Any:
        try:
            return super().perform_content_negotiation(request, force)
        except Http404:
            if self.format_kwarg:
                raise  # a suffix in the path (/api/results.xml): no such address
            value = request.query_params.get(FORMAT_PARAMETER, "")
            known = ", ".join(renderer.format for renderer in self.get_renderers())
            message = ERROR_UNKNOWN_FORMAT.format(value=shown(value), known=known)
            raise ValidationError({FORMAT_PARAMETER: [message]}) from None

    def get_object(self) -> Any:
        try:
            return super().get_object()
        except Http404:
            # Django's message names the model in English ("No Framework matches …").
            raise NotFound() from None


class DatabaseIdLookup:
    """A detail URL's id past the database's 64-bit range is no row: the API's own JSON 404 on
    every database (SQLite raised OverflowError on it, a 500)."""

    def get_object(self) -> Any:
        value = self.kwargs.get(self.lookup_url_kwarg or self.lookup_field, "")  # type: ignore[attr-defined]
        if value.isdigit() and int(value) > MAX_BIGINT:
            raise Http404
        return super().get_object()  # type: ignore[misc]


def _year(request: Any) -> int | None:
    text = query_value(request, YEAR.name)
    return parse_year(text) if text else None


@accepts(list=[COHORT], retrieve=[])
class AgencyViewSet(PublicViewSet):
    """Agencies with at least one published result."""

    serializer_class = serializers.AgencySerializer
    lookup_field = "code"

    def get_queryset(self) -> QuerySet[Agency]:
        queryset = published_agencies().select_related("cohort").order_by("code")
        cohort = query_value(self.request, COHORT.name)
        if cohort:
            queryset = queryset.filter(cohort__code=cohort)
        return queryset


def _issuer(request: Any) -> str:
    """The ?issuer= code, the NACC's when not given."""
    return query_value(request, ISSUER.name) or DEFAULT_ISSUER_CODE


@accepts(list=[ISSUER], retrieve=[ISSUER])
class YearViewSet(PublicViewSet):
    """Fiscal years with published results, with their framework (tools, indicators, bands)."""

    serializer_class = serializers.YearSerializer
    lookup_field = "fiscal_year"

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


@accepts(
    list=[YEAR, AGENCY, COHORT],
    retrieve=[
        OpenApiParameter(
            "id", OpenApiTypes.INT, OpenApiParameter.PATH, description="รหัสผลการประเมิน"
        )
    ],
)
class ResultViewSet(DatabaseIdLookup, PublicViewSet):
    """Published results: totals, grades and tool figures computed by the scoring engine."""

    serializer_class = serializers.ResultSerializer

    def get_queryset(self) -> QuerySet[PublishedFigures]:
        year = _year(self.request)
        queryset = PublishedFigures.objects.filter(total__isnull=False).select_related(
            "assessment__agency__cohort", "framework"
        )
        if year is not None:
            queryset = queryset.filter(framework__fiscal_year=year)
        agency = query_value(self.request, AGENCY.name)
        if agency:
            queryset = queryset.filter(assessment__agency__code=agency)
        cohort = query_value(self.request, COHORT.name)
        if cohort:
            queryset = queryset.filter(assessment__agency__cohort__code=cohort)
        return queryset.order_by("-framework__fiscal_year", "-total", "assessment_id")


@accepts(list=[YEAR, AGENCY], retrieve=[])
class IndicatorScoreViewSet(DatabaseIdLookup, PublicViewSet):
    """Indicator scores of published results."""

    serializer_class = serializers.IndicatorScoreSerializer

    def get_queryset(self) -> QuerySet[PublishedScore]:
        queryset = PublishedScore.objects.select_related(
            "assessment__agency", "assessment__framework", "indicator__tool"
        )
        year = _year(self.request)
        if year is not None:
            queryset = queryset.filter(assessment__framework__fiscal_year=year)
        agency = query_value(self.request, AGENCY.name)
        if agency:
            queryset = queryset.filter(assessment__agency__code=agency)
        return queryset.order_by("assessment_id", "indicator__number")
