from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommitteesConfig(AppConfig):
    name = "committees"
    verbose_name = _("คณะกรรมการและการประชุม")

    def ready(self) -> None:
        from ita_portal.lib import audit

        from . import models

        audit.register(models.CommitteeOrder)
        audit.register(models.CommitteeMember, root="committee")
        audit.register(models.Meeting)
        audit.register(models.MeetingPhoto, root="meeting")
