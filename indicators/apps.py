from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class IndicatorsConfig(AppConfig):
    name = "indicators"
    verbose_name = _("กรอบการประเมิน")

    def ready(self) -> None:
        from .loader import load_frameworks_after_migrate

        # Frameworks of 2562 onward are reference data: migrate installs the missing years.
        post_migrate.connect(load_frameworks_after_migrate, sender=self)
        self._audit()

    def _audit(self) -> None:
        from ita_portal.lib import audit

        from . import models

        audit.register(models.Framework)
        audit.register(models.Issuer)
        audit.register(models.ItemCrosswalk)
        model: Any
        for model in (models.Tool, models.Indicator, models.GradeBand, models.ResultLevel):
            audit.register(model, root="framework")
        for model in (models.StandardIssue, models.SubIndicator):
            audit.register(model, root="indicator.framework")
