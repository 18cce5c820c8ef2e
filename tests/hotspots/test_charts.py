import datetime
import xml.etree.ElementTree as ET  # noqa: S405 (parsing our own output)
from collections import Counter

from hotspots.charts import line_chart_svg, series_chart_svg
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
    for banned in ("<script", "href", "http://", "https://", "url("):
        assert banned not in svg.replace('xmlns="http://www.w3.org/2000/svg"', "")


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
