"""Charts drawn on the server as SVG text, so the HTML page and the PDF show the same picture.

Inputs are plain values (already formatted labels); every text is escaped here.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

FONT = "Sarabun, sans-serif"


@dataclass(frozen=True)
class Bar:
    label: str  # short label under the bar (indicator number)
    value: Decimal
    value_text: str
    color: str
    title: str  # full name, for the accessible <title>


@dataclass(frozen=True)
class Line:
    value: Decimal
    label: str
    color: str
    dash: str = ""


@dataclass(frozen=True)
class Point:
    label: str
    value: Decimal
    value_text: str


def _num(value: float) -> str:
    return f"{value:.1f}"


def _scale(top: float, plot_h: float) -> Callable[[Decimal | float], float]:
    """Vertical position of a 0–100 value inside the plot area."""

    def y(value: Decimal | float) -> float:
        return top + plot_h * (1 - float(value) / 100)

    return y


def _alt_text(title: str, items: Sequence[tuple[str, str]], lines: Sequence[Line]) -> str:
    """The chart's text alternative (its <title>: the PDF's /Alt, the page's accessible name):
    the title, then every value, then the reference lines."""
    values = "; ".join(f"{label} {value}" for label, value in items)
    references = "; ".join(line.label for line in lines)
    return f"{title}: {values}" + (f" (เส้นอ้างอิง: {references})" if references else "")


def _open_with_grid(
    width: int,
    height: int,
    alt: str,
    axis_text: Callable[[int], str],
    left: float,
    plot_w: float,
    y: Callable[[Decimal | float], float],
) -> list[str]:
    """The <svg> opening with its text alternative, and the 0–100 grid with its axis labels."""
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" font-family="{FONT}" font-size="14">',
        f"<title>{escape(alt)}</title>",
    ]
    for tick in range(0, 101, 20):
        parts.append(
            f'<line x1="{left}" x2="{left + plot_w}" y1="{_num(y(tick))}" y2="{_num(y(tick))}" '
            'stroke="#dddddd" stroke-width="0.5"/>'
            f'<text x="{left - 6}" y="{_num(y(tick) + 4)}" text-anchor="end" fill="#555555">'
            f"{escape(axis_text(tick))}</text>"
        )
    return parts


LABEL_GAP = 2.0  # clear space between a value's label and a reference line (stroke included)


def label_baseline(
    baseline: float, size: int, line_ys: Sequence[float], *, floor: float = 0.0
) -> float:
    """The baseline nearest the wanted one whose label box (baseline - size to baseline + 3)
    keeps LABEL_GAP from every reference line: moved up above the lines it would cross, or down
    below them, whichever moves it less (up only while the box stays below floor)."""

    def crossed(base: float) -> list[float]:
        return [ly for ly in line_ys if base - size - LABEL_GAP <= ly <= base + 3 + LABEL_GAP]

    up = down = baseline
    while hits := crossed(up):
        up = min(hits) - 3 - LABEL_GAP - 0.1
    while hits := crossed(down):
        down = max(hits) + size + LABEL_GAP + 0.1
    if up - size < floor or down - baseline < baseline - up:
        return down
    return up


def _value_label(x: float, baseline: float, text: str, size: int = 12) -> str:
    """A value's text on a white ground (kept clear of the reference lines by label_baseline)."""
    width = len(text) * size * 0.56 + 4
    return (
        f'<rect class="value-label" x="{_num(x - width / 2)}" y="{_num(baseline - size)}" '
        f'width="{_num(width)}" height="{size + 3}" fill="#ffffff" fill-opacity="0.9"/>'
        f'<text x="{_num(x)}" y="{_num(baseline)}" text-anchor="middle" font-size="{size}">'
        f"{escape(text)}</text>"
    )


def _reference_lines(
    lines: Sequence[Line], left: float, plot_w: float, y: Callable[[Decimal | float], float]
) -> list[str]:
    """Horizontal reference lines, each labelled at the right; labels kept 14 units apart."""
    parts = []
    placed: list[float] = []
    for line in sorted(lines, key=lambda item: item.value, reverse=True):
        ly = y(line.value)
        label_y = max([ly + 4, *(p + 14 for p in placed)])
        placed.append(label_y)
        dash = f' stroke-dasharray="{escape(line.dash)}"' if line.dash else ""
        parts.append(
            f'<line class="reference-line" x1="{left}" x2="{left + plot_w}" y1="{_num(ly)}" '
            f'y2="{_num(ly)}" stroke="{escape(line.color)}" stroke-width="1.5"{dash}/>'
            f'<text x="{left + plot_w + 6}" y="{_num(label_y)}" font-size="13" '
            f'fill="{escape(line.color)}">{escape(line.label)}</text>'
        )
    return parts


