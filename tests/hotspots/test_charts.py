import datetime
import math
import re
import xml.etree.ElementTree as ET  # noqa: S405 (parsing our own output)
from collections import Counter

from hotspots import charts
from hotspots.charts import chart_figure, line_chart_svg, nice_axis, series_chart_svg
from hotspots.figures import compute

SVG = "{http://www.w3.org/2000/svg}"


def test_the_chart_is_accessible_self_contained_and_deterministic():
    kwargs = {
        "title": "Patrol-hours <by> quarter & organisation",
        "labels": ["Oct\u2013Dec 2018", "Jan\u2013Mar 2019"],
        "series": {"Police": [37.2, 39.9], "Street Pastors": [15.2, None]},
        "marker_index": 1,
        "marker_label": "Response starts",
    }
    svg = series_chart_svg(**kwargs)
    assert svg == series_chart_svg(**kwargs)
    root = ET.fromstring(svg)  # well-formed: the title's < and & are escaped  # noqa: S314
    assert root.get("role") == "img"
    title, desc = root.find(f"{SVG}title"), root.find(f"{SVG}desc")
    assert title.text == "Patrol-hours <by> quarter & organisation"
    assert "Police: Oct\u2013Dec 2018 37.2, Jan\u2013Mar 2019 39.9." in desc.text
    assert "Street Pastors: Oct\u2013Dec 2018 15.2." in desc.text
    assert "Response starts at Jan\u2013Mar 2019" in desc.text
    assert root.get("aria-labelledby") == f"{title.get('id')} {desc.get('id')}"
    # Nothing from elsewhere, nothing that runs, no <style> element (it would style the page).
    for banned in ("<script", "http://", "https://", "url(http", "url(data", "<style", "<?xml", "<!DOCTYPE"):
        assert banned not in svg.replace('xmlns="http://www.w3.org/2000/svg"', "")
    assert all(ref.startswith("#chart-") for ref in re.findall(r'href="([^"]*)"', svg))
    # Text stays text, in the project's font.
    assert "Police" in {t.text for t in root.iter(f"{SVG}text")}
    assert "'Atkinson Hyperlegible'" in svg


def test_empty_series_still_draw():
    root = ET.fromstring(series_chart_svg(title="Nothing", labels=[], series={}))  # noqa: S314
    assert root.find(f"{SVG}desc").text == "No data."


def test_the_area_chart_marks_the_response_start():
    d = datetime.date
    figures = compute(
        area_name="Clock Tower",
        family_name="Serious violence",
        before=(d(2018, 11, 1), d(2018, 12, 31)),
        after=(d(2019, 1, 1), d(2019, 2, 28)),
        counts={"target": Counter({d(2018, 11, 1): 4}), "buffer": Counter(), "control": None},
        covered={d(2018, 11, 1), d(2018, 12, 1), d(2019, 1, 1), d(2019, 2, 1)},
    )
    svg = line_chart_svg(figures)
    desc = ET.fromstring(svg).find(f"{SVG}desc").text  # noqa: S314
    assert "Target area: Nov 2018 4, Dec 2018 0, Jan 2019 0, Feb 2019 0." in desc
    assert "Buffer ring:" in desc and "Control area" not in desc
    assert "Response starts Jan 2019 at Jan 2019." in desc


def test_a_month_not_imported_is_a_gap_not_a_nought():
    d = datetime.date
    figures = compute(
        area_name="Clock Tower",
        family_name="Serious violence",
        before=(d(2018, 11, 1), d(2018, 12, 31)),
        after=(d(2019, 1, 1), d(2019, 2, 28)),
        counts={"target": Counter({d(2018, 11, 1): 4}), "buffer": None, "control": None},
        covered={d(2018, 11, 1), d(2018, 12, 1), d(2019, 1, 1)},  # February 2019 not imported
    )
    desc = ET.fromstring(line_chart_svg(figures)).find(f"{SVG}desc").text  # noqa: S314
    assert "Target area: Nov 2018 4, Dec 2018 0, Jan 2019 0." in desc


def _labels_and_peak(peak):
    return {"title": "Peak", "labels": ["Jan", "Feb", "Mar"], "series": {"Target area": [3, peak, 40]}}


