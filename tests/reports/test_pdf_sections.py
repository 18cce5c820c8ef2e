"""The report sections that come from other modules: patrols, area figures and charts, programme figures.

Those modules are faked here so the report's use of them (and its fallbacks when they are
missing) is tested on its own.
"""

import datetime
import io
import types

import pypdf
import pytest
from django.utils import timezone

from hotspots.models import CrimeFamily, PatrolLog
from reports import pdf
from tests import factories


def text_of(data: bytes) -> str:
    return "\n".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(data)).pages)


def fake_module(monkeypatch, name, **attributes):
    module = types.ModuleType(name)
    for key, value in attributes.items():
        setattr(module, key, value)
    monkeypatch.setitem(__import__("sys").modules, name, module)
    return module


def log_patrol(world, minutes=45):
    return PatrolLog.objects.create(
        area=world.area,
        plan=world.plan,
        organisation=world.task.organisation,
        logged_by=world.users["partner_on"],
        date=timezone.localdate(),
        start_time=datetime.time(23, 0),
        minutes=minutes,
        kind=PatrolLog.Kind.FOOT,
    )


def officer_report(world, **options):
    return pdf.plan_report_pdf(plan=world.plan, user=world.users["owner"], partner_version=False, **options)


def test_it_shows_the_patrol_summary_from_hotspots_patrols(world, monkeypatch):
    log_patrol(world)
    seen = []

    def summarise(queryset):
        seen.append(list(queryset))
        return {"visits": len(seen[0]), "total_minutes": 4242, "by_kind": {"foot": 1}}

    fake_module(monkeypatch, "hotspots.patrols", summarise=summarise)
    text = text_of(officer_report(world))
    assert "Total minutes" in text and "4242" in text
    assert len(seen[0]) == 1


def test_it_totals_patrols_itself_without_hotspots_patrols(world, monkeypatch):
    monkeypatch.setitem(__import__("sys").modules, "hotspots.patrols", None)
    log_patrol(world, minutes=37)
    text = text_of(officer_report(world))
    assert "Minutes" in text and "37" in text


def test_it_says_no_patrols_logged(world):
    assert "No patrols logged" in text_of(officer_report(world))


def test_it_says_no_area_set(world):
    plan = factories.make_plan(owner=world.users["owner"])
    data = pdf.plan_report_pdf(plan=plan, user=world.users["owner"], partner_version=False)
    assert "No area set" in text_of(data)


def test_it_draws_the_area_figures_and_their_chart(world, monkeypatch):
    CrimeFamily.objects.create(name="Serious violence", slug="serious-violence", crime_types=["Violence"])
    calls = []

    def area_figures(*, area, family, before, after):
        calls.append((area, family, before, after))
        return {"before": 12, "after": 7, "change_percent": -41.7}

    def line_chart_svg(figures):
        return (
            '<svg xmlns="http://www.w3.org/2000/svg" width="400" height="100" viewBox="0 0 400 100">'
            '<polyline points="0,90 200,40 400,60" fill="none" stroke="black"/>'
            '<text x="10" y="20">CHART-LABEL</text></svg>'
        )

    fake_module(monkeypatch, "hotspots.figures", area_figures=area_figures)
    fake_module(monkeypatch, "hotspots.charts", line_chart_svg=line_chart_svg)
    fetcher = pdf.StaticOnlyFetcher()
    text = text_of(officer_report(world, url_fetcher=fetcher))
    assert calls[0][0] == world.area and calls[0][1].name == "Serious violence"
    assert "Serious violence" in text and "Change percent" in text and "-41.7" in text
    assert "CHART-LABEL" in text
    assert any(url.startswith("data:image/svg+xml") for url in fetcher.requested)
    assert fetcher.refused == []


def test_it_puts_the_programme_statement_and_figures_in_the_programme_report(world, monkeypatch):
    def programme_figures(*, user, start, end):
        return {"plans_open": 3, "patrol_hours": 120.5, "areas": [{"name": "x"}]}

    def statement_sentences(figures):
        return [f"{figures['plans_open']} plans ran in the period."]

    fake_module(
        monkeypatch,
        "reports.programme",
        programme_figures=programme_figures,
        statement_sentences=statement_sentences,
    )
    data = pdf.programme_report_pdf(
        user=world.users["manager"], start=datetime.date(2024, 1, 1), end=datetime.date(2028, 1, 1)
    )
    text = text_of(data)
    assert "3 plans ran in the period." in text
    assert "Patrol hours" in text and "120.5" in text


@pytest.mark.parametrize("missing", ["reports.programme"])
def test_it_says_when_programme_figures_are_missing(world, monkeypatch, missing):
    monkeypatch.setitem(__import__("sys").modules, missing, None)
    data = pdf.programme_report_pdf(
        user=world.users["manager"], start=datetime.date(2024, 1, 1), end=datetime.date(2028, 1, 1)
    )
    assert "Programme figures are not available yet." in text_of(data)


def test_it_compares_two_periods_of_equal_length_in_whole_months():
    before, after = pdf._periods(datetime.date(2026, 3, 14), datetime.date(2026, 11, 24))
    assert after == (datetime.date(2026, 3, 1), datetime.date(2026, 10, 31))
    assert before == (datetime.date(2025, 7, 1), datetime.date(2026, 2, 28))
    before, after = pdf._periods(datetime.date(2026, 11, 2), datetime.date(2026, 11, 24))
    assert after == (datetime.date(2026, 11, 1), datetime.date(2026, 11, 30))
    assert before == (datetime.date(2026, 10, 1), datetime.date(2026, 10, 31))
