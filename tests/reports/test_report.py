"""The analysis report: data built once from selectors, sentences from data, the seed's facts in the PDF."""

from __future__ import annotations

import logging
import re
import subprocess
import sys
from decimal import Decimal
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from assessments.selectors import assessment_summary
from ita_portal.lib.thai import to_thai_digits
from reports.report.builder import build_report, render_report_html
from reports.report.data import NOT_PASSED, PASSED
from tests.pdf_objects import page_labels

from .pdftext import alt_texts, compact, html_text, pdf_text

pytestmark = pytest.mark.django_db


def test_the_report_data_is_read_in_a_fixed_number_of_queries(
    seed_assessment, django_assert_num_queries
):
    # 1 assessment+agency+framework, 1b the framework's level rule (read once: the result and
    # what blocks the next level), 2 scores+indicators+tools, 3 official points, 4 their tools,
    # 4b the tools' written interpretations (with their tools), 5–7 framework rules (tools,
    # indicators, bands), 9 bands with colours, 10 tools,
    # 11 cohort, 12 earlier results, 13–16 the agency's assessments (scores, official points,
    # tools) for the history, 17–21 action plan, its items, activities and units (2),
    # 22–24 committee orders, members and signed-scan pages, 24b the site's Garuda (read once
    # when there is an order), 25–26 meetings (with their agency) and photos.
    with django_assert_num_queries(QUERIES_FOR_DEMO_REPORT):
        build_report(seed_assessment)


QUERIES_FOR_DEMO_REPORT = 28


def test_the_template_never_queries(seed_assessment, django_assert_num_queries):
    report = build_report(seed_assessment)
    with django_assert_num_queries(0):
        render_report_html(report, mode="pdf", draft=False)


def test_figure_sentences_follow_the_data(seed_assessment):
    seed_assessment.strength_threshold = Decimal("85.00")
    seed_assessment.save()
    report = build_report(seed_assessment)
    iit = report.tools[0]
    # With 85 as the threshold every IIT indicator (lowest 86.64) is a strength.
    assert "ตั้งแต่ร้อยละ ๘๕ ขึ้นไป" in iit.strengths_heading
    assert "จำนวน ๕ ตัวชี้วัด" in iit.strengths_heading
    assert iit.weaknesses == ()
    assert "ได้คะแนน ๘๙.๐๗" in report.total_sentence


def test_the_digits_follow_the_report_setting(seed_assessment):
    html = render_report_html(
        build_report(seed_assessment, thai_digits=False), mode="pdf", draft=False
    )
    assert "counter(page, decimal)" in html
    assert "ได้คะแนน 89.07 เป็นลำดับที่ 60 จาก 225 หน่วยงาน" in html
    html = render_report_html(build_report(seed_assessment), mode="pdf", draft=False)
    assert "counter(page, thai)" in html
    assert "ได้คะแนน ๘๙.๐๗ เป็นลำดับที่ ๖๐ จาก ๒๒๕ หน่วยงาน" in html


def test_narratives_are_escaped_and_keep_their_paragraphs(seed_assessment):
    score = seed_assessment.scores.get(indicator__number=10)
    score.narrative = "<script>alert(1)</script> ย่อหน้าแรก\n\nย่อหน้าที่สอง"
    score.save()
    html = render_report_html(build_report(seed_assessment), mode="web", draft=False)
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; ย่อหน้าแรก</p>" in html
    assert "<p>ย่อหน้าที่สอง</p>" in html


def test_the_draft_carries_a_watermark_and_the_published_version_none(seed_assessment):
    report = build_report(seed_assessment)
    assert 'class="watermark"' in render_report_html(report, mode="pdf", draft=True)
    assert 'class="watermark"' not in render_report_html(report, mode="pdf", draft=False)


def _info(path: Path) -> dict[str, str]:
    """pdfinfo's fields of a PDF (Pages, Tagged, …)."""
    out = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True)
    fields = (line.split(":", 1) for line in out.stdout.splitlines() if ":" in line)
    return {name: value.strip() for name, value in fields}


def _pages(path: Path) -> int:
    return int(_info(path)["Pages"])