def indicator_bars(
    bars: Sequence[Bar],
    lines: Sequence[Line],
    *,
    title: str,
    axis_text: Callable[[int], str] = str,
    width: int = 640,
    height: int = 300,
) -> SafeString:
    """Vertical bars 0–100 with horizontal reference lines (pass mark, strength threshold)."""
    left, right, top, bottom = 40, 120, 20, 40
    plot_w, plot_h = width - left - right, height - top - bottom
    y = _scale(top, plot_h)
    alt = _alt_text(title, [(bar.title, bar.value_text) for bar in bars], lines)
    parts = _open_with_grid(width, height, alt, axis_text, left, plot_w, y)
    line_ys = [y(line.value) for line in lines]
    slot = plot_w / max(len(bars), 1)
    bar_w = slot * 0.6
    labels = []
    for i, bar in enumerate(bars):
        x = left + slot * i + (slot - bar_w) / 2
        top_y = y(bar.value)
        parts.append(
            f"<g><title>{escape(bar.title)}: {escape(bar.value_text)}</title>"
            f'<rect x="{_num(x)}" y="{_num(top_y)}" width="{_num(bar_w)}" '
            f'height="{_num(top + plot_h - top_y)}" fill="{escape(bar.color)}"/>'
            f'<text x="{_num(x + bar_w / 2)}" y="{_num(top + plot_h + 16)}" text-anchor="middle">'
            f"{escape(bar.label)}</text></g>"
        )
        baseline = label_baseline(top_y - 4, 13, line_ys)
        labels.append(_value_label(x + bar_w / 2, baseline, bar.value_text, size=13))
    parts += _reference_lines(lines, left, plot_w, y)
    parts += labels
    parts.append(
        f'<line x1="{left}" x2="{left}" y1="{top}" y2="{top + plot_h}" stroke="#333333"/>'
        f'<line x1="{left}" x2="{left + plot_w}" y1="{top + plot_h}" y2="{top + plot_h}" stroke="#333333"/>'
        "</svg>"
    )
    return mark_safe("".join(parts))  # every interpolated text above is escaped


def history_trend(
    points: Sequence[Point],
    *,
    title: str,
    axis_text: Callable[[int], str] = str,
    lines: Sequence[Line] = (),
    width: int = 640,
    height: int = 260,
) -> SafeString:
    """A line of totals by year, each point labelled with its value."""
    left, right, top, bottom = 40, 120, 20, 36
    plot_w, plot_h = width - left - right, height - top - bottom
    y = _scale(top, plot_h)
    alt = _alt_text(title, [(point.label, point.value_text) for point in points], lines)
    parts = _open_with_grid(width, height, alt, axis_text, left, plot_w, y)
    parts += _reference_lines(
        [Line(line.value, line.label, line.color, line.dash or "4 3") for line in lines],
        left,
        plot_w,
        y,
    )
    line_ys = [y(line.value) for line in lines]
    step = plot_w / max(len(points), 1)
    coords = [(left + step * (i + 0.5), y(p.value)) for i, p in enumerate(points)]
    if len(coords) > 1:
        path = " ".join(f"{_num(cx)},{_num(cy)}" for cx, cy in coords)
        parts.append(f'<polyline points="{path}" fill="none" stroke="#1f4e8c" stroke-width="2"/>')
    for (cx, cy), point in zip(coords, points, strict=True):
        parts.append(
            f"<g><title>{escape(point.label)}: {escape(point.value_text)}</title>"
            f'<circle cx="{_num(cx)}" cy="{_num(cy)}" r="4" fill="#1f4e8c"/>'
            + _value_label(cx, label_baseline(cy - 8, 13, line_ys), point.value_text, size=13)
            + f'<text x="{_num(cx)}" y="{_num(top + plot_h + 18)}" text-anchor="middle">'
            f"{escape(point.label)}</text></g>"
        )
    parts.append(
        f'<line x1="{left}" x2="{left + plot_w}" y1="{top + plot_h}" y2="{top + plot_h}" stroke="#333333"/>'
        "</svg>"
    )
    return mark_safe("".join(parts))  # every interpolated text above is escaped
