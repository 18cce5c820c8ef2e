"""Server-side SVG charts drawn with matplotlib: one code path for pages and PDFs.

Accessible (role="img", a <title> and a <desc> that says the numbers; the pages put the
figures in a table beside it), self-contained (no external references, no script, no <style>
element that would reach the rest of the page) and deterministic (a fixed hash salt and no
date: the same input gives the same bytes). Text stays text (svg.fonttype "none"), so the
PDFs draw it in the report's own font.

matplotlib lays the text out with DejaVu Sans, which it ships, and the SVG names the
project's font first: DejaVu Sans is about 15% wider than Atkinson Hyperlegible and wider
than Arial, so text drawn in either takes less room than the layout gave it and nothing
that was apart in the layout can touch.
"""

import functools
import hashlib
import io
import json
import math
import re
import textwrap
from html import escape

import matplotlib
from matplotlib.backends.backend_svg import FigureCanvasSVG
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.lines import Line2D
from matplotlib.textpath import TextToPath

WIDTH, HEIGHT = 640, 360  # pixels (the SVG backend draws at 72 per inch: 1 pt = 1 px)
FONT_SIZE = 12
TITLE_WIDTH = 70  # characters a title line holds before it wraps
LEGEND_LABEL_WIDTH = 28  # characters a legend label line holds before it wraps
MAX_INTERVALS = 6  # the y axis has at most this many steps between ticks
NICE_STEPS = (1, 2, 2.5, 5)
TEXT = "#0b0c0c"
GRID = "#b1b4b6"
# Colours from the GOV.UK palette, each series also told apart by its dash pattern and marker.
STYLES = [
    ("#1d70b8", "-", "o"),
    ("#d4351c", (0, (6, 4)), "s"),
    ("#00703c", (0, (2, 3)), "D"),
    ("#4c2c92", (0, (10, 3, 2, 3)), "^"),
    ("#f47738", (0, (1, 2)), "v"),
]
MARKER_STYLE = (0, (4, 3))
_TEXT_PATH = TextToPath()

# The PDFs' own font first (WeasyPrint draws a chart's text with the report's @font-face fonts);
# a browser without it uses Arial.
CHART_FONTS = "'Atkinson Hyperlegible', Arial, Helvetica, sans-serif"
LAYOUT_FONT = "DejaVu Sans"

# Read when a figure is saved; set once, here, so every chart is drawn the same way.
matplotlib.rcParams.update(
    {
        "svg.fonttype": "none",
        "svg.hashsalt": "hotspots-charts",
        "svg.id": None,
        "font.family": [LAYOUT_FONT],
        "font.size": FONT_SIZE,
        "text.color": TEXT,
        "axes.labelcolor": TEXT,
        "xtick.color": TEXT,
        "ytick.color": TEXT,
        "axes.edgecolor": TEXT,
        "path.simplify": False,
    }
)


def _fmt(value: float) -> str:
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


def nice_axis(peak: float) -> tuple[float, float]:
    """(step, top): a step of 1, 2, 2.5 or 5 x 10^n and the first tick at or above the peak,
    with at most MAX_INTERVALS steps. A peak of 110 gives (20, 120); nothing gives (1, 1)."""
    if peak <= 0:
        return 1.0, 1.0
    magnitude = 10.0 ** math.floor(math.log10(peak / MAX_INTERVALS))
    while True:
        for multiple in NICE_STEPS:
            step = multiple * magnitude
            intervals = math.ceil(round(peak / step, 9))
            if intervals <= MAX_INTERVALS:
                return step, step * intervals
        magnitude *= 10


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


def _wrap(text: str, width: int) -> str:
    return "\n".join(textwrap.wrap(text, width=width, break_long_words=False, break_on_hyphens=True)) or text


def _draw(*, title, labels, clean, marker_index, marker_label):
    """The figure, laid out: x labels thinned until none touches, the legend below the axes."""
    figure = Figure(figsize=(WIDTH / 72, HEIGHT / 72), dpi=72, facecolor="#ffffff", layout="constrained")
    FigureCanvasSVG(figure)
    axes = figure.add_subplot()
    axes.set_title(_wrap(title, TITLE_WIDTH), loc="left", fontsize=FONT_SIZE + 2, fontweight="bold")
    n = len(labels)
    handles = []
    for index, (name, values) in enumerate(clean.items()):
        colour, dash, marker = STYLES[index % len(STYLES)]
        ys = [math.nan if v is None else v for v in values] + [math.nan] * (n - len(values))
        (line,) = axes.plot(
            range(n), ys, color=colour, linestyle=dash, linewidth=2.5, marker=marker, markersize=6
        )
        line.set_label(_wrap(name, LEGEND_LABEL_WIDTH))
        handles.append(line)
    if marker_index is not None and 0 <= marker_index < n:
        label = marker_label or f"Marker at {labels[marker_index]}"
        axes.axvline(marker_index - 0.5, color=TEXT, linestyle=MARKER_STYLE, linewidth=2)
        handles.append(
            Line2D(
                [],
                [],
                color=TEXT,
                linestyle=MARKER_STYLE,
                linewidth=2,
                label=_wrap(label, LEGEND_LABEL_WIDTH),
            )
        )

    peak = max([v for values in clean.values() for v in values if v is not None] or [0])
    step, top = nice_axis(peak)
    axes.set_ylim(0, top)
    axes.set_yticks([step * i for i in range(round(top / step) + 1)])
    axes.set_yticklabels([_fmt(step * i) for i in range(round(top / step) + 1)])
    axes.set_xlim(-0.5, max(n, 1) - 0.5)
    axes.grid(axis="y", color=GRID, linewidth=1)
    axes.set_axisbelow(True)
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)

    if handles:
        legend_kwargs = {"handlelength": 3, "handletextpad": 0.8, "columnspacing": 2.0}
        figure.legend(
            handles=handles,
            loc="outside lower left",
            ncols=_legend_columns(handles, legend_kwargs),
            frameon=False,
            alignment="left",
            **legend_kwargs,
        )
    if n:
        _thin_x_labels(axes, labels, plot_width=WIDTH - 3 * FONT_SIZE - _text_width(_fmt(top)))
    else:
        axes.set_xticks([])
    return figure


