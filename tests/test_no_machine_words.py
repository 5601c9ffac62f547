"""No machine words on staff and approver pages (issue 21).

A crawl of every staff and approver page of the demo with its schools: the admin's index, app
lists and change lists, the change form, object history, audit history and delete page of every
object of every registered model (one object per state: which fields are empty, which boxes are
ticked, which related rows exist), the workspace and its overview, every plan, report preview,
OIT overview, committee page and supervision console, as the demo staff and approver, the demo
school's staff and director, and a site administrator. The text a person reads on each page (tags,
scripts, styles, hidden inputs and attribute values other than title, alt, placeholder and
aria-label left out) must hold none of the words a program writes for itself.

Issue 21 also asks for every number in one script of digits, never mixed on a line. That rule is
left for a decision: writing every staff page in Thai digits (a middleware) changed the figures
many tests and help texts show in Arabic digits on purpose ("เช่น 200000 หรือ ๒๐๐,๐๐๐"), so the
crawl does not check digits yet (mixed_digits below is kept for when it does).
"""

from __future__ import annotations

import dataclasses
import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from typing import Any

import pytest
from django.apps import apps
from django.contrib import admin
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import Exists, OuterRef
from django.test import Client
from django.urls import NoReverseMatch, reverse

from actionplans.models import PlanActivity
from ita_portal.lib.thai import MONTHS, MONTHS_ABBR, to_arabic_digits
from tests.test_url_walk import SKIPPED, Samples, _params, fast_pdf, media_root, named_patterns

__all__ = ["fast_pdf", "media_root"]  # fixtures shared with the URL walk


def _constraint_names() -> list[str]:
    """The name of every database constraint and index the portal's models declare."""
    names = set()
    for model in apps.get_models():
        names.update(c.name for c in model._meta.constraints)
        names.update(i.name for i in model._meta.indexes if i.name)
    return sorted(names, key=len, reverse=True)


_DATED = "|".join(re.escape(m) for m in MONTHS + MONTHS_ABBR)
# What the crawl refuses, each with the pattern that finds it in a line of a page's visible text
# (dates are looked for with Arabic digits: ๒๐๒๖ is as Gregorian as 2026).
MACHINE_WORDS = {
    "None": re.compile(r"\bNone\b"),
    "True/False": re.compile(r"\b(?:True|False)\b"),
    # A Gregorian year where a date is written (after a month's name, or in d/m/yyyy): codes and
    # amounts that happen to hold 20xx are not dates.
    "Gregorian year": re.compile(rf"(?:(?:{_DATED})\s*|\d/)(?:19|20)\d\d\b"),
    "ISO date": re.compile(r"\b\d{4}-\d{2}-\d{2}\b"),
    "constraint name": re.compile(
        r"\b[a-z]+(?:_[a-z0-9]+)+_(?:unique|ordered|range|check)\b"
        rf"|\b(?:{'|'.join(map(re.escape, _constraint_names()))})\b"
    ),
    "lone ID": re.compile(r"(?<![\w-])ID(?![\w-])"),
}
_LATIN = re.compile(r"[A-Za-z]")
_ARABIC_DIGIT = re.compile(r"[0-9]")
_THAI_DIGIT = re.compile(r"[๐-๙]")


def mixed_digits(line: str) -> bool:
    """True when a line writes numbers in both Thai and Arabic digits.

    Words with Latin letters (O42, COVID-19, a URL, a file name) are codes, not numbers: their
    digits are theirs (the same rule as ita_portal.lib.thai.digits_in_html).
    """
    words = [w for w in line.split() if not _LATIN.search(w)]
    return any(map(_ARABIC_DIGIT.search, words)) and any(map(_THAI_DIGIT.search, words))


