"""manage.py show_framework ISSUER_CODE YEAR: a framework as JSON (e.g. show_framework nacc 2569)."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import CommandError

from indicators.models import Framework, Issuer
from indicators.selectors import framework_as_data, framework_for
from ita_portal.lib.arguments import PortalCommand
from ita_portal.lib.thai import to_arabic_digits, to_thai_digits

ERROR_UNKNOWN_ISSUER = "ไม่พบผู้ออกเกณฑ์รหัส “{code}” (รหัสที่มี: {known})"
ERROR_BAD_YEAR = "ปีงบประมาณ “{value}” ต้องเป็นปี พ.ศ. เป็นตัวเลข เช่น 2569 หรือ ๒๕๖๙"
ERROR_NO_FRAMEWORK = "{issuer} ยังไม่มีกรอบการประเมินของปีงบประมาณ พ.ศ. {year} (ปีที่มี: {known})"


class Command(PortalCommand):
    help = "แสดงกรอบการประเมินของผู้ออกเกณฑ์และปีงบประมาณหนึ่งเป็น JSON เช่น show_framework nacc 2569"

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("issuer", help="รหัสผู้ออกเกณฑ์ เช่น nacc, obec-esa, ovec")
        parser.add_argument("year", help="ปีงบประมาณ พ.ศ. (เลขไทยหรืออารบิก)")

    def handle(self, *args: Any, **options: Any) -> None:
        issuer = _issuer(options["issuer"])
        year = _year(options["year"])
        framework = framework_for(issuer, year)
        if framework is None:
            years = Framework.objects.filter(issuer=issuer).order_by("fiscal_year")
            known = ", ".join(str(y) for y in years.values_list("fiscal_year", flat=True))
            raise CommandError(
                ERROR_NO_FRAMEWORK.format(
                    issuer=issuer.name, year=to_thai_digits(year), known=known or "ไม่มี"
                )
            )
        data = framework_as_data(framework)
        self.stdout.write(json.dumps(data, ensure_ascii=False, indent=2))


def _issuer(code: str) -> Issuer:
    issuer = Issuer.objects.filter(code=code.strip()).first()
    if issuer is None:
        known = ", ".join(Issuer.objects.order_by("code").values_list("code", flat=True))
        raise CommandError(ERROR_UNKNOWN_ISSUER.format(code=code, known=known))
    return issuer


def _year(text: str) -> int:
    value = to_arabic_digits(text).strip()
    if not value.isascii() or not value.isdigit():
        raise CommandError(ERROR_BAD_YEAR.format(value=text))
    return int(value)
