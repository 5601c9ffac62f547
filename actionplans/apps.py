from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ActionplansConfig(AppConfig):
    name = "actionplans"
    verbose_name = _("แผนปฏิบัติการ")

    def ready(self) -> None:
        from ita_portal.lib import audit

        from . import models

        audit.register(models.ActionPlan)
        audit.register(models.PlanItem, root="plan")
        audit.register(models.PlanActivity, root="item.plan", m2m_fields={"units"})
        audit.register(models.ProgressReport, root="item.plan")
