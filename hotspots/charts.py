"""Server-side SVG charts: one code path for pages and PDFs.

Accessible (role="img", a <title> and a <desc> that says the numbers), self-contained (no
external references, no script) and deterministic (the same input gives the same bytes).
"""

import hashlib
import json
import math
from html import escape

WIDTH, HEIGHT = 640, 320
LEFT, RIGHT, TOP, BOTTOM = 56, 16, 40, 64
MAX_AXIS_LABELS = 12
# Colours from the GOV.UK palette, each series also told apart by its dash pattern and marker.
STYLES = [
    ("#1d70b8", "", "circle"),
    ("#d4351c", "6 4", "square"),
    ("#00703c", "2 3", "diamond"),
    ("#4c2c92", "10 3 2 3", "circle"),
    ("#f47738", "1 2", "square"),
]


# The PDFs' own font first (WeasyPrint draws a chart's text with the report's @font-face fonts);
# a browser without it installed uses Arial, as before.
CHART_FONTS = "'Atkinson Hyperlegible', Arial, Helvetica, sans-serif"


def _fmt(value: float) -> str:
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


def _nice_max(value: float) -> float:
    """The smallest of 5, 10, 25, 50, 100, 250... at or above the value: five even gridline steps."""
    magnitude = 1
    while True:
        for step in (1, 2, 5):
            if value <= step * magnitude * 5:
                return step * magnitude * 5
        magnitude *= 10


def _marker(shape: str, x: float, y: float, colour: str) -> str:
    if shape == "square":
        return f'<rect x="{x - 3.5:.1f}" y="{y - 3.5:.1f}" width="7" height="7" fill="{colour}"/>'
    if shape == "diamond":
        return (
            f'<path d="M{x:.1f} {y - 4.5:.1f}L{x + 4.5:.1f} {y:.1f}L{x:.1f} {y + 4.5:.1f}'
            f'L{x - 4.5:.1f} {y:.1f}Z" fill="{colour}"/>'
        )
    return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3.5" fill="{colour}"/>'


def _clean(labels: list[str], series: dict) -> dict[str, list[float | None]]:
    return {
        str(name): [None if v is None else float(v) for v in (values or [])][: len(labels)]
        for name, values in series.items()
    }


def _description(labels, clean, marker_index, marker_label) -> str:
    """Every value the chart draws, in words: its <desc>, and a PDF image's text alternative."""
    parts = []
    for name, values in clean.items():
        numbers = ", ".join(
            f"{label} {_fmt(v)}" for label, v in zip(labels, values, strict=False) if v is not None
        )
        parts.append(f"{name}: {numbers or 'no data'}.")
    if marker_index is not None and 0 <= marker_index < len(labels):
        parts.append(f"{marker_label or 'Marker'} at {labels[marker_index]}.")
    return " ".join(parts) or "No data."


