"""Figures checked against sums done by hand, on the edges the other tests do not reach: rounding
at exactly half, the last day of a quarter, a year before with missing months, leap years and
patrols either side of midnight on a quarter's last day."""

import csv
import datetime
import io

import pytest
from django.urls import reverse

from hotspots import measures
from hotspots.models import PatrolLog
from hotspots.patrols import by_organisation_and_quarter, by_quarter, summarise
from reports import programme
from reports.periods import Period, Quarter
from tests.reports import programme_story as story

pytestmark = pytest.mark.django_db


def log(world, organisation, day, minutes, *, staff=1, at=datetime.time(22, 0)):
    return PatrolLog.objects.create(
        area=world.area,
        organisation=organisation,
        logged_by=world.users["owner"],
        date=day,
        start_time=at,
        minutes=minutes,
        staff_count=staff,
        kind=PatrolLog.Kind.FOOT,
    )


# --- Minutes to hours, and percentages, rounded half up everywhere ------------------------


def test_minutes_at_exactly_half_a_tenth_of_an_hour_round_up(world, police_org, client_for):
    # 15 minutes = 0.25 h -> 0.3; with 2 staff, 30 person-minutes = 0.5 h. 9 minutes = 0.15 h -> 0.2.
    log(world, police_org, datetime.date(2026, 8, 3), 15, staff=2)
    summary = summarise(PatrolLog.objects.all())
    assert (summary.patrol_hours, summary.person_hours) == (0.3, 0.5)
    assert programme.hours(15) == 0.3 and programme.hours(9) == 0.2 and programme.hours(27) == 0.5
    figures = programme.figures_for_scope(
        programme.whole_programme(),
        start=datetime.date(2026, 7, 1),
        end=datetime.date(2026, 9, 30),
        today=datetime.date(2026, 11, 25),
    )
    assert figures.patrols[0].patrol_hours == 0.3
    response = client_for(world.users["manager"]).post(
        reverse("reports:funder_csv"),
        {"start": "2026-07-01", "end": "2026-09-30", "purpose": "Quarterly return", "recipient": "The fund"},
    )
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert {r["Patrol-hours"] for r in rows if r["Police or partners"] == "Police"} == {"0.3"}


def test_the_area_page_and_the_programme_page_give_the_same_percentage(world, police_org):
    # 16 h in Apr-Jun 2026, 17 h in Jul-Sep: (17 - 16) / 16 = 6.25% -> 6.3%; back down is -6.3%.
    for _ in range(16):
        log(world, police_org, datetime.date(2026, 5, 4), 60)
    for _ in range(17):
        log(world, police_org, datetime.date(2026, 8, 4), 60)
    area_rows = by_organisation_and_quarter(PatrolLog.objects.all())
    assert area_rows[-1].patrol_hours_change.value == 6.3
    assert area_rows[-1].patrol_hours_change.text == "+6.3% (16 to 17 hours)"
    [police, _partners] = programme.figures_for_scope(
        programme.whole_programme(),
        start=datetime.date(2026, 7, 1),
        end=datetime.date(2026, 9, 30),
        today=datetime.date(2026, 11, 25),
    ).patrol_change
    assert police.percent == 6.3
    assert measures.percent_change(16, 15).value == programme.percent_change(16, 15)[0] == -6.3
    assert measures.share(1, 16).value == 6.3  # the Koper band share rounds the same way


def log_minutes(world, organisation, day, total):
    """`total` minutes of patrol on the day, as visits of at most eight hours."""
    while total > 0:
        log(world, organisation, day, min(total, 480))
        total -= 480


