"""The report's charts: every value readable (no reference line through it) and told in words."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest

from reports import charts

PASS = charts.Line(value=Decimal("85"), label="เกณฑ์ผ่าน 85.00", color="#b71c1c")
STRENGTH = charts.Line(value=Decimal("90"), label="จุดแข็ง 90.00", color="#1f4e8c", dash="5 3")
BARS = [
    charts.Bar(
        label="1", value=Decimal("86.64"), value_text="86.64", color="#43a047", title="ตัวชี้วัดที่ 1"
    ),
    charts.Bar(
        label="2", value=Decimal("90.94"), value_text="90.94", color="#43a047", title="ตัวชี้วัดที่ 2"
    ),
]


def _y(svg: str, pattern: str) -> list[float]:
    return [float(v) for v in re.findall(pattern, svg)]


def test_bar_values_are_drawn_over_the_reference_lines_on_a_white_ground():
    svg = str(charts.indicator_bars(BARS, [PASS, STRENGTH], title="คะแนนรายตัวชี้วัด"))
    last_line = max(svg.index('stroke="#b71c1c"'), svg.index('stroke="#1f4e8c"'))
    for bar in BARS:
        label = svg.index(f'font-size="13">{bar.value_text}</text>')
        assert label > last_line  # drawn after the lines: on top of them
        ground = svg.rfind('fill="#ffffff"', 0, label)
        assert last_line < ground < label  # its white ground hides the line behind it


def test_the_labels_of_close_reference_lines_do_not_overlap():
    svg = str(charts.indicator_bars(BARS, [PASS, STRENGTH], title="คะแนนรายตัวชี้วัด"))
    label_ys = _y(svg, r'<text x="[0-9.]+" y="([0-9.]+)" font-size="13" fill="#')
    assert len(label_ys) == 2 and abs(label_ys[0] - label_ys[1]) >= 14


def test_the_chart_title_tells_every_value_and_the_reference_lines():
    svg = str(charts.indicator_bars(BARS, [PASS, STRENGTH], title="คะแนนรายตัวชี้วัด"))
    title = re.search(r"<svg[^>]*><title>([^<]*)</title>", svg).group(1)
    assert title == (
        "คะแนนรายตัวชี้วัด: ตัวชี้วัดที่ 1 86.64; ตัวชี้วัดที่ 2 90.94 (เส้นอ้างอิง: เกณฑ์ผ่าน 85.00; จุดแข็ง 90.00)"
    )
    points = [charts.Point(label="2561", value=Decimal("80.87"), value_text="80.87")]
    trend = str(charts.history_trend(points, title="ผลคะแนน", lines=[PASS]))
    assert "<title>ผลคะแนน: 2561 80.87 (เส้นอ้างอิง: เกณฑ์ผ่าน 85.00)</title>" in trend


def _boxes(svg: str) -> list[tuple[float, float, float, float]]:
    """(x, y, width, height) of every value label's ground."""
    found = re.findall(
        r'<rect class="value-label" x="([-0-9.]+)" y="([-0-9.]+)" width="([0-9.]+)" '
        r'height="([0-9.]+)"',
        svg,
    )
    return [tuple(float(v) for v in box) for box in found]


def _reference_lines(svg: str) -> list[tuple[float, float, float]]:
    """(x1, x2, y) of every reference line."""
    found = re.findall(
        r'<line class="reference-line" x1="([0-9.]+)" x2="([0-9.]+)" y1="([0-9.]+)"', svg
    )
    return [tuple(float(v) for v in line) for line in found]


def _struck(svg: str) -> list[tuple[float, float]]:
    """(label y, line y) of every label box a reference line crosses (its 1.5 stroke counted)."""
    return [
        (by, ly)
        for bx, by, bw, bh in _boxes(svg)
        for x1, x2, ly in _reference_lines(svg)
        if x1 <= bx + bw and bx <= x2 and by - 0.75 <= ly <= by + bh + 0.75
    ]


VALUES_NEAR_THE_LINES = [Decimal("84.5") + Decimal("0.25") * i for i in range(25)]  # 84.5–90.5


def test_no_bar_value_label_is_struck_by_a_reference_line():
    bars = [
        charts.Bar(label=str(i), value=v, value_text=f"{v:.2f}", color="#43a047", title=f"{i}")
        for i, v in enumerate(VALUES_NEAR_THE_LINES, start=1)
    ]
    svg = str(charts.indicator_bars(bars, [PASS, STRENGTH], title="คะแนน", width=1400))
    assert len(_boxes(svg)) == len(bars) and len(_reference_lines(svg)) == 2
    assert _struck(svg) == []


def test_no_trend_value_label_is_struck_by_a_reference_line():
    for value in VALUES_NEAR_THE_LINES:
        points = [charts.Point(label="2563", value=value, value_text=f"{value:.2f}")]
        svg = str(charts.history_trend(points, title="ผลคะแนน", lines=[PASS, STRENGTH]))
        assert _struck(svg) == [], value


def test_a_label_that_cannot_go_above_the_lines_goes_below_them():
    # Lines near the top of the chart: no room above, so the label sits under the lower line;
    # a label just under a line goes below it rather than far above the next.
    assert charts.label_baseline(20, 13, [10.0, 18.0], floor=0) > 18 + 13
    assert charts.label_baseline(60, 13, [10.0, 18.0], floor=0) == 60  # clear: left where it was
    assert charts.label_baseline(100, 13, [90.0, 60.0]) == pytest.approx(90 + 13 + 2.1)
