"""Models of the assessments app, one module per subject."""

from .agency import Agency, Cohort, Membership, Role, Unit
from .assessment import Assessment, EarlierResult, IndicatorScore, OfficialToolPoints
from .figures import ResultFigures, ScoreSheet  # issue 6: rankings, import/export
from .publication import PublicationJob, ReportPublication

__all__ = [
    "Agency",
    "Assessment",
    "Cohort",
    "EarlierResult",
    "IndicatorScore",
    "Membership",
    "OfficialToolPoints",
    "PublicationJob",
    "ReportPublication",
    "ResultFigures",
    "Role",
    "ScoreSheet",
    "Unit",
]