def test_quarter_on_quarter_change_is_worked_out_on_the_exact_minutes(world, police_org):
    # 915 minutes (15.3 h shown) to 1,845 (30.8 h): +101.6% exactly; the rounded hours gave +101.3%.
    log_minutes(world, police_org, datetime.date(2026, 5, 4), 915)
    log_minutes(world, police_org, datetime.date(2026, 8, 4), 1845)
    row = by_organisation_and_quarter(PatrolLog.objects.all())[-1]
    assert row.patrol_hours_change.value == 101.6
    assert row.patrol_hours_change.text == "+101.6% (15.3 to 30.8 hours)"
    assert row.person_hours_change.value == 101.6  # one member of staff: the same change
    # 2,232 minutes (37.2 h) to 2,392 (39.9 h): +7.2%, not the +7.3% of the rounded hours.
    PatrolLog.objects.all().delete()
    log_minutes(world, police_org, datetime.date(2026, 5, 4), 2232)
    log_minutes(world, police_org, datetime.date(2026, 8, 4), 2392)
    [police, _partners] = programme.figures_for_scope(
        programme.whole_programme(),
        start=datetime.date(2026, 7, 1),
        end=datetime.date(2026, 9, 30),
        today=datetime.date(2026, 11, 25),
    ).patrol_change
    assert (police.before, police.after, police.percent) == (37.2, 39.9, 7.2)


def test_too_few_hours_is_judged_on_the_hours_shown(world, police_org):
    # 596 minutes shows as 9.9 hours: too few. 598 minutes (9.97) shows as 10: a reader who sees
    # "10 to 11.7 hours" gets the percentage, worked out on the exact minutes (+17.1%, not +17%).
    log_minutes(world, police_org, datetime.date(2026, 5, 4), 596)
    log_minutes(world, police_org, datetime.date(2026, 8, 4), 700)
    row = by_organisation_and_quarter(PatrolLog.objects.all())[-1]
    assert row.patrol_hours_change.text == "too few hours to judge (9.9 to 11.7 hours)"
    log(world, police_org, datetime.date(2026, 5, 5), 2)
    row = by_organisation_and_quarter(PatrolLog.objects.all())[-1]
    assert row.patrol_hours_change.text == "+17.1% (10 to 11.7 hours)"


# --- The quarter holding today is not whole until it is over --------------------------------


def test_on_a_quarters_last_day_that_quarter_is_not_yet_whole(world, police_org):
    for day, n in ((datetime.date(2026, 2, 2), 12), (datetime.date(2026, 5, 2), 15)):
        for _ in range(n):
            log(world, police_org, day, 60)
    log(world, police_org, datetime.date(2026, 9, 30), 60, at=datetime.time(9, 0))
    scope = programme.whole_programme()
    last_day = datetime.date(2026, 9, 30)
    # Financial-year quarters: 2026/27 Q1 is April to June 2026, Q2 July to September.
    assert programme.default_quarter(scope, last_day) == Quarter(2026, 1)
    assert programme.default_quarter(scope, last_day + datetime.timedelta(days=1)) == Quarter(2026, 2)
    [police, _partners] = programme.figures_for_scope(
        scope, start=datetime.date(2026, 7, 1), end=last_day, today=last_day
    ).patrol_change
    # Jan-Mar 12 h against Apr-Jun 15 h: +25%, not Apr-Jun against a Jul-Sep still running.
    assert (police.before_period.label, police.after_period.label) == (
        "2025/26 Q4 (Jan–Mar 2026)",
        "2026/27 Q1 (Apr–Jun 2026)",
    )
    assert (police.before, police.after, police.percent) == (12.0, 15.0, 25.0)


# --- Crime against a year before that is not all imported ---------------------------------