def test_render_report_writes_a_pdf_holding_the_seed_facts(rendered, seed_assessment, tmp_path):
    pdf, html = rendered
    text = compact(pdf_text(pdf.read_bytes(), tmp_path))

    def has(fact: str) -> bool:
        return compact(fact) in text

    summary = assessment_summary(seed_assessment)
    for row in summary["indicators"]:
        assert has(
            f"{to_thai_digits(row['number'])}{row['name']}{to_thai_digits(row['score'])}"
            f"{row['grade']}{PASSED if row['passed'] else NOT_PASSED}"
        ), row
    # Tool points (official; the computed 27.59 is a warning of the draft only) and percentages:
    # those of the printed points (27.55 of 30 is 91.83; the seed printed the computed 91.98).
    for fact in ("๒๗.๕๕", "ร้อยละ๙๑.๘๓", "๒๖.๙๙", "ร้อยละ๘๙.๙๘", "๓๔.๔๘", "ร้อยละ๘๖.๒๑"):
        assert has(fact), fact
    assert not has("๒๗.๕๙") and not has("ร้อยละ๙๑.๙๘")
    # Each tool's interpretation and the foreword's third paragraph, as in the seed.
    for fact in (
        "อยู่ในระดับ A บ่งชี้ให้เห็นว่าหน่วยงานมีแนวโน้มการดำเนินงานที่เป็นไปตามหลักการความโปร่งใส",
        "บ่งชี้ให้เห็นว่าผู้มารับบริการมีแนวโน้มความเชื่อมั่น",
        "บ่งชี้ให้เห็นว่า หน่วยงานมีการวางระบบที่ดีเพื่อเปิดเผยข้อมูล",
        "หวังเป็นอย่างยิ่งว่า จะเป็นประโยชน์ในการยกระดับคุณธรรม",
    ):
        assert has(fact), fact
    # History table with direction and change.
    for fact in (
        "๒๕๕๘๖๕.๙๓--",
        "๒๕๕๙๘๐.๘๗เพิ่มขึ้น๑๔.๙๔",
        "๒๕๖๐๙๔.๘๔เพิ่มขึ้น๑๓.๙๗",
        "๒๕๖๑๙๔.๑๓ลดลง-๐.๗๑",
        "๒๕๖๒๘๙.๐๗ลดลง-๕.๐๖",
    ):
        assert has(fact), fact
    # Strengths and weaknesses, each with its narrative.
    assert has("จุดแข็ง (ตัวชี้วัดที่ได้คะแนนตั้งแต่ร้อยละ ๙๐ ขึ้นไป) จำนวน ๔ ตัวชี้วัด คือ")
    assert has("จุดที่ต้องพัฒนา (ตัวชี้วัดที่ได้คะแนนต่ำกว่าร้อยละ ๙๐) จำนวน ๑ ตัวชี้วัด คือ")
    for score in seed_assessment.scores.select_related("indicator"):
        assert has(score.narrative[:120]), score.indicator.number
    assert 16 <= _pages(pdf) <= 25
    meta = subprocess.run(["pdfinfo", "-meta", str(pdf)], capture_output=True, text=True).stdout
    assert 'pdfaid:part="3"' in meta and 'pdfaid:conformance="A"' in meta
    assert _info(pdf)["Tagged"] == "yes"
    # Both charts carry their text alternative, every value, into the tagged PDF (a Figure's /Alt).
    alts = alt_texts(pdf.read_bytes())
    assert len(alts) == 2
    assert "๒๕๕๘ ๖๕.๙๓" in alts[0] and "ตัวชี้วัดที่ ๑๐ การป้องกันการทุจริต ๗๙.๐๒" in alts[1], alts
    assert "สำนักงานเขตพื้นที่การศึกษาประถมศึกษาปทุมธานี เขต ๒" in meta  # author
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True).stdout
    assert "Sarabun" in fonts or "+" in fonts
    assert all(" yes yes " in line for line in fonts.splitlines()[2:]), fonts  # embedded, subset


