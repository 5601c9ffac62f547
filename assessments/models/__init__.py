"""Models of the assessments app, one module per subject."""

from .agency import Agency, Cohort, Membership, Role, Unit
from .assessment import Assessment, EarlierResult, IndicatorScore, OfficialToolPoints

__all__ = [
    "Agency",
    "Assessment",
    "Cohort",
    "EarlierResult",
    "IndicatorScore",
    "Membership",
    "OfficialToolPoints",
    "Role",
    "Unit",
]