def _text_width(text: str, size: float = FONT_SIZE) -> float:
    """The width in pixels of the widest line of a text in the layout font, at this size."""
    prop = FontProperties(family=LAYOUT_FONT, size=size)
    return max(
        _TEXT_PATH.get_text_width_height_descent(line, prop, ismath=False)[0] for line in text.split("\n")
    )


def _legend_columns(handles, kwargs) -> int:
    """As many columns as fit the width: fewer when the labels are long."""
    entries = [
        (kwargs["handlelength"] + kwargs["handletextpad"]) * FONT_SIZE + _text_width(h.get_label())
        for h in handles
    ]
    gap = kwargs["columnspacing"] * FONT_SIZE
    for columns in range(len(handles), 1, -1):
        widths = [max(entries[c::columns]) for c in range(columns)]
        if sum(widths) + gap * (columns - 1) <= WIDTH - 2 * FONT_SIZE:
            return columns
    return 1


def _thin_x_labels(axes, labels, *, plot_width: float):
    """Label every k-th position, the smallest k at which no two labels come within 6 pixels
    (every value is in the table beside the chart and in its description). plot_width is
    less than the width the layout gives the plot, so the labels get more room than counted."""
    n = len(labels)
    wrapped = [_wrap(label, 12) for label in labels]
    spacing = (plot_width - 2 * FONT_SIZE) / n
    widest = max(_text_width(label) for label in wrapped)
    every = min(n, max(1, math.ceil((widest + 6) / spacing)))
    positions = list(range(0, n, every))
    axes.set_xticks(positions)
    axes.set_xticklabels([wrapped[i] for i in positions])


def chart_figure(*, title, labels, series, marker_index=None, marker_label=""):
    """The laid-out matplotlib figure (for tests that measure what the renderer placed)."""
    labels = [str(label) for label in labels]
    return _draw(
        title=title,
        labels=labels,
        clean=_clean(labels, series),
        marker_index=marker_index,
        marker_label=marker_label,
    )


_ID = re.compile(r'\bid="([^"]+)"')


def _accessible(svg: str, *, chart_id: str, title: str, desc: str) -> str:
    """matplotlib's SVG as a chart the page can hold inline: no prolog, no metadata, no <style>
    element (it would style the whole page), ids made unique to this chart, and role, title and
    description on the root."""
    svg = svg[svg.index("<svg") :]
    svg = re.sub(r"\s*<metadata>.*?</metadata>", "", svg, flags=re.S)
    svg = re.sub(r"\s*<defs>\s*<style[^>]*>.*?</style>\s*</defs>", "", svg, flags=re.S)
    ids = _ID.findall(svg)
    for old in sorted(set(ids), key=len, reverse=True):
        new = f"{chart_id}-{old}"
        svg = svg.replace(f'id="{old}"', f'id="{new}"')
        svg = svg.replace(f'"#{old}"', f'"#{new}"').replace(f"url(#{old})", f"url(#{new})")
    svg = svg.replace("font-family: 'DejaVu Sans'", f"font-family: {CHART_FONTS}")
    svg = svg.replace('xmlns:xlink="http://www.w3.org/1999/xlink" ', "")
    svg = svg.replace("xlink:href=", "href=")
    root_end = svg.index(">")
    root = (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" width="{WIDTH}" '
        f'height="{HEIGHT}" role="img" aria-labelledby="{chart_id}-title {chart_id}-desc" '
        f'class="app-chart" style="max-width: 100%; height: auto" '
        f'stroke-linejoin="round" stroke-linecap="butt">'
        f'\n<title id="{chart_id}-title">{escape(title)}</title>'
        f'\n<desc id="{chart_id}-desc">{escape(desc)}</desc>'
    )
    return root + svg[root_end + 1 :]


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
    # Keys in their order, not sorted: the series' order is their colours' and the legend's.
    return _render(json.dumps([title, labels, clean, marker_index, marker_label]))


@functools.lru_cache(maxsize=256)
def _render(key: str) -> str:
    """The SVG for one chart's data (as JSON): drawing takes about a tenth of a second, and a
    page shown again, or a PDF of the same plan, asks for the same charts."""
    title, labels, clean, marker_index, marker_label = json.loads(key)
    figure = _draw(
        title=title, labels=labels, clean=clean, marker_index=marker_index, marker_label=marker_label
    )
    out = io.StringIO()
    figure.savefig(out, format="svg", metadata={"Date": None, "Creator": None, "Format": None, "Type": None})
    return _accessible(
        out.getvalue(),
        chart_id=f"chart-{hashlib.sha256(key.encode()).hexdigest()[:10]}",
        title=title,
        desc=_description(labels, clean, marker_index, marker_label),
    )


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