def test_the_pdf_holds_every_plan_row_and_committee_member(rendered, seed_assessment, tmp_path):
    from actionplans.selectors import plan_for_report
    from committees.selectors import order_for_report

    pdf, html = rendered
    text = compact(pdf_text(pdf.read_bytes(), tmp_path))
    document = html_text(html.read_text(encoding="utf-8"))
    plan = plan_for_report(seed_assessment)
    order = order_for_report(seed_assessment)
    assert plan is not None and plan.rows, "the demo has an action plan"
    for row in plan.rows:
        # A plan row may run over a page break, where pdftotext puts the other cells of the
        # row between its lines: the start of each text in the PDF, the whole in its HTML.
        for activity in row.activities:
            assert compact(activity.text)[:30] in text, activity.text
            assert compact(activity.text) in document, activity.text
            for target in activity.target:
                assert compact(target)[:30] in text and compact(target) in document, target
            for unit in activity.units:
                assert compact(unit)[:30] in text and compact(unit) in document, unit
    # The budget once, in its own column; "ทุกกลุ่ม/หน่วย" instead of every unit's name.
    assert text.count(compact("๒๐๐,๐๐๐")) == 2  # the activity's cell and the plan's total
    assert compact("กลุ่มอำนวยการและทุกกลุ่ม/หน่วย") in text
    assert order is not None, "the demo has a committee order"
    for member in order.members:
        assert compact(f"{member.name}{member.position}{member.role}") in text, member
    cited = compact(f"ที่ {order.number_text} ลงวันที่ {order.signed_date_text}")
    assert order.number_text == "๑๓๓/๒๕๖๓" and order.signed_date_text == "๕ กรกฎาคม พ.ศ. ๒๕๖๓"
    # Once in the table of contents (generated from the order), and the order itself.
    assert text.count(cited) >= 1
    assert compact("ที่ ๑๓๓/๒๕๖๓") in text and compact("สั่ง ณ วันที่ ๕ กรกฎาคม พ.ศ. ๒๕๖๓") in text
    assert compact("๑๗๕/๒๕๖๓") not in text


def test_the_written_html_renders_the_same_pages_with_plain_weasyprint(rendered, tmp_path):
    # Same pages, pixel for pixel; only the text layer differs (plain WeasyPrint reads ำ as า).
    pdf, html = rendered
    plain = tmp_path / "plain.pdf"
    weasyprint = Path(sys.executable).parent / "weasyprint"
    subprocess.run([str(weasyprint), str(html), str(plain)], check=True, capture_output=True)
    assert _pages(plain) == _pages(pdf)
    assert _page_images(plain, tmp_path / "plain") == _page_images(pdf, tmp_path / "ours")


def _page_images(pdf: Path, prefix: Path) -> list[bytes]:
    subprocess.run(["pdftoppm", "-r", "30", "-png", str(pdf), str(prefix)], check=True)
    return [p.read_bytes() for p in sorted(prefix.parent.glob(f"{prefix.name}-*.png"))]


def _page_texts(pdf: Path, *, layout: bool = False) -> list[str]:
    """pdftotext's text of each page (reading order, or as laid out)."""
    mode = "-layout" if layout else "-raw"
    out = subprocess.run(["pdftotext", mode, str(pdf), "-"], capture_output=True, text=True)
    return out.stdout.split("\f")[: _pages(pdf)]


def _page_labels(pdf: Path) -> list[str]:
    """The number printed at the foot of each page ("" where there is none)."""
    labels = []
    for text in _page_texts(pdf):
        # An order page's continuation cue ("/มีหน้าที่...") shares the foot with the number.
        lines = [
            line.strip()
            for line in text.splitlines()
            if line.strip() and not re.fullmatch(r"/.*\.\.\.", line.strip())
        ]
        last = lines[-1] if lines else ""
        labels.append(last if re.fullmatch(r"[0-9๐-๙]+|[ก-ฮ]{1,2}", last) else "")
    return labels


def _render(tmp_path: Path, name: str, *options: str) -> Path:
    pdf = tmp_path / f"{name}.pdf"
    call_command(
        "render_report", "pathumthani-2", "2562", *options, output=str(pdf), stdout=StringIO()
    )
    return pdf