def series_chart_svg(
    *,
    title: str,
    labels: list[str],
    series: dict[str, list[float]],
    marker_index: int | None = None,
    marker_label: str = "",
) -> str:
    """A line chart of one or more series over the same labels, with an optional vertical marker."""
    labels = [str(label) for label in labels]
    clean = _clean(labels, series)
    digest = hashlib.sha256(
        json.dumps([title, labels, clean, marker_index, marker_label], sort_keys=True).encode()
    ).hexdigest()[:10]
    chart_id = f"chart-{digest}"

    desc = _description(labels, clean, marker_index, marker_label)

    plot_w = WIDTH - LEFT - RIGHT
    plot_h = HEIGHT - TOP - BOTTOM
    top_value = _nice_max(max([v for values in clean.values() for v in values if v is not None] or [0]))
    n = len(labels)

    def x_at(i: float) -> float:
        return LEFT + (plot_w * (i + 0.5) / n if n else 0)

    def y_at(v: float) -> float:
        return TOP + plot_h - plot_h * (v / top_value)

    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" width="{WIDTH}" '
        f'height="{HEIGHT}" role="img" aria-labelledby="{chart_id}-title {chart_id}-desc" '
        f'class="app-chart" style="max-width: 100%; height: auto" font-family="{CHART_FONTS}" font-size="12">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(desc)}</desc>',
        f'<rect x="0" y="0" width="{WIDTH}" height="{HEIGHT}" fill="#ffffff"/>',
        f'<text x="{LEFT}" y="20" font-size="14" font-weight="bold" fill="#0b0c0c">{escape(title)}</text>',
    ]
    # Gridlines and y axis labels: five steps.
    for step in range(6):
        value = top_value * step / 5
        y = y_at(value)
        out.append(
            f'<line x1="{LEFT}" y1="{y:.1f}" x2="{WIDTH - RIGHT}" y2="{y:.1f}" stroke="#b1b4b6" stroke-width="1"/>'
        )
        out.append(
            f'<text x="{LEFT - 6}" y="{y + 4:.1f}" text-anchor="end" fill="#0b0c0c">{_fmt(value)}</text>'
        )
    # At most about a dozen axis labels: more would overlap (every value is in <desc>).
    step = max(1, math.ceil(n / MAX_AXIS_LABELS))
    for i, label in enumerate(labels):
        if i % step:
            continue
        out.append(
            f'<text x="{x_at(i):.1f}" y="{TOP + plot_h + 16}" text-anchor="middle" fill="#0b0c0c">'
            f"{escape(label)}</text>"
        )
    if marker_index is not None and 0 <= marker_index < n:
        x = x_at(marker_index - 0.5)
        out.append(
            f'<line x1="{x:.1f}" y1="{TOP}" x2="{x:.1f}" y2="{TOP + plot_h}" stroke="#0b0c0c" '
            'stroke-width="2" stroke-dasharray="4 3"/>'
        )
        if marker_label:
            out.append(f'<text x="{x + 4:.1f}" y="{TOP + 12}" fill="#0b0c0c">{escape(marker_label)}</text>')
    for index, (name, values) in enumerate(clean.items()):
        colour, dash, shape = STYLES[index % len(STYLES)]
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        segment = []
        segments = []
        for i, v in enumerate(values):
            if v is None:
                if segment:
                    segments.append(segment)
                segment = []
                continue
            segment.append((x_at(i), y_at(v)))
        if segment:
            segments.append(segment)
        for points in segments:
            path = " ".join(f"{'M' if k == 0 else 'L'}{x:.1f} {y:.1f}" for k, (x, y) in enumerate(points))
            out.append(f'<path d="{path}" fill="none" stroke="{colour}" stroke-width="2.5"{dash_attr}/>')
            out.extend(_marker(shape, x, y, colour) for x, y in points)
        # Legend below the axis labels.
        lx = LEFT + index * 150
        ly = HEIGHT - 18
        out.append(
            f'<line x1="{lx}" y1="{ly}" x2="{lx + 28}" y2="{ly}" stroke="{colour}" stroke-width="2.5"{dash_attr}/>'
        )
        out.append(_marker(shape, lx + 14, ly, colour))
        out.append(f'<text x="{lx + 34}" y="{ly + 4}" fill="#0b0c0c">{escape(name)}</text>')
    out.append("</svg>")
    return "\n".join(out)


def _line_chart(figures) -> dict:
    names = {"target": "Target area", "buffer": "Buffer ring", "control": "Control area"}
    return {
        "labels": [str(label) for label in figures.months],
        "series": {names[region]: values for region, values in figures.monthly.items() if values is not None},
        "marker_index": figures.chart.get("marker_index"),
        "marker_label": figures.chart.get("marker_label", ""),
    }


def line_chart_svg(figures) -> str:
    """Monthly counts for target, buffer and control with the response start marked."""
    return series_chart_svg(
        title=f"{figures.crime_family} in {figures.area}, by month", **_line_chart(figures)
    )


def line_chart_description(figures) -> str:
    """What line_chart_svg draws, in words (its <desc>)."""
    chart = _line_chart(figures)
    labels = chart["labels"]
    return _description(labels, _clean(labels, chart["series"]), chart["marker_index"], chart["marker_label"])
