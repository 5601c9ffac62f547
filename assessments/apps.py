from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssessmentsConfig(AppConfig):
    name = "assessments"
    verbose_name = _("หน่วยงานและผลการประเมิน")

    def ready(self) -> None:
        from ita_portal.lib import audit

        from . import models

        model: Any
        for model in (models.Agency, models.Assessment, models.Cohort):
            audit.register(model)
        for model in (models.Unit, models.Membership, models.EarlierResult, models.AgencyIssuer):
            audit.register(model, root="agency")
        for model in (models.IndicatorScore, models.OfficialToolPoints):
            audit.register(model, root="assessment")

        from indicators.signals import framework_changed

        from .results.figures import refresh_after_framework_change

        framework_changed.connect(refresh_after_framework_change, dispatch_uid="figures")