def test_front_matter_is_numbered_in_thai_letters_the_body_from_one_and_the_contents_agree(
    rendered, seed_assessment
):
    pdf, _html = rendered
    labels = _page_labels(pdf)
    # The cover has no number; คำนำ and สารบัญ are ก and ข; the body starts at ๑.
    assert labels[:5] == ["", "ก", "ข", "๑", "๒"]
    assert labels[3:] == [to_thai_digits(n) for n in range(1, len(labels) - 2)]
    # A viewer shows the same labels (/PageLabels), the cover as "ปก" (issue 22).
    assert page_labels(pdf.read_bytes()) == ["ปก", *labels[1:]]
    texts = _page_texts(pdf)
    # The contents (page 3) end each entry's last line with dots and the entry's page number.
    contents = _page_texts(pdf, layout=True)[2]
    cited = re.findall(r"\.{3,}\s*([0-9๐-๙]+|[ก-ฮ]{1,2})\s*$", contents, re.MULTILINE)
    report = build_report(seed_assessment)
    assert len(cited) == len(report.toc)
    pages = [compact(text) for text in texts]
    for entry, number in zip(report.toc, cited, strict=True):
        if entry.level != 1:
            continue
        # Each chapter starts a page: the contents cite that page's number.
        starts = [
            i for i, text in enumerate(pages) if i != 2 and text.startswith(compact(entry.title))
        ]
        assert starts and labels[starts[0]] == number, entry.title


def test_no_line_ends_in_a_split_unit_and_sara_am_reads_back_exactly(rendered, tmp_path):
    pdf, html = rendered
    lines = "".join(_page_texts(pdf, layout=True)).splitlines()
    split = [line for line in lines if re.search(r"(พ\.ศ\.|เขต)\s*$", line)]
    assert split == []
    # Committee members' names are never cut from their surnames (in the HTML as in the PDF).
    document = html.read_text(encoding="utf-8")
    assert '<span class="nobr">น.ส.พิไลภรณ์ ตระกูลพันธุ์เลิศ</span>' in document
    text = pdf_text(pdf.read_bytes(), tmp_path)
    for word in ("ดำเนินงาน", "สำนักงาน", "ต่ำกว่า", "น้ำหนัก", "ผู้รับผิดชอบ", "ความโปร่งใส"):
        assert word in text, word


def test_the_draft_watermark_adds_no_page_and_shifts_no_number(rendered, tmp_path):
    pdf, _html = rendered
    draft = _render(tmp_path, "draft", "--draft")
    assert _page_labels(draft) == _page_labels(pdf)
    assert "ฉบับร่าง" in _page_texts(draft)[0]


def test_arabic_digits_leave_no_thai_digit_anywhere(seed_assessment, tmp_path, media_root):
    pdf = _render(tmp_path, "arabic", "--digits", "arabic")
    pages = _page_texts(pdf)
    assert [i + 1 for i, text in enumerate(pages) if re.search("[๐-๙]", text)] == []
    assert _page_labels(pdf)[:5] == ["", "ก", "ข", "1", "2"]
    text = compact("".join(pages))
    assert compact("ได้คะแนน 89.07 เป็นลำดับที่ 60 จาก 225 หน่วยงาน") in text
    assert compact("สำนักงานเขตพื้นที่การศึกษาประถมศึกษาปทุมธานี เขต 2") in text
    meta = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
    assert "ปทุมธานี เขต 2" in meta  # the author, from the agency's name


def test_weasyprint_ignores_nothing_in_our_stylesheets(
    seed_assessment, tmp_path, media_root, caplog
):
    # WeasyPrint says what it cannot read in a stylesheet on its logger, as "Ignored `…` at
    # line:column", "Invalid media type … the whole @media rule was ignored", "Expected …".
    with caplog.at_level(logging.WARNING, logger="weasyprint"):
        _render(tmp_path, "css")
    complaints = [r.getMessage() for r in caplog.records if r.name.startswith("weasyprint")]
    assert complaints == []


def test_a_retyped_order_numbers_its_own_pages_from_the_second_at_the_top(rendered):
    """The official form of a คำสั่ง: "- ๒ -" heads its second page, none its first (issue 22)."""
    pdf, _html = rendered
    pages = [compact(text) for text in _page_texts(pdf)]
    first = next(i for i, text in enumerate(pages) if text.startswith(compact("คำสั่งสำนักงาน")))
    numbered = [i for i, text in enumerate(pages) if "-๒-" in text]
    assert numbered == [first + 1]  # the demo order has two pages; no other page is numbered so
    assert not any("-๓-" in text for text in pages)
