"""Data: one OITItem per text line of every sub-indicator; the 2566+ lists corrected where unedited.

A year whose lines are still the original O1–O43 copy gets the list known for it (frozen in
_oit_lists_0004.py) and a note saying where it comes from; a year an administrator edited keeps
its own lines. No year is marked verified. Reversible: the text lines are rebuilt from the items.
"""

import datetime as dt
import re

from django.db import migrations

from indicators.migrations._oit_lists_0004 import CORRECTED, LEGACY, NOTE_2562_2565, OIT_DUE_DATES

THAI_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")
LINE = re.compile(r"^\s*([A-Za-z]{1,3})\s?(\d{1,3})[\s.:)\-]*(.*)$")


def parse_item_line(line):
    """'O1 โครงสร้าง' → ('O1', 'โครงสร้าง'); a line without a code → (None, line)."""
    match = LINE.match(line.translate(THAI_DIGITS))
    if match is None:
        return None, line.strip()
    letters, number, name = match.groups()
    return f"{letters.upper()}{int(number)}", name.strip() or line.strip()


def _lines(text):
    return [line.strip() for line in text.splitlines() if line.strip()]


def _sub_indicators(SubIndicator, framework):
    return list(
        SubIndicator.objects.filter(indicator__framework=framework).order_by(
            "indicator__number", "order", "code"
        )
    )


def _is_untouched_copy(subs):
    return [(s.code, s.name, _lines(s.items)) for s in subs] == [
        (code, name, lines) for code, name, lines in LEGACY
    ]


def _items_from_text(OITItem, framework, subs):
    rows, seen = [], set()
    for sub in subs:
        for line in _lines(sub.items):
            code, name = parse_item_line(line)
            base = code = code or f"#{len(rows) + 1}"
            repeat = 2
            while code in seen:  # a repeated code in hand-edited text: keep both, distinguishable
                code = f"{base[:7]}-{repeat}"
                repeat += 1
            seen.add(code)
            rows.append(
                OITItem(framework=framework, sub_indicator=sub, code=code, name=name[:500])
            )
    for order, row in enumerate(rows, start=1):
        row.order = order
    OITItem.objects.bulk_create(rows)


def _items_corrected(OITItem, framework, subs, groups):
    by_code = {s.code: s for s in subs}
    rows = []
    for sub_code, sub_name, items in groups:
        sub = by_code[sub_code]
        if sub.name != sub_name:
            sub.name = sub_name
            sub.save(update_fields=["name"])
        for code, name, source in items:
            rows.append(
                OITItem(
                    framework=framework,
                    sub_indicator=sub,
                    code=code,
                    name=name,
                    source=source,
                    order=len(rows) + 1,
                )
            )
    OITItem.objects.bulk_create(rows)


def forward(apps, schema_editor):
    Framework = apps.get_model("indicators", "Framework")
    SubIndicator = apps.get_model("indicators", "SubIndicator")
    OITItem = apps.get_model("indicators", "OITItem")
    for framework in Framework.objects.all():
        subs = _sub_indicators(SubIndicator, framework)
        untouched = _is_untouched_copy(subs)
        year = framework.fiscal_year
        if untouched and year in CORRECTED:
            note, groups = CORRECTED[year]
            _items_corrected(OITItem, framework, subs, groups)
            framework.items_note = note
        else:
            _items_from_text(OITItem, framework, subs)
            if untouched and 2562 <= year <= 2565:
                framework.items_note = NOTE_2562_2565
        if year in OIT_DUE_DATES and framework.oit_due_date is None:
            framework.oit_due_date = dt.date.fromisoformat(OIT_DUE_DATES[year])
        framework.save(update_fields=["items_note", "oit_due_date"])


def backward(apps, schema_editor):
    SubIndicator = apps.get_model("indicators", "SubIndicator")
    OITItem = apps.get_model("indicators", "OITItem")
    for sub in SubIndicator.objects.all():
        items = OITItem.objects.filter(sub_indicator=sub).order_by("order", "id")
        sub.items = "\n".join(f"{i.code} {i.name}" for i in items)
        sub.save(update_fields=["items"])
    OITItem.objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("indicators", "0003_oit_items_and_verification")]

    operations = [migrations.RunPython(forward, backward)]
