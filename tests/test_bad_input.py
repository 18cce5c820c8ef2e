"""Bad input, endpoint by endpoint: a clear message, never a 500, and nothing already saved lost.

Each test here was a failure found by going through every POST endpoint and every GET endpoint that
reads its query string; inputs that were already handled well are covered by each app's own tests.
"""

import datetime
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from audit.models import Event
from hotspots.models import Area, ImportedMonth, Incident
from plans.models import Plan, Task
from tests.world import SQUARE

pytestmark = pytest.mark.django_db


def today():
    """Read at each use: a constant read at import goes stale when a run crosses midnight."""
    return timezone.localdate()


SQUARE_RING = SQUARE["coordinates"][0]


def client_as(user) -> Client:
    """A signed-in client that turns an exception into the 500 page a user would see."""
    client = Client(raise_request_exception=False)
    client.force_login(user)
    return client


def page_of(response) -> str:
    return response.content.decode()


# --- Dates outside the calendar's range: year 0 and year 10000 do not exist --------------------


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"after_start": "0000-01", "after_end": "0000-02"}, "from 2000-01 onwards"),
        ({"after_start": "0001-01", "after_end": "0001-02"}, "from 2000-01 onwards"),
        ({"after_start": "9999-11", "after_end": "9999-12"}, "no later than this month"),
    ],
)
def test_area_figures_refuse_months_out_of_range(world, query, message):
    response = client_as(world.users["owner"]).get(
        f"/areas/{world.area.pk}/", {"family": "serious-violence", **query}
    )
    assert response.status_code == 400
    assert "There is a problem" in page_of(response) and message in page_of(response)


@pytest.mark.parametrize(
    "periods",
    [
        ["--before", "0001-01:0001-01", "--after", "0001-02:0001-02"],
        ["--before", "9999-11:9999-11", "--after", "9999-12:9999-12"],
    ],
)
def test_the_area_figures_command_refuses_months_out_of_range(world, periods):
    from django.core.management import CommandError, call_command

    with pytest.raises(CommandError, match="must be months from 2000-01 up to this month"):
        call_command("area_figures", "--area", world.area.name, *periods)


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"period": "quarter", "quarter": "0000/01 Q1"}, "Enter a quarter from 2000 onwards"),
        ({"period": "year", "year": "0000/01"}, "Enter a financial year from 2000 onwards"),
        ({"period": "year", "year": "9999/00"}, "That financial year has not started yet"),
    ],
)
def test_programme_page_refuses_quarters_and_years_out_of_range(world, query, message):
    response = client_as(world.users["manager"]).get("/programme/", query)
    assert response.status_code == 200
    assert message in page_of(response)


def test_programme_page_ignores_a_bad_date_left_under_a_choice_not_made(world):
    response = client_as(world.users["manager"]).get(
        "/programme/", {"period": "quarter", "quarter": "2026/27 Q2", "start": "notadate", "end": ""}
    )
    assert response.status_code == 200
    assert "There is a problem" not in page_of(response)
    assert 'data-figure="' in page_of(response)


DISCLOSURE = {"purpose": "Annual report", "recipient": "PCC office"}


@pytest.mark.parametrize(
    ("dates", "message"),
    [
        ({"start": "0001-01-01", "end": "0001-12-31"}, "Enter a period start from 1 January 2000 onwards"),
        ({"start": "9999-01-01", "end": "9999-12-31"}, "The period start must be today or earlier"),
        # Begun but not over: the report would state figures up to a day that has not come.
        ({"start": "2026-01-01", "end": "9999-12-31"}, "The period end must be today or earlier"),
    ],
)
def test_programme_pdf_refuses_periods_out_of_range(world, dates, message):
    response = client_as(world.users["manager"]).post("/programme/report.pdf", {**dates, **DISCLOSURE})
    assert response.status_code == 200
    assert message in page_of(response)
    assert not Event.objects.filter(action="report.export").exists()


def test_funder_return_refuses_a_period_that_has_not_started(world):
    response = client_as(world.users["manager"]).post(
        "/programme/funder-return.csv", {"start": "9999-01-01", "end": "9999-12-31", **DISCLOSURE}
    )
    assert response.status_code == 200
    assert "The period start must be today or earlier" in page_of(response)
    assert not Event.objects.filter(action="report.export").exists()


