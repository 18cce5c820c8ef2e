"""The report sections that come from other modules: patrols, area figures and charts, the sign-off.

The programme report's statement, tables and charts: tests/reports/test_programme_pdf.py.
"""

import datetime
import io

import pypdf
from django.utils import timezone

from hotspots.models import ImportedMonth, Incident, PatrolLog
from reports import pdf, plan_pdf
from tests import factories


def text_of(data: bytes) -> str:
    return "\n".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(data)).pages)


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
    return plan_pdf.plan_report_pdf(
        plan=world.plan, user=world.users["owner"], partner_version=False, **options
    )


def test_it_shows_the_patrol_summary(world):
    log_patrol(world, minutes=90)
    text = text_of(officer_report(world))
    assert "Patrol dosage" in text
    assert "Visits" in text and "Patrol-hours" in text and "ASB powers used" in text and "1.5" in text


def test_it_says_no_patrols_logged(world):
    assert "No patrols logged" in text_of(officer_report(world))


def test_it_says_no_area_set(world):
    plan = factories.make_plan(owner=world.users["owner"])
    data = plan_pdf.plan_report_pdf(plan=plan, user=world.users["owner"], partner_version=False)
    assert "No area set" in text_of(data)


def test_it_draws_the_area_figures_and_their_chart(world):
    # Twelve serious violence incidents inside the plan's area in its start month, none before.
    start = world.plan.start_date.replace(day=1)
    batch = ImportedMonth.objects.create(
        force="Leicestershire Police", month=start, source_name="t.csv", rows=12, rows_without_location=0
    )
    Incident.objects.bulk_create(
        Incident(batch=batch, month=start, longitude=-1.134, latitude=52.635, crime_type="Robbery")
        for _ in range(12)
    )
    fetcher = pdf.StaticOnlyFetcher()
    text = text_of(officer_report(world, url_fetcher=fetcher))
    assert "Violence, robbery and weapons" in text and "Anti-social behaviour" in text
    assert "Target area, after" in text and "12" in text
    assert "Weighted displacement quotient" in text
    assert any(url.startswith("data:image/svg+xml") for url in fetcher.requested)
    assert fetcher.refused == []


def test_the_sign_off_names_who_closed_the_plan_and_why(world):
    from plans import services
    from plans.models import Stage
    from tests.plans.helpers import ready_plan

    plan = ready_plan(world, Stage.ASSESS)
    assert "Not signed off: the plan is assess" in text_of(officer_report(world))
    plan = services.plan_transition(
        actor=world.users["manager"], plan=plan, transition="close", reason="Targets met"
    )
    plan = services.plan_transition(
        actor=world.users["manager"], plan=plan, transition="reopen", reason="New figures"
    )
    services.plan_transition(
        actor=world.users["manager"], plan=plan, transition="close", reason="Held a year"
    )
    text = " ".join(text_of(officer_report(world)).split())
    closer = "Helen, Leicestershire Police"  # by name and organisation, not by username
    assert f"by {closer}: Held a year" in text  # the newest close, not the first
    assert f"by {closer}: Targets met" not in text


def test_a_title_with_no_spaces_breaks_at_the_margin(world):
    """A word longer than the page is wide would run off the edge: it wraps onto more lines."""
    from plans.models import Plan

    long_word = "\u00c4" * 120 + "TITLEEND"
    Plan.objects.filter(pk=world.plan.pk).update(title=long_word, hotspot_name="H" * 150 + "HOTEND")
    world.plan.refresh_from_db()
    lines = text_of(officer_report(world)).splitlines()
    title_lines = [line for line in lines if "\u00c4\u00c4\u00c4" in line]
    assert all(len(line) < 120 for line in title_lines)  # broken up, not one 128-letter line
    assert any(line.endswith("TITLEEND") for line in lines)
    assert any("HOTEND" in line and len(line) < 150 for line in lines)


def test_each_chart_has_its_values_as_its_text_alternative(world):
    start = world.plan.start_date.replace(day=1)
    batch = ImportedMonth.objects.create(
        force="Leicestershire Police", month=start, source_name="t.csv", rows=3, rows_without_location=0
    )
    Incident.objects.bulk_create(
        Incident(batch=batch, month=start, longitude=-1.134, latitude=52.635, crime_type="Robbery")
        for _ in range(3)
    )
    families = plan_pdf.figures_section(world.plan)["families"]
    serious = next(f for f in families if f["name"].startswith("Violence, robbery and weapons"))
    assert serious["alt"].startswith("Target area: ")
    assert f"{start:%b %Y} 3" in serious["alt"]  # the month's count, as the page's table gives it
