from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = _("รายงานผลการวิเคราะห์และการเผยแพร่")

    def ready(self) -> None:
        # Writes to what the public pages show invalidate their cached copies (issue 23).
        from . import cache_invalidation

        cache_invalidation.connect()