def test_funder_return_refuses_a_period_that_ends_after_today(world):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    response = client_as(world.users["manager"]).post(
        "/programme/funder-return.csv", {"start": "2026-01-01", "end": tomorrow.isoformat(), **DISCLOSURE}
    )
    assert response.status_code == 200
    assert "The period end must be today or earlier" in page_of(response)
    assert "Annual report</textarea>" in page_of(response)  # what was typed is kept
    assert not Event.objects.filter(action="report.export").exists()


@pytest.mark.parametrize("url", ["/audit/", "/audit/export/"])
def test_audit_search_refuses_a_start_date_in_the_future(world, url):
    response = client_as(world.users["manager"]).get(url, {"date_from": "9999-12-31"})
    assert response.status_code in (200, 400)
    assert "Enter a start date that is today or earlier" in page_of(response)


def test_audit_search_up_to_the_last_date_there_is_finds_every_event(world):
    # The day after 31 December 9999 does not exist: the search must not try to make it.
    client = client_as(world.users["manager"])
    response = client.get("/audit/", {"date_to": "9999-12-31"})
    assert response.status_code == 200
    assert (
        response.context["page_obj"].paginator.count
        == client.get("/audit/").context["page_obj"].paginator.count
        > 0
    )
    exported = client.post("/audit/export/?date_to=9999-12-31", DISCLOSURE)
    assert exported.status_code == 200
    assert exported["Content-Type"].startswith("text/csv")
    assert Event.objects.filter(action="report.export").exists()


# --- Plans: dates, objectives, hidden fields --------------------------------------------------


def _create_form(**overrides):
    data = {
        "title": "Drug dealing in the underpass",
        "hotspot_name": "Underpass",
        "priority": "medium",
        "start_date": today().isoformat(),
        "next_review_date": "",
        "problem_statement": "",
    }
    data.update(overrides)
    return data


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"start_date": "0001-01-01"}, "Enter a start date from 1 January 2000 onwards"),
        ({"start_date": "9999-12-31"}, "Enter a start date no more than five years from today"),
        (
            {"start_date": "9999-12-30", "next_review_date": "9999-12-31"},
            "Enter a next review date no more than five years from today",
        ),
    ],
)
def test_plan_create_refuses_dates_out_of_range(world, overrides, message):
    before = Plan.objects.count()
    response = client_as(world.users["owner"]).post("/plans/new/", _create_form(**overrides))
    assert response.status_code == 200
    assert message in page_of(response)
    assert Plan.objects.count() == before


def test_plan_create_with_a_later_start_reviews_after_the_start(world):
    start = today() + datetime.timedelta(days=60)
    response = client_as(world.users["owner"]).post("/plans/new/", _create_form(start_date=start.isoformat()))
    assert response.status_code == 302
    plan = Plan.objects.get(title="Drug dealing in the underpass")
    assert plan.next_review_date == start + datetime.timedelta(days=28)


@pytest.mark.parametrize("start", ["0001-01-01", "9999-12-31"])
def test_plan_details_refuse_a_far_start_and_the_plan_page_keeps_working(world, start):
    plan = world.plan
    client = client_as(world.users["owner"])
    response = client.post(
        f"/plans/{plan.pk}/edit/details/",
        {"title": "Kept?", "start_date": start, "next_review_date": "9999-12-31", "version": plan.version},
    )
    assert response.status_code == 200
    assert "There is a problem" in page_of(response)
    assert 'value="Kept?"' in page_of(response)  # what was typed is still in the form
    plan.refresh_from_db()
    assert plan.title != "Kept?" and plan.start_date == world.plan.start_date
    assert client.get(f"/plans/{plan.pk}/").status_code == 200