class VisibleText(HTMLParser):
    """The text of a page as a person reads it, one line per block (a paragraph, a table row, a
    list item, an option): no scripts, styles, templates or hidden inputs; the page's title and
    the attributes a person reads (title, alt, placeholder, aria-label) as lines of their own."""

    # A textarea holds a form value (what was typed), as an input's value attribute does.
    SKIPPED = {"script", "style", "template", "noscript", "textarea"}
    BLOCKS = {
        "p", "div", "li", "tr", "table", "thead", "tbody", "ul", "ol", "dl", "dt", "dd", "br",
        "h1", "h2", "h3", "h4", "h5", "h6", "section", "article", "header", "footer", "nav",
        "main", "aside", "form", "fieldset", "legend", "option", "select", "textarea", "title",
        "caption", "figure", "figcaption", "details", "summary", "blockquote", "pre", "hr",
        "body", "head", "html",
    }  # fmt: skip
    READ_ATTRIBUTES = {"title", "alt", "placeholder", "aria-label"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.depth = 0
        self.line: list[str] = []
        self.lines: list[str] = []

    def _flush(self) -> None:
        text = " ".join(self.line).strip()
        if text:
            self.lines.append(" ".join(text.split()))
        self.line = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.SKIPPED:
            self.depth += 1
        if self.depth or (tag == "meta"):
            return
        if tag in self.BLOCKS:
            self._flush()
        hidden = tag == "input" and dict(attrs).get("type") == "hidden"
        for name, value in attrs:
            if name in self.READ_ATTRIBUTES and value and value.strip() and not hidden:
                self.lines.append(" ".join(value.split()))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        if tag in self.SKIPPED and self.depth:
            self.depth -= 1
        elif not self.depth and tag in self.BLOCKS:
            self._flush()

    def handle_data(self, data: str) -> None:
        if not self.depth and data.strip():
            self.line.append(data.strip())

    def close(self) -> None:
        super().close()
        self._flush()


def visible_text(html: str) -> str:
    parser = VisibleText()
    parser.feed(html)
    parser.close()
    return "\n".join(parser.lines)


def machine_words(text: str, *, one_script: bool = False) -> list[str]:
    """Each machine word found in text, with the line it stands in (and each line mixing Thai
    and Arabic digits, when one_script: not asked of any page yet, see the module's text)."""
    found = []
    for line in text.splitlines():
        arabic = to_arabic_digits(line)
        for label, pattern in MACHINE_WORDS.items():
            if pattern.search(arabic if label in {"Gregorian year", "ISO date"} else line):
                found.append(f"{label}: {line[:160]}")
        if one_script and mixed_digits(line):
            found.append(f"mixed digits: {line[:160]}")
    return found


# Namespaces of the pages staff and approvers work in: their URLs are built for every object.
# The public pages (ranking, open data, the portal, the API) are visited with the sample values.
STAFF_NAMESPACES = {"admin", "workspace", "actionplans", "committees", "supervision"}
STAFF_REPORT_PAGES = {"reports:report_manage", "reports:report_preview", "reports:follow_up_pdf"}


# Whose an object is: each agency's users reach only its own (a school's staff its school's).
OWNERS = {"assessments.Agency", "assessments.Assessment"}


def _state(obj: Any, model: Any) -> tuple[Any, ...]:
    """Which of an object's fields are empty or ticked, which related rows it has, and whose it
    is (an agency or assessment it belongs to)."""
    values = []
    for field in model._meta.concrete_fields:
        if field.primary_key:
            continue
        value = getattr(obj, field.attname)
        if field.is_relation and field.related_model._meta.label in OWNERS:
            values.append(value)
        else:
            values.append(value if isinstance(value, bool) or value in (None, "") else "set")
    values.extend(getattr(obj, name) for name in _relations(model))
    return tuple(values)


def _relations(model: Any) -> dict[str, Exists]:
    """An Exists() for each kind of row that points at an object of model."""
    found = {}
    for rel in model._meta.related_objects:
        if (rel.one_to_many or rel.one_to_one) and not rel.related_model._meta.auto_created:
            found[f"has_{rel.name}"] = Exists(
                rel.related_model._base_manager.filter(**{rel.field.name: OuterRef("pk")})
            )
    return found


def objects_by_state(model: Any) -> list[Any]:
    """One object of model per state (_state), the first of each."""
    chosen: dict[tuple[Any, ...], Any] = {}
    for obj in model._default_manager.annotate(**_relations(model)).order_by("pk"):
        chosen.setdefault(_state(obj, model), obj.pk)
    return list(chosen.values())


def admin_object_pages() -> Iterator[str]:
    """The change form, history, audit history and delete page of one object per state of
    every model the admin registers."""
    admin.autodiscover()
    for model in admin.site._registry:
        opts = model._meta
        for pk in objects_by_state(model):
            for view in ("change", "history", "audit", "delete"):
                try:
                    yield reverse(f"admin:{opts.app_label}_{opts.model_name}_{view}", args=[pk])
                except NoReverseMatch:
                    continue


def _values(name: str, param: str, samples: Samples) -> list[Any]:
    """Every value of one URL parameter worth a visit, for the staff pages."""
    from actionplans.models import ActionPlan
    from assessments.models import Assessment
    from committees.models import CommitteeOrder, Meeting

    assessments = list(Assessment.objects.order_by("pk").values_list("pk", flat=True))
    by_name = {
        "committees:order": CommitteeOrder.objects.values_list("pk", flat=True),
        "committees:meeting": Meeting.objects.values_list("pk", flat=True),
    }
    if param == "assessment_id" or (param == "pk" and name.startswith("reports:")):
        return assessments
    if param == "pk" and name.startswith("actionplans:"):
        return list(ActionPlan.objects.order_by("pk").values_list("pk", flat=True))
    if param == "pk" and name in by_name:
        return list(by_name[name])
    return [samples.value(name, param)]


def _agency_years() -> list[dict[str, Any]]:
    """code, year and unit_code of every assessment (a unit is watched from its parent)."""
    from assessments.models import Assessment

    found = []
    for assessment in Assessment.objects.select_related("agency__parent", "framework"):
        agency, year = assessment.agency, assessment.framework.fiscal_year
        found.append({"code": agency.code, "year": year, "unit_code": agency.code})
        if agency.parent_id:
            parent = agency.parent.code
            found.append({"code": parent, "year": year, "unit_code": agency.code})
    return found


def route_pages(samples: Samples) -> Iterator[str]:
    """Every page the URL walk knows: the staff pages with every value, the others once."""
    for name, route in sorted(set(named_patterns())):
        if name in SKIPPED or name.startswith("api:") or "(?P<format>" in route:
            continue
        if route.endswith(".pdf"):
            continue  # the crawl reads HTML only: each PDF was rendered (seconds) and never read
        params = _params(route)
        if re.search(r"_(change|history|audit|delete)$", name) and "object_id" in params:
            continue  # admin_object_pages
        staff = name.split(":")[0] in STAFF_NAMESPACES or name in STAFF_REPORT_PAGES
        if staff and {"code", "year"} <= set(params):
            for values in _agency_years():
                if "unit_code" in params and values["unit_code"] == values["code"]:
                    continue  # an agency is no unit of its own: a 404 to every visitor
                yield reverse(name, kwargs={p: values[p] for p in params})
            continue
        choices = [_values(name, p, samples) if staff else [samples.value(name, p)] for p in params]
        for combination in itertools.product(*choices):
            if None not in combination:
                yield reverse(name, kwargs=dict(zip(params, combination, strict=True)))


def record_changes(samples: Samples, demo: Any) -> None:
    """Changes a year brings (a date set, a box ticked, an amount emptied), an uploaded OIT file
    and a progress report: the rows and history pages the demo alone does not have."""
    import datetime as dt

    from django.utils import timezone

    from actionplans import services as plan_services
    from oit import services as oit_services
    from oit.models import Evidence
    from tests.imaging import tiny_pdf

    plan = samples.plan
    plan.submitted_at = timezone.now()
    plan.save()
    activity = PlanActivity.objects.filter(item__plan=plan).order_by("pk").first()
    activity.all_units = not activity.all_units
    activity.budget = None
    activity.save()
    staff = demo.users["demo-staff"]
    oit_services.evidence_file_add(
        user=staff,
        evidence=Evidence.objects.order_by("pk").first(),
        upload=SimpleUploadedFile("a.pdf", tiny_pdf(), "application/pdf"),
        title="คำสั่งแต่งตั้ง",
    )
    plan_services.progress_report_add(
        item=plan.items.order_by("pk").first(),
        user=staff,
        reported_on=dt.date(2019, 12, 15),
        status="in_progress",
        percent=40,
    )


# Answers that are no page to read but are what the URL is for: a redirect (its target is crawled
# in its own right), a page this cast may not open (an add or delete form of a read-only record),
# an action that takes a POST only. A URL that answers 404 or 500 to every visitor was not read:
# the crawl fails on it rather than pass over it.
NOT_A_PAGE = {302, 403, 405}

# Pages any visitor reads: the crawl must have read each of them, or it checked too little.
PUBLIC_PAGES = {
    "/",
    "/ranking/2562/",
    "/ranking/2562/esa-primary/",
    "/ranking/2562/agency/pathumthani-2/",
    "/agencies/pathumthani-2/",
    "/agencies/pathumthani-2/ita/2563/",
    "/agencies/pathumthani-2/ita/2563/embed/",
    "/reports/pathumthani-2/2562/",
    "/reports/pathumthani-2/2562/v1/",
    "/open-data/",
}


@dataclass
class Crawl:
    """What a crawl found (machine words by visitor and page) and what it read."""

    findings: dict[str, list[str]] = dataclasses.field(default_factory=dict)
    read: set[str] = dataclasses.field(
        default_factory=set
    )  # URLs read as a page by at least one visitor
    answers: dict[str, dict[str, int]] = dataclasses.field(
        default_factory=dict
    )  # url: {visitor: status}

    @property
    def unopened(self) -> dict[str, dict[str, int]]:
        """URLs no visitor could open (no 200, nor an answer of NOT_A_PAGE), and any 5xx."""
        return {
            url: statuses
            for url, statuses in self.answers.items()
            if any(status >= 500 for status in statuses.values())
            or not any(status == 200 or status in NOT_A_PAGE for status in statuses.values())
        }


def crawl(clients: dict[str, Client], urls: list[str]) -> Crawl:
    result = Crawl()
    for who, client in clients.items():
        for url in urls:
            response = client.get(url)
            result.answers.setdefault(url, {})[who] = response.status_code
            if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
                continue  # an outsider's 404, a CSV or a PDF: accounted for by unopened
            result.read.add(url)
            # Digits are not checked yet (left for a decision, see the module's text).
            html = response.content.decode()
            found = machine_words(visible_text(html))
            if who != "site-admin" and 'href="/admin/auth/' in html:
                # A person shown as a username linked to the accounts' admin: a 403 to all
                # but site administrators (the plan's creator and approver were).
                found.append("link to the accounts' admin")
            if found:
                result.findings[f"{who} {url}"] = found
    return result


CAST = ("demo-staff", "demo-approver", "demo-school-staff", "demo-school-approver")


@pytest.fixture
def clients(demo_schools: Any) -> dict[str, Client]:
    from django.contrib.auth import get_user_model

    result = {}
    for role in CAST:
        result[role] = Client()
        result[role].force_login(demo_schools.users[role])
    superuser = get_user_model().objects.create_superuser("crawler", "c@example.invalid", "x")
    result["site-admin"] = Client()
    result["site-admin"].force_login(superuser)
    return result


def test_visible_text_leaves_out_attributes_scripts_and_hidden_inputs():
    html = (
        '<p data-x="None">ใช่ <b>แล้ว</b></p><input type="hidden" value="True">'
        '<script>x=None</script><img alt="รูป" src="a.png"><tr><td>๑</td><td>๒</td></tr>'
    )
    assert visible_text(html) == "ใช่ แล้ว\nรูป\n๑ ๒"


def test_the_crawl_finds_each_kind_of_machine_word():
    text = (
        "คะแนน: None\nTrue\n2019-12-15: ความคืบหน้า\n“planactivity_range_ordered”\nID\n"
        "อัปโหลดเมื่อ 6 ธันวาคม 2026\n15/12/2019\n๖ ธันวาคม ๒๐๒๖\nevidencelink_unique_url\n"
        "๑๕ ธันวาคม ๒๕๖๒ 40%"
    )
    assert len(machine_words(text)) == 9
    assert len(machine_words(text, one_script=True)) == 10  # the mixed line, when asked
    assert not machine_words(
        "รหัส 2026-A\n๖ ธันวาคม ๒๕๖๙\nIDEA\nสำนักงาน ก.พ. 2563 หน่วย\nO42 ข้อ ๔๒\nรุ่น v2026.12.1"
    )


@pytest.mark.django_db
def test_no_staff_or_approver_page_shows_a_machine_word(
    demo_schools, clients, media_root, fast_pdf
):
    samples = Samples(demo_schools, media_root)
    record_changes(samples, demo_schools)
    urls = list(dict.fromkeys([*route_pages(samples), *admin_object_pages()]))
    result = crawl(clients, urls)
    print(f"{len(urls)} URLs, {len(result.read)} pages read, {len(clients)} visitors")
    assert not result.unopened, f"pages no visitor could open: {result.unopened}"
    assert PUBLIC_PAGES <= result.read, f"public pages not read: {PUBLIC_PAGES - result.read}"
    findings = result.findings
    report = "\n".join(f"{page}\n  " + "\n  ".join(lines) for page, lines in findings.items())
    assert not findings, f"machine words on staff pages:\n{report}"


def test_a_progress_report_is_titled_with_a_thai_date():
    import datetime as dt

    from actionplans.models import ProgressReport

    report = ProgressReport(reported_on=dt.date(2019, 12, 15), percent=40)
    assert str(report).startswith("๑๕ ธันวาคม ๒๕๖๒: ")
    assert str(report).endswith(" ๔๐%")


@pytest.mark.django_db
def test_a_page_no_visitor_could_open_is_not_passed_over(demo):
    """A crawl that skipped every page answering 404 or 500 would pass having read nothing."""
    result = crawl({"anonymous": Client()}, ["/", "/no-such-page/"])
    assert result.read == {"/"}
    assert result.unopened == {"/no-such-page/": {"anonymous": 404}}