def test_no_percentage_against_a_year_before_with_months_missing(world):
    story.families()
    for month in (7, 8, 9):
        story.incidents(datetime.date(2026, month, 1), story.CLOCK_TOWER_POINT, "Robbery", 10)
    for month in (8, 9):  # July 2025 was never imported
        story.incidents(datetime.date(2025, month, 1), story.CLOCK_TOWER_POINT, "Robbery", 10)
    figures = programme.figures_for_scope(
        programme.whole_programme(),
        start=datetime.date(2026, 7, 1),
        end=datetime.date(2026, 9, 30),
        today=datetime.date(2026, 11, 25),
    )
    sv = figures.serious_violence
    # 30 against 20 would read "rose 50.0%", but July 2025 is unknown, not zero.
    assert (sv.before, sv.after, sv.percent) == (20, 30, None)
    assert sv.note == (
        "No incident data is imported for July 2025, within 2025/26 Q2 (July 2025 to September 2025)."
    )
    words = programme.change_words(sv)
    assert "%" not in words and "not defined" in words
    [sentence] = [
        s for s in programme.statement_sentences(figures) if s.startswith("Violence, robbery and weapons")
    ]
    assert "%" not in sentence and "none in" not in sentence and "too few" not in sentence
    assert "30 incidents in 2026/27 Q2 (July 2026 to September 2026)" in sentence


def test_no_percentage_with_a_month_of_the_period_itself_not_imported(world, client_for):
    """A gap between imports inside the period counted as nought would read as a fall."""
    story.families()
    for month in (7, 9):  # August 2026 was never imported
        story.incidents(datetime.date(2026, month, 1), story.CLOCK_TOWER_POINT, "Robbery", 10)
    for month in (7, 8, 9):
        story.incidents(datetime.date(2025, month, 1), story.CLOCK_TOWER_POINT, "Robbery", 10)
    figures = programme.figures_for_scope(
        programme.whole_programme(),
        start=datetime.date(2026, 7, 1),
        end=datetime.date(2026, 9, 30),
        today=datetime.date(2026, 11, 25),
    )
    sv = figures.serious_violence
    # 20 against 30 would read "fell 33.3%".
    assert (sv.before, sv.after, sv.percent) == (30, 20, None)
    assert sv.judgement == programme.NO_DATA_AFTER
    assert sv.note == (
        "No incident data is imported for August 2026, within 2026/27 Q2 (July 2026 to September 2026)."
    )
    [sentence] = [
        s for s in programme.statement_sentences(figures) if s.startswith("Violence, robbery and weapons")
    ]
    assert "%" not in sentence and "2026/27 Q2 (July 2026 to September 2026) is not all imported" in sentence
    [chart] = [c for c in figures.charts if c.title.startswith("Violence, robbery and weapons")]
    assert chart.series["2026/27 Q2 (July 2026 to September 2026)"] == [10, None, 10]  # a gap, not a nought
    page = client_for(world.users["manager"]).get(
        reverse("reports:programme"), {"period": "custom", "start": "2026-07-01", "end": "2026-09-30"}
    )
    assert (
        "fell" not in page.content.decode().split("Violence, robbery and weapons", 1)[1].split("</tr>", 1)[0]
    )


def test_a_year_before_with_nothing_imported_has_no_count(world, client_for):
    story.families()
    for month in (7, 8, 9):
        story.incidents(datetime.date(2026, month, 1), story.CLOCK_TOWER_POINT, "Robbery", 10)
    figures = programme.figures_for_scope(
        programme.whole_programme(),
        start=datetime.date(2026, 7, 1),
        end=datetime.date(2026, 9, 30),
        today=datetime.date(2026, 11, 25),
    )
    sv = figures.serious_violence
    assert (sv.before, sv.after, sv.percent) == (None, 30, None)  # unknown, not nought
    [chart] = [c for c in figures.charts if c.title.startswith("Violence, robbery and weapons")]
    assert chart.series["Same months a year before"] == [None, None, None]
    assert '"before": null' in programme.figures_json(figures)
    page = client_for(world.users["manager"]).get(
        reverse("reports:programme"), {"period": "custom", "start": "2026-07-01", "end": "2026-09-30"}
    )
    cell = page.content.decode().split('data-figure="serious_violence.before">', 1)[1].split("<br>", 1)[0]
    assert cell == "–"


