"""Serializers of the public API: published data only, figures as the scoring engine gives them."""

from __future__ import annotations

from rest_framework import serializers

from assessments.models import Agency, PublishedFigures, PublishedScore
from indicators.models import Framework, GradeBand, Indicator, Tool


class AgencySerializer(serializers.ModelSerializer):
    cohort = serializers.SlugRelatedField(slug_field="code", read_only=True)
    cohort_name = serializers.CharField(source="cohort.name", default="", read_only=True)

    class Meta:
        model = Agency
        fields = ["code", "name", "short_name", "kind", "cohort", "cohort_name", "website"]


class IndicatorSerializer(serializers.ModelSerializer):
    class Meta:
        model = Indicator
        fields = ["number", "name", "name_en"]


class ToolSerializer(serializers.ModelSerializer):
    indicators = IndicatorSerializer(many=True, read_only=True)

    class Meta:
        model = Tool
        fields = ["code", "name", "weight", "indicators"]


class BandSerializer(serializers.ModelSerializer):
    class Meta:
        model = GradeBand
        fields = ["code", "label", "lower", "upper", "passed"]


class YearSerializer(serializers.ModelSerializer):
    issuer = serializers.CharField(source="issuer.code", read_only=True)
    tools = ToolSerializer(many=True, read_only=True)
    bands = BandSerializer(many=True, read_only=True)

    class Meta:
        model = Framework
        fields = ["fiscal_year", "issuer", "name", "pass_mark", "tools", "bands"]


class ResultSerializer(serializers.ModelSerializer):
    id = serializers.IntegerField(source="assessment_id", read_only=True)
    agency = serializers.CharField(source="assessment.agency.code", read_only=True)
    agency_name = serializers.CharField(source="assessment.agency.name", read_only=True)
    cohort = serializers.CharField(
        source="assessment.agency.cohort.code", default=None, read_only=True
    )
    fiscal_year = serializers.IntegerField(source="framework.fiscal_year", read_only=True)
    official_total = serializers.DecimalField(max_digits=5, decimal_places=2, read_only=True)
    official_rank = serializers.IntegerField(read_only=True)
    cohort_size = serializers.IntegerField(read_only=True)
    version = serializers.IntegerField(read_only=True)
    published_at = serializers.DateTimeField(read_only=True)
    tools = serializers.DictField(child=serializers.DictField(), read_only=True)
    scores = serializers.DictField(child=serializers.CharField(allow_null=True), read_only=True)

    class Meta:
        model = PublishedFigures
        fields = [
            "id",
            "agency",
            "agency_name",
            "cohort",
            "fiscal_year",
            "total",
            "grade",
            "passed",
            "result_level",
            "tools",
            "scores",
            "official_total",
            "official_rank",
            "cohort_size",
            "version",
            "published_at",
        ]


class IndicatorScoreSerializer(serializers.ModelSerializer):
    agency = serializers.CharField(source="assessment.agency.code", read_only=True)
    fiscal_year = serializers.IntegerField(
        source="assessment.framework.fiscal_year", read_only=True
    )
    indicator = serializers.IntegerField(source="indicator.number", read_only=True)
    indicator_name = serializers.CharField(source="indicator.name", read_only=True)
    tool = serializers.CharField(source="indicator.tool.code", read_only=True)

    class Meta:
        model = PublishedScore
        fields = ["agency", "fiscal_year", "indicator", "indicator_name", "tool", "score"]