def test_plan_scan_refuses_a_first_seen_date_in_the_future(world):
    plan = world.plan
    response = client_as(world.users["owner"]).post(
        f"/plans/{plan.pk}/edit/scan/",
        {
            "hotspot_name": plan.hotspot_name,
            "area": plan.area_id,
            "priority": plan.priority,
            "problem_statement": plan.problem_statement,
            "first_seen": "9999-01-01",
            "version": plan.version,
        },
    )
    assert response.status_code == 200
    assert "First seen date must be today or earlier" in page_of(response)
    plan.refresh_from_db()
    assert plan.first_seen is None


def test_a_section_form_without_its_version_says_to_reload(world):
    plan = world.plan
    response = client_as(world.users["owner"]).post(
        f"/plans/{plan.pk}/edit/details/",
        {"title": "x", "start_date": "2026-01-01", "next_review_date": "2026-02-01", "version": "abc"},
    )
    assert response.status_code == 200
    assert "This page is out of date" in page_of(response)


OBJECTIVE = {
    "impact": "reduce",
    "reduction_percent": "20",
    "description": "Fewer assaults",
    "measure": "Violence, police.uk",
    "baseline": "10",
}


@pytest.mark.parametrize(
    ("field", "message"),
    [
        ("baseline", "The baseline cannot be negative"),
        ("target", "The target cannot be negative"),
        ("result", "The result cannot be negative"),
    ],
)
def test_objective_figures_cannot_be_negative(world, field, message):
    plan = world.plan
    before = plan.objectives.count()
    response = client_as(world.users["owner"]).post(
        f"/plans/{plan.pk}/objectives/add/", {**OBJECTIVE, field: "-5"}
    )
    assert response.status_code == 200
    assert message in page_of(response)
    assert plan.objectives.count() == before


# --- Tasks: due dates -------------------------------------------------------------------------


def test_task_create_refuses_a_far_future_due_date(world):
    before = Task.objects.count()
    response = client_as(world.users["owner"]).post(
        f"/plans/{world.plan.pk}/tasks/new/",
        {"title": "t", "organisation": world.task.organisation_id, "due_date": "9999-12-31"},
    )
    assert response.status_code == 200
    assert "The due date must be no more than five years from today" in page_of(response)
    assert Task.objects.count() == before


@pytest.mark.parametrize(
    ("due", "message"),
    [
        ("2000-01-01", "The due date must be today or in the future"),
        ("9999-12-31", "The due date must be no more than five years from today"),
    ],
)
def test_task_edit_refuses_a_new_due_date_out_of_range(world, due, message):
    task = world.task
    response = client_as(world.users["owner"]).post(
        f"/tasks/{task.pk}/edit/", {"title": "New title", "due_date": due}
    )
    assert response.status_code == 200
    assert message in page_of(response)
    task.refresh_from_db()
    assert task.title != "New title"


def test_an_overdue_task_can_still_be_edited_keeping_its_due_date(world):
    task = world.task
    overdue = today() - datetime.timedelta(days=3)
    Task.objects.filter(pk=task.pk).update(due_date=overdue)
    response = client_as(world.users["owner"]).post(
        f"/tasks/{task.pk}/edit/",
        {"title": "New title", "due_date": overdue.isoformat(), "version": task.version},
    )
    assert response.status_code == 302
    task.refresh_from_db()
    assert task.title == "New title" and task.due_date == overdue


# --- Objective baseline from the figures (hidden fields from the plan page) -------------------


@pytest.mark.parametrize(
    ("start", "end"),
    [("0001-01-01", "0001-12-31"), ("9999-01-01", "9999-12-31"), ("1999-01-01", "1999-12-31")],
)
def test_baseline_from_figures_refuses_a_period_out_of_range(world, start, end):
    objective = world.plan.objectives.get()
    response = client_as(world.users["owner"]).post(
        f"/areas/objectives/{objective.pk}/baseline/", {"family": "asb", "start": start, "end": end}
    )
    assert response.status_code == 302
    objective.refresh_from_db()
    assert objective.baseline == 40
    assert not Event.objects.filter(action="plan.objective_baseline").exists()


# --- Areas: malformed GeoJSON -------------------------------------------------------------------

