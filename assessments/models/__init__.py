"""Models of the assessments app, one module per subject."""

from .agency import Agency, AgencyIssuer, AgencyMove, Cohort, Membership, Role, Unit
from .assessment import (
    Assessment,
    AssessmentReopening,
    EarlierResult,
    IndicatorScore,
    OfficialToolPoints,
    ToolAnalysis,
)
from .facts import PublicFactChange
from .figures import PublishedFigures, PublishedScore, ResultFigures, ScoreSheet

__all__ = [
    "Agency",
    "AgencyIssuer",
    "AgencyMove",
    "Assessment",
    "AssessmentReopening",
    "Cohort",
    "EarlierResult",
    "IndicatorScore",
    "Membership",
    "OfficialToolPoints",
    "PublicFactChange",
    "PublishedFigures",
    "PublishedScore",
    "ResultFigures",
    "Role",
    "ScoreSheet",
    "ToolAnalysis",
    "Unit",
]
