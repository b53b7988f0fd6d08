"""Static, accessible SVG line charts, drawn at build time: no JavaScript, no external references.

Each chart has a title and a description for screen readers (role="img", aria-labelledby),
and pages print the same figures in a table beside it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from xml.sax.saxutils import escape

WIDTH, HEIGHT = 640, 260
PHONE_WIDTH, PHONE_HEIGHT = 360, 220
"""A chart is drawn at two sizes, for a column about 640 px wide and for a phone's, and the
stylesheet shows the one that fits: drawn at 640 and shrunk to a phone's 358 px, its 12 px
labels were 6.7 px high."""
LEFT, RIGHT, TOP, BOTTOM = 56, 16, 16, 44
TICK_CHARACTER = 7.5
"""Width of a character of an axis label (12px; DejaVu Sans is about 0.6em a character), with room to spare."""


def nice_top(value: float) -> float:
    """The axis's top: the first round figure (1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6 or 8 times a
    power of ten) at or above ``value``, so that the axis reads 0, 7,500 and 15,000, not 0,
    7,096 and 14,192."""
    if value <= 0:
        return 1.0
    power = 10.0 ** math.floor(math.log10(value))
    steps = (1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10)
    return next(step * power for step in steps if step * power >= value * (1 - 1e-12))


def tick(value: float) -> str:
    """An axis figure: whole numbers with thousands separators, fractions to two places at most."""
    return f"{value:,.0f}" if value == round(value) else f"{value:,.2f}".rstrip("0").rstrip(".")


@dataclass(frozen=True)
class Line:
    """A horizontal reference line: a target or a minimum service level."""

    label: str
    value: float
    dash: str


def worth_drawing(points: list[tuple[str, float]], lines: tuple[Line, ...] = ()) -> bool:
    """Whether a chart would show anything its table does not: two points or more to follow,
    or one against a reference line. A single point on empty axes is a table cell drawn large."""
    return len(points) > 1 or bool(points and lines)


def line_chart(chart_id: str, title: str, description: str, points: list[tuple[str, float]],
               unit: str = "", lines: tuple[Line, ...] = (), y_max: float | None = None) -> str:
    """An SVG chart of ``points`` (label, value) with optional reference lines, drawn for a
    wide column and again for a phone (``hl-chart--phone``, left out of the search index)."""
    return (_chart(chart_id, title, description, points, unit, lines, y_max, WIDTH, HEIGHT, "hl-chart--wide")
            + _chart(f"{chart_id}-phone", title, description, points, unit, lines, y_max, PHONE_WIDTH,
                     PHONE_HEIGHT, "hl-chart--phone", ' data-pagefind-ignore="all"'))


def _chart(chart_id: str, title: str, description: str, points: list[tuple[str, float]], unit: str,
           lines: tuple[Line, ...], y_max: float | None, width: int, height: int, size: str, attrs: str = "") -> str:
    values = [v for _, v in points] + [line.value for line in lines]
    top = y_max if y_max is not None else nice_top(max([*values, 1.0]) * 1.05)
    bottom = min(0.0, *values) if values else 0.0
    span = (top - bottom) or 1.0
    inner_w, inner_h = width - LEFT - RIGHT, height - TOP - BOTTOM
    step = inner_w / max(len(points) - 1, 1)

    def x(i: int) -> float:
        return LEFT + (i * step if len(points) > 1 else inner_w / 2)

    def y(v: float) -> float:
        return TOP + inner_h * (1 - (v - bottom) / span)

    out = [f'<svg xmlns="http://www.w3.org/2000/svg" class="hl-chart {size}" viewBox="0 0 {width} {height}" '
           f'role="img" aria-labelledby="{chart_id}-title {chart_id}-desc"{attrs}>',
           f'<title id="{chart_id}-title">{escape(title)}</title>',
           f'<desc id="{chart_id}-desc">{escape(description)}</desc>',
           f'<line x1="{LEFT}" y1="{TOP + inner_h}" x2="{width - RIGHT}" y2="{TOP + inner_h}" class="hl-chart-axis"/>',
           f'<line x1="{LEFT}" y1="{TOP}" x2="{LEFT}" y2="{TOP + inner_h}" class="hl-chart-axis"/>']
    for fraction in (0, 0.5, 1):
        value = bottom + span * fraction
        out.append(f'<text x="{LEFT - 6}" y="{y(value) + 4:.1f}" text-anchor="end" class="hl-chart-tick">'
                   f'{tick(value)}{escape(unit)}</text>')
    for line in lines:
        out.append(f'<line x1="{LEFT}" y1="{y(line.value):.1f}" x2="{width - RIGHT}" y2="{y(line.value):.1f}" '
                   f'class="hl-chart-ref" stroke-dasharray="{line.dash}"/>')
        out.append(f'<text x="{width - RIGHT}" y="{y(line.value) - 4:.1f}" text-anchor="end" class="hl-chart-tick">'
                   f'{escape(line.label)} {line.value:g}{escape(unit)}</text>')
    if len(points) > 1:
        path = " ".join(f"{x(i):.1f},{y(v):.1f}" for i, (_, v) in enumerate(points))
        out.append(f'<polyline points="{path}" class="hl-chart-line" fill="none"/>')
    labelled = _labelled(points, step)
    for i, (label, value) in enumerate(points):
        out.append(f'<circle cx="{x(i):.1f}" cy="{y(value):.1f}" r="4" class="hl-chart-point"/>')
        if i in labelled:
            # Centred under its point, but never past the chart's right edge.
            centre = min(x(i), width - 1 - len(label) * TICK_CHARACTER / 2)
            out.append(f'<text x="{centre:.1f}" y="{height - BOTTOM + 18}" text-anchor="middle" '
                       f'class="hl-chart-tick">{escape(label)}</text>')
    out.append("</svg>")
    return "".join(out)


def _labelled(points: list[tuple[str, float]], step: float) -> set[int]:
    """The points whose label is written under the axis: the last, and every so many before
    it, as many as fit side by side without touching (the last one pulled in from the edge)."""
    if len(points) < 2:
        return set(range(len(points)))
    widest = max(len(label) for label, _ in points) * TICK_CHARACTER
    pulled_in = max(0.0, widest / 2 + 1 - RIGHT)
    every = max(1, math.ceil((widest + 12 + pulled_in) / step))
    return set(range(len(points) - 1, -1, -every))