BAD_GEOJSON = {
    "a Feature whose geometry is text": (
        json.dumps({"type": "Feature", "geometry": "x"}),
        "must be a GeoJSON object with a type and coordinates",
    ),
    "a Feature whose geometry is a list": (
        json.dumps({"type": "Feature", "geometry": [1]}),
        "must be a GeoJSON object with a type and coordinates",
    ),
    "a FeatureCollection whose features are an object": (
        json.dumps({"type": "FeatureCollection", "features": {"a": 1}}),
        "must be one polygon",
    ),
    "a FeatureCollection whose features are text": (
        json.dumps({"type": "FeatureCollection", "features": "x"}),
        "must be one polygon",
    ),
    "a FeatureCollection whose feature is a number": (
        json.dumps({"type": "FeatureCollection", "features": [1]}),
        "must be a GeoJSON object with a type and coordinates",
    ),
    "arrays nested too deep": ("[" * 100_000 + "]" * 100_000, "is nested too deeply"),
    "a third coordinate that is text": (
        json.dumps({"type": "Polygon", "coordinates": [[[*point, "x"] for point in SQUARE_RING]]}),
        "has a point that is not a pair of numbers",
    ),
    "points of four numbers": (
        json.dumps({"type": "Polygon", "coordinates": [[[*point, 0, 0] for point in SQUARE_RING]]}),
        "has a point that is not a pair of numbers",
    ),
}


@pytest.mark.parametrize("case", list(BAD_GEOJSON))
@pytest.mark.parametrize("field", ["geometry", "control_geometry"])
def test_area_create_refuses_malformed_geojson(world, case, field):
    text, message = BAD_GEOJSON[case]
    data = {"name": "New area", "buffer_m": "200", "tolerance_m": "0", "geometry": json.dumps(SQUARE)}
    data[field] = text
    response = client_as(world.users["owner"]).post("/areas/new/", data)
    assert response.status_code == 400
    assert message in page_of(response)
    assert not Area.objects.filter(name="New area").exists()


def test_area_edit_with_malformed_geojson_keeps_the_saved_outline(world):
    area = world.area
    response = client_as(world.users["owner"]).post(
        f"/areas/{area.pk}/edit/",
        {
            "name": area.name,
            "buffer_m": "200",
            "tolerance_m": "0",
            "geometry": json.dumps({"type": "Feature", "geometry": "x"}),
            "version": area.version,
        },
    )
    assert response.status_code == 400
    assert response.context["form"].errors.keys() == {"geometry"}  # the outline, nothing else
    area.refresh_from_db()
    assert area.geometry == SQUARE


# --- police.uk import -------------------------------------------------------------------------

HEADER = (
    "Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code,LSOA name,"
    "Crime type,Last outcome category,Context\n"
)
ROW = (
    ",2019-01,Leicestershire Police,Leicestershire Police,-1.13,52.63,On or near X,E01013611,"
    "Leicester 001A,Robbery,,\n"
)


def _next_month() -> str:
    return f"{today().year + (today().month == 12)}-{today().month % 12 + 1:02d}"


@pytest.mark.parametrize(
    ("row", "message"),
    [
        # Saved to PostgreSQL, a NUL character makes the whole insert fail.
        (ROW.replace("Robbery", "Rob\x00bery"), "Line 2: the row contains a NUL character"),
        (ROW.replace("2019-01", "0000-01"), "Line 2: month '0000-01' is before 2000"),
        (ROW.replace("2019-01", _next_month()), f"Line 2: month '{_next_month()}' has not ended yet"),
    ],
)
def test_import_refuses_nul_characters_and_months_out_of_range(admin_user, row, message):
    client = client_as(admin_user)
    response = client.post(
        "/areas/import/", {"file": SimpleUploadedFile("month.csv", (HEADER + row).encode())}
    )
    assert response.status_code == 400
    assert message in page_of(response).replace("&#x27;", "'")
    assert not ImportedMonth.objects.exists() and not Incident.objects.exists()


# --- Sign in ----------------------------------------------------------------------------------


def test_sign_in_with_empty_fields_says_which(world):
    response = Client().post("/account/sign-in/", {"username": " ", "password": ""})
    assert response.status_code == 200
    assert "Enter your username" in page_of(response)
    assert "Enter your password" in page_of(response)