# --- Leap years and midnight on a quarter's last day --------------------------------------


def test_february_of_a_leap_year_against_the_february_before(world):
    assert Period.between(datetime.date(2024, 2, 1), datetime.date(2024, 2, 29)).year_before() == (
        Period.between(datetime.date(2023, 2, 1), datetime.date(2023, 2, 28))
    )
    story.families()
    story.incidents(datetime.date(2023, 2, 1), story.CLOCK_TOWER_POINT, "Robbery", 10)
    story.incidents(datetime.date(2024, 2, 1), story.CLOCK_TOWER_POINT, "Robbery", 12)
    sv = programme.figures_for_scope(
        programme.whole_programme(),
        start=datetime.date(2024, 2, 1),
        end=datetime.date(2024, 2, 29),
        today=datetime.date(2026, 11, 25),
    ).serious_violence
    assert (sv.before_period.start, sv.before_period.end) == (
        datetime.date(2023, 2, 1),
        datetime.date(2023, 2, 28),
    )
    assert (sv.before, sv.after, sv.percent, sv.note) == (10, 12, 20.0, "")


def test_patrols_either_side_of_midnight_at_a_quarter_end_fall_in_their_own_quarter(
    world, police_org, client_for
):
    # 31 March 2024 was also the night the clocks went forward; the patrol's date is local.
    log(world, police_org, datetime.date(2024, 3, 31), 60, at=datetime.time(23, 30))
    log(world, police_org, datetime.date(2024, 4, 1), 30, at=datetime.time(0, 30))
    assert [(r.quarter, r.visits, r.patrol_hours) for r in by_quarter(PatrolLog.objects.all())] == [
        ("Jan–Mar 2024", 1, 1.0),
        ("Apr–Jun 2024", 1, 0.5),
    ]
    response = client_for(world.users["manager"]).post(
        reverse("reports:funder_csv"),
        {"start": "2024-01-01", "end": "2024-06-30", "purpose": "Quarterly return", "recipient": "The fund"},
    )
    rows = csv.DictReader(io.StringIO(response.content.decode("utf-8-sig")))
    assert [
        (r["Quarter"], r["Visits"], r["Patrol-hours"]) for r in rows if r["Police or partners"] == "Police"
    ] == [
        ("2023/24 Q4", "1", "1.0"),
        ("2024/25 Q1", "1", "0.5"),
        ("All quarters", "2", "1.5"),
    ]


def test_the_page_opens_on_the_latest_quarter_every_month_of_which_is_imported(world, police_org):
    from hotspots.models import ImportedMonth

    def imported(*months):
        for year, month in months:
            ImportedMonth.objects.create(
                force="Leicestershire Police",
                month=datetime.date(year, month, 1),
                source_name="x",
                rows=0,
                rows_without_location=0,
            )

    # Patrols this year, crime data only to October 2022: the quarter to July–September 2022,
    # the last one whose crime figures are whole, not the one holding October alone.
    log(world, police_org, datetime.date(2026, 5, 4), 60)
    imported((2022, 6), (2022, 7), (2022, 8), (2022, 9), (2022, 10))
    scope = programme.whole_programme()
    today = datetime.date(2026, 12, 6)
    assert programme.default_quarter(scope, today) == Quarter.of(datetime.date(2022, 7, 1))
    # A month missing: the quarter before it, when that one is whole.
    ImportedMonth.objects.filter(month=datetime.date(2022, 8, 1)).delete()
    imported((2022, 4), (2022, 5))
    assert programme.default_quarter(scope, today) == Quarter.of(datetime.date(2022, 4, 1))
    # No whole quarter imported: the quarter of the latest patrol, as with no crime data.
    ImportedMonth.objects.filter(month__lt=datetime.date(2022, 7, 1)).delete()
    assert programme.default_quarter(scope, today) == Quarter.of(datetime.date(2026, 5, 4))
