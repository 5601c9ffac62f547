"""Models of the assessments app, one module per subject."""

from .agency import Agency, Cohort, Membership, Role, Unit
from .assessment import (
    Assessment,
    EarlierResult,
    IndicatorScore,
    OfficialToolPoints,
    ToolAnalysis,
)
from .figures import ResultFigures, ScoreSheet

__all__ = [
    "Agency",
    "Assessment",
    "Cohort",
    "EarlierResult",
    "IndicatorScore",
    "Membership",
    "OfficialToolPoints",
    "ResultFigures",
    "Role",
    "ScoreSheet",
    "ToolAnalysis",
    "Unit",
]
