import datetime
from decimal import Decimal

import pytest

from audit.models import Event
from plans.models import Stage

from .conftest import mark_imported, month, place

pytestmark = pytest.mark.django_db

INSIDE_CLOCK_TOWER = (-1.1340, 52.6352)  # inside tests.world.SQUARE


@pytest.fixture(autouse=True)
def october_to_december_imported(db):
    """The baseline period these tests use, every month of it imported (some with no incidents)."""
    mark_imported(month(2018, 10), month(2018, 11), month(2018, 12))


def post(client, world, **overrides):
    data = {"family": "serious-violence", "start": "2018-10-01", "end": "2018-12-31"}
    data.update(overrides)
    objective = world.plan.objectives.get()
    return client.post(f"/areas/objectives/{objective.pk}/baseline/", data), objective


def test_the_owner_sets_the_baseline_from_the_figures(world, client_for):
    place(INSIDE_CLOCK_TOWER, month(2018, 11), 23)
    place(INSIDE_CLOCK_TOWER, month(2019, 1), 5)  # outside the period
    place(INSIDE_CLOCK_TOWER, month(2018, 11), 4, crime_type="Anti-social behaviour")
    response, objective = post(client_for(world.users["owner"]), world)
    assert response.status_code == 302
    objective.refresh_from_db()
    assert objective.baseline == 23
    assert (
        objective.baseline_note
        == "Violence, robbery and weapons (police.uk: Violence and sexual offences, Robbery, Possession of weapons) in Clock Tower, Oct\u2013Dec 2018: 23 incidents"
    )
    event = Event.objects.get(action="plan.objective_baseline")
    assert event.plan_id == world.plan.pk and event.actor == world.users["owner"]
    assert event.changes["baseline"] == ["40.00", "23.00"]


def test_a_co_owner_may_set_it(world, client_for):
    world.plan.co_owners.add(world.users["officer2"])
    response, objective = post(client_for(world.users["officer2"]), world, family="asb")
    assert response.status_code == 302
    objective.refresh_from_db()
    assert objective.baseline == 0


@pytest.mark.parametrize(
    ("persona", "status"), [("officer2", 403), ("manager", 403), ("partner_on", 403), ("partner_off", 404)]
)
def test_others_may_not(world, client_for, persona, status):
    response, objective = post(client_for(world.users[persona]), world)
    assert response.status_code == status
    objective.refresh_from_db()
    assert objective.baseline == 40
    if status == 403:
        assert Event.objects.filter(action="plan.objective_baseline.refused").count() == 1


def test_not_on_a_closed_plan(world, client_for):
    type(world.plan).objects.filter(pk=world.plan.pk).update(state=Stage.CLOSED)
    response, objective = post(client_for(world.users["owner"]), world)
    assert response.status_code == 403


def test_get_is_not_allowed(world, client_for):
    objective = world.plan.objectives.get()
    assert (
        client_for(world.users["owner"]).get(f"/areas/objectives/{objective.pk}/baseline/").status_code == 405
    )


def test_a_tampered_form_changes_nothing(world, client_for):
    response, objective = post(client_for(world.users["owner"]), world, family="no-such-family")
    assert response.status_code == 302
    objective.refresh_from_db()
    assert objective.baseline == 40
    assert not Event.objects.filter(action="plan.objective_baseline").exists()


def test_the_period_is_whole_days_given(world, client_for):
    place(INSIDE_CLOCK_TOWER, month(2018, 12), 3)
    post(
        client_for(world.users["owner"]),
        world,
        start=datetime.date(2018, 12, 1).isoformat(),
        end="2018-12-31",
    )
    assert world.plan.objectives.get().baseline == 3


def test_an_edit_form_opened_before_cannot_write_the_old_baseline_back(world, client_for):
    """The baseline moves the objective's version on, as an edit does: a stale form is refused."""
    import re

    from django.test import Client
    from django.urls import reverse

    place(INSIDE_CLOCK_TOWER, month(2018, 11), 23)
    objective = world.plan.objectives.get()
    edit = reverse("plans:objective_edit", kwargs={"pk": world.plan.pk, "item_pk": objective.pk})
    officer = Client()
    officer.force_login(world.users["owner"])
    opened = re.search(r'name="version" value="(\d+)"', officer.get(edit).content.decode()).group(1)
    assert post(client_for(world.users["owner"]), world)[0].status_code == 302
    objective.refresh_from_db()
    assert objective.baseline == 23 and objective.version == int(opened) + 1
    assert Event.objects.get(action="plan.objective_baseline").changes["version"] == [1, 2]
    stale = {
        "impact": objective.impact,
        "reduction_percent": objective.reduction_percent or "",
        "description": "Reworded",
        "measure": objective.measure,
        "baseline": "40",  # what the form showed when it was opened
        "baseline_note": "",
        "target": objective.target if objective.target is not None else "",
        "result": "",
        "version": opened,
    }
    response = officer.post(edit, stale)
    assert response.status_code == 409
    rows = response.context["conflict"]["rows"]
    assert {row["value"] for row in rows} >= {Decimal("23.00"), objective.baseline_note}
    assert len(rows) == 2  # the baseline and its note: nothing else was saved since
    objective.refresh_from_db()
    assert objective.baseline == 23 and objective.description != "Reworded"


def test_no_baseline_is_taken_from_a_period_with_a_month_not_imported(world, client_for):
    # September 2018 was never imported: 23 incidents over October and November are not the count
    # of September to November, so nothing is set and the message names the month.
    place(INSIDE_CLOCK_TOWER, month(2018, 11), 23)
    response, objective = post(client_for(world.users["owner"]), world, start="2018-09-01", end="2018-11-30")
    assert response.status_code == 302
    objective.refresh_from_db()
    assert objective.baseline == 40
    assert not Event.objects.filter(action="plan.objective_baseline").exists()
    page = client_for(world.users["owner"]).get(response.url).content.decode()
    assert (
        "No baseline can be taken from Sep\u2013Nov 2018: police.uk data is not imported for Sep 2018. "
        "Import those months first." in page
    )


def test_the_plan_page_offers_no_baseline_from_a_partial_period(world, client_for):
    from hotspots.figure_periods import plan_periods

    place(INSIDE_CLOCK_TOWER, month(2019, 1), 5)
    type(world.plan).objects.filter(pk=world.plan.pk).update(
        state=Stage.ASSESS, start_date=datetime.date(2019, 1, 10)
    )
    world.plan.refresh_from_db()
    before, _ = plan_periods(world.plan)
    assert before == (datetime.date(2018, 12, 1), datetime.date(2018, 12, 31))
    page = client_for(world.users["owner"]).get(f"/plans/{world.plan.pk}/").content.decode()
    assert "Use this figure as the baseline" in page  # December is imported
    from hotspots.models import ImportedMonth

    ImportedMonth.objects.filter(month=month(2018, 12)).delete()
    page = client_for(world.users["owner"]).get(f"/plans/{world.plan.pk}/").content.decode()
    assert "Use this figure as the baseline" not in page
    assert "police.uk data is not imported for Dec 2018" in page