def test_a_peak_of_110_ends_the_axis_at_the_first_nice_tick_above_it():
    assert nice_axis(110) == (20, 120)
    axes = chart_figure(**_labels_and_peak(110)).axes[0]
    assert axes.get_ylim() == (0, 120)
    assert list(axes.get_yticks()) == [0, 20, 40, 60, 80, 100, 120]
    # And the SVG says so: its highest y label is 120, not 250.
    svg = series_chart_svg(**_labels_and_peak(110))
    texts = {t.text for t in ET.fromstring(svg).iter(f"{SVG}text")}  # noqa: S314
    assert "120" in texts and "125" not in texts and "250" not in texts and "140" not in texts


def test_ticks_are_1_2_2_5_or_5_times_a_power_of_ten_and_end_at_the_first_at_or_above_the_peak():
    for peak in (1, 3, 7, 9.5, 10, 11, 37.2, 99, 101, 110, 249, 251, 1170, 4999):
        step, top = nice_axis(peak)
        mantissa = step / 10 ** math.floor(math.log10(step))
        assert round(mantissa, 9) in (1, 2, 2.5, 5), (peak, step)
        assert top >= peak and top - step < peak, (peak, step, top)
        assert top / step <= 6
    assert nice_axis(110)[1] <= 125


def _boxes_apart(a, b) -> bool:
    return a.x1 <= b.x0 or b.x1 <= a.x0 or a.y1 <= b.y0 or b.y1 <= a.y0


def test_long_series_names_wrap_and_nothing_overlaps():
    long_a = "Violence, robbery and weapons in the Granby Street and railway station target area"
    long_b = "Violence, robbery and weapons in the Loughborough town centre control area, for comparison"
    figure = chart_figure(
        title="Violence, robbery and weapons in Leicester Clock Tower and Haymarket and around it, by month",
        labels=[f"{m} 2022" for m in ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct")]
        * 2,
        series={long_a: list(range(20)), long_b: [20 - i for i in range(20)]},
        marker_index=10,
        marker_label="Response starts",
    )
    figure.draw_without_rendering()
    renderer = figure._get_renderer()
    [axes] = figure.axes
    [legend] = figure.legends
    entries = [text.get_window_extent(renderer) for text in legend.get_texts()]
    assert len(entries) == 3  # two series and the response start
    assert all("\n" in text.get_text() for text in legend.get_texts()[:2])  # wrapped
    # The legend is clear of the plot, its axis labels and the title, and inside the chart.
    legend_box = legend.get_window_extent(renderer)
    assert _boxes_apart(legend_box, axes.get_tightbbox(renderer))
    assert _boxes_apart(legend_box, axes.title.get_window_extent(renderer))
    assert legend_box.x0 >= 0 and legend_box.x1 <= figure.bbox.width and legend_box.y0 >= 0
    for i, a in enumerate(entries):
        for b in entries[i + 1 :]:
            assert _boxes_apart(a, b), (a, b)
    # The month labels shown do not touch each other.
    ticks = [label.get_window_extent(renderer) for label in axes.get_xticklabels() if label.get_text()]
    assert len(ticks) >= 3
    assert all(a.x1 < b.x0 for a, b in zip(ticks, ticks[1:], strict=False))
    # The title stays inside the chart.
    title_box = axes.title.get_window_extent(renderer)
    assert title_box.x0 >= 0 and title_box.x1 <= figure.bbox.width


def test_the_same_data_gives_the_same_bytes_and_two_charts_share_no_ids():
    kwargs = {"title": "A", "labels": ["Jan", "Feb"], "series": {"Target area": [1, 2]}, "marker_index": 1}
    first = series_chart_svg(**kwargs)
    series_chart_svg(title="Something else drawn between", labels=["x"], series={"B": [5]})
    charts._render.cache_clear()  # drawn again, not read from the cache
    assert series_chart_svg(**kwargs) == first
    other = series_chart_svg(**{**kwargs, "series": {"Target area": [2, 1]}})
    ids = set(re.findall(r'id="([^"]+)"', first))
    assert ids and not ids & set(re.findall(r'id="([^"]+)"', other))


def test_the_series_keep_their_order_colour_and_legend_place():
    svg = series_chart_svg(title="Order", labels=["Jan", "Feb"], series={"Zeta": [1, 2], "Alpha": [2, 1]})
    texts = [t.text for t in ET.fromstring(svg).iter(f"{SVG}text")]  # noqa: S314
    assert texts.index("Zeta") < texts.index("Alpha")
    assert svg.index(charts.STYLES[0][0]) < svg.index(charts.STYLES[1][0])
