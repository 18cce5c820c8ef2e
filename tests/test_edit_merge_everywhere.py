"""No update lost, the same for every edited record (objectives, responses, tasks, areas,
patrols): two people open one form at the same version and change different fields; the second
is refused (409) with both sets of changes shown, saves the page again, and both changes stay.
Where both changed one field, the user's choice decides and the event records both values."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse

from audit.models import Event
from hotspots.models import Area, PatrolLog
from plans.models import Objective, Response, Task
from tests.factories import make_patrol
from tests.page_forms import form_on

pytestmark = pytest.mark.django_db


def browser(user):
    client = Client()
    client.force_login(user)
    return client


def _patrol(world):
    return make_patrol(
        area=world.area,
        logged_by=world.users["owner"],
        date=datetime.date(2019, 1, 19),
        start_time=datetime.time(22, 0),
        minutes=20,
        staff_count=2,
        kind=PatrolLog.Kind.FOOT,
    )


# Each case: the record, its edit page, the second editor, a change by each to a different
# field (name, value as posted, value as saved), and the action of its update event.
CASES = {
    "objective": (
        lambda w: Objective.objects.filter(plan=w.plan).first(),
        lambda w, o: reverse("plans:objective_edit", kwargs={"pk": w.plan.pk, "item_pk": o.pk}),
        "officer2",
        ("description", "Fewer assaults at the rank", "Fewer assaults at the rank"),
        ("measure", "Recorded violence within 50 m", "Recorded violence within 50 m"),
        "plan.objective_update",
    ),
    "response": (
        lambda w: Response.objects.filter(plan=w.plan).first(),
        lambda w, r: reverse("plans:response_edit", kwargs={"pk": w.plan.pk, "item_pk": r.pk}),
        "officer2",
        ("description", "Pastors at the rank from 23:00", "Pastors at the rank from 23:00"),
        ("delivery_note", "Started on the first Friday", "Started on the first Friday"),
        "plan.response_update",
    ),
    "task": (
        lambda w: w.task,
        lambda w, t: f"/tasks/{t.pk}/edit/",
        "manager",
        ("title", "Staff the rank until 04:00", "Staff the rank until 04:00"),
        ("description", "Two officers and a pastor", "Two officers and a pastor"),
        "task.update",
    ),
    "area": (
        lambda w: w.area,
        lambda w, a: f"/areas/{a.pk}/edit/",
        "officer2",
        ("name", "Clock Tower and Haymarket", "Clock Tower and Haymarket"),
        ("buffer_m", "500", 500),
        "area.update",
    ),
    "patrol": (
        _patrol,
        lambda w, p: f"/areas/patrols/{p.pk}/edit/",
        "officer2",
        ("note", "Two arrests at the taxi rank", "Two arrests at the taxi rank"),
        ("staff_count", "5", 5),
        "patrol.update",
    ),
}
MODELS = {"objective": Objective, "response": Response, "task": Task, "area": Area, "patrol": PatrolLog}


@pytest.fixture
def opened(world, request):
    """The record of the case, and its form opened by the owner (Priya) and the second editor (Tom)."""
    kind = request.param
    record_of, url_of, other, mine, theirs, action = CASES[kind]
    world.plan.co_owners.add(world.users["officer2"])
    record = record_of(world)
    url = url_of(world, record)
    priya, tom = browser(world.users["owner"]), browser(world.users[other])
    return kind, record, url, priya, form_on(priya.get(url)), tom, form_on(tom.get(url)), mine, theirs, action


@pytest.mark.parametrize("opened", list(CASES), indirect=True)
def test_changes_to_different_fields_both_survive(world, opened):
    kind, record, url, priya, priyas_form, tom, toms_form, mine, theirs, action = opened
    assert "base" in priyas_form  # the page carries what she saw
    assert tom.post(url, {**toms_form, theirs[0]: theirs[1]}).status_code == 302

    stale = priya.post(url, {**priyas_form, mine[0]: mine[1]})
    assert stale.status_code == 409, stale.content.decode()[:2000]
    page = stale.content.decode()
    assert "Saved by someone else:" in page and "Yours:" in page
    assert "You did not change this: theirs stays." in page

    assert priya.post(url, form_on(stale)).status_code == 302
    saved = MODELS[kind].objects.get(pk=record.pk)
    assert (getattr(saved, mine[0]), getattr(saved, theirs[0])) == (mine[2], theirs[2])
    event = Event.objects.filter(action=action, actor=world.users["owner"]).get()
    assert theirs[0] not in event.changes and mine[0] in event.changes


@pytest.mark.parametrize("opened", list(CASES), indirect=True)
def test_the_same_field_changed_by_both_is_the_users_choice(world, opened):
    kind, record, url, priya, priyas_form, tom, toms_form, mine, theirs, action = opened
    assert tom.post(url, {**toms_form, mine[0]: "His " + mine[1]}).status_code == 302
    stale = priya.post(url, {**priyas_form, mine[0]: mine[1]})
    assert stale.status_code == 409
    assert f'name="keep_{mine[0]}"' in stale.content.decode()

    assert priya.post(url, {**form_on(stale), f"keep_{mine[0]}": "mine"}).status_code == 302
    assert getattr(MODELS[kind].objects.get(pk=record.pk), mine[0]) == mine[2]
    event = Event.objects.filter(action=action, actor=world.users["owner"]).get()
    assert event.changes[mine[0]] == ["His " + mine[1], mine[1]]


def test_an_outline_typed_by_the_user_is_shown_as_geojson_folded_away(world):
    url = f"/areas/{world.area.pk}/edit/"
    priya, tom = browser(world.users["owner"]), browser(world.users["officer2"])
    priyas_form, toms_form = form_on(priya.get(url)), form_on(tom.get(url))
    assert tom.post(url, {**toms_form, "buffer_m": "500"}).status_code == 302
    outline = '{"type": "Polygon", "coordinates": [[[-1.14, 52.63], [-1.13, 52.63], [-1.13, 52.64], [-1.14, 52.63]]]}'
    stale = priya.post(url, {**priyas_form, "geometry": outline})
    assert stale.status_code == 409
    page = stale.content.decode()
    yours = page[page.index("Yours:") :]
    assert "The outline (GeoJSON)" in yours and '"Polygon"' in yours.replace("&quot;", '"')
