import datetime

import pytest
from django.utils import timezone

from audit.models import Event
from hotspots import patrol_services
from hotspots.models import Area, PatrolLog
from tests.world import SQUARE

pytestmark = pytest.mark.django_db


def form(world, **overrides):
    data = {
        "area": world.area.pk,
        "date": "2019-01-18",
        "start_time": "22:30",
        "minutes": "15",
        "staff_count": "2",
        "kind": "foot",
        "engagements": "3",
        "arrests": "0",
        "stop_searches": "0",
        "asb_powers": "0",
        "note": "Quiet until the clubs emptied",
    }
    data.update(overrides)
    return data


def test_an_officer_logs_for_the_police(world, client_for, police_org):
    response = client_for(world.users["owner"]).post("/areas/patrols/new/", form(world))
    assert response.status_code == 302 and response["Location"] == "/areas/patrols/"
    patrol = PatrolLog.objects.get()
    assert patrol.organisation == police_org
    assert patrol.logged_by == world.users["owner"]
    assert (patrol.date, patrol.start_time, patrol.minutes, patrol.staff_count) == (
        datetime.date(2019, 1, 18),
        datetime.time(22, 30),
        15,
        2,
    )
    event = Event.objects.get(action="patrol.log")
    assert event.changes["minutes"] == [None, 15]
    assert event.changes["organisation"] == [None, "Leicestershire Police"]


def test_a_partner_lead_logs_only_for_their_own_organisation(
    world, client_for, pastors_org, wardens_org, police_org
):
    client = client_for(world.users["partner_on"])
    response = client.post(
        "/areas/patrols/new/",
        form(world, organisation=wardens_org.pk, logged_by=world.users["owner"].pk),
    )
    assert response.status_code == 302
    patrol = PatrolLog.objects.get()
    assert patrol.organisation == pastors_org  # posting another organisation changes nothing
    assert patrol.logged_by == world.users["partner_on"]


def test_the_form_has_no_organisation_field(world, client_for):
    page = client_for(world.users["partner_on"]).get("/areas/patrols/new/").content.decode()
    assert 'name="organisation"' not in page
    assert "logged for Street Pastors, your organisation" in page


@pytest.mark.parametrize("persona", ["manager"])
def test_managers_do_not_log_patrols(world, client_for, persona):
    client = client_for(world.users[persona])
    assert client.get("/areas/patrols/new/").status_code == 403
    assert client.post("/areas/patrols/new/", form(world)).status_code == 403
    assert not PatrolLog.objects.exists()


def test_an_administrator_does_not_log_patrols(admin_user, client_for, world):
    assert client_for(admin_user).post("/areas/patrols/new/", form(world)).status_code == 403


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"minutes": "0"}, "minutes", "Minutes in the area must be 1 or more"),
        ({"minutes": "1441"}, "minutes", "Minutes in the area must be 1440 or fewer"),
        ({"minutes": ""}, "minutes", "Enter minutes in the area"),
        ({"staff_count": "0"}, "staff_count", "Number of staff must be 1 or more"),
        ({"date": "18th January"}, "date", "Date of the patrol must be a real date"),
        ({"date": "2999-01-01"}, "date", "The date of the patrol must be today or in the past"),
        ({"date": "1999-12-31"}, "date", "The date of the patrol must be 1 January 2000 or later"),
        # The clocks went forward at 01:00 on 30 March 2025: 01:30 never happened that day.
        (
            {"date": "2025-03-30", "start_time": "01:30"},
            "start_time",
            "01:30 did not happen on 30 March 2025: the clocks went forward an hour that night",
        ),
        ({"start_time": "25:00"}, "start_time", "Enter the start time as hours:minutes"),
        ({"area": "999999"}, "area", "Choose an area from the list"),
        ({"kind": "helicopter"}, "kind", "Select a valid choice"),
        ({"arrests": "-1"}, "arrests", "Arrests must be 0 or more"),
    ],
)
def test_bad_input_gets_a_clear_error_and_nothing_is_saved(world, client_for, overrides, field, message):
    response = client_for(world.users["owner"]).post("/areas/patrols/new/", form(world, **overrides))
    assert response.status_code == 400
    page = response.content.decode()
    assert "There is a problem" in page and message in page
    # A date's error leads to its first box (the GOV.UK date input).
    assert f'href="#id_{field}{"-day" if field == "date" else ""}"' in page
    assert "Quiet until the clubs emptied" in page  # what was typed is kept
    assert not PatrolLog.objects.exists()


def test_a_start_later_today_is_refused_and_one_just_begun_is_taken(world, client_for):
    client = client_for(world.users["owner"])
    now = timezone.localtime()
    later = now + datetime.timedelta(hours=1)
    if later.date() != now.date():  # after 23:00 there is no later start today to try
        later = None
    if later is not None:
        response = client.post(
            "/areas/patrols/new/", form(world, date=f"{later:%Y-%m-%d}", start_time=f"{later:%H:%M}")
        )
        assert response.status_code == 400
        assert "The start time is later than now" in response.content.decode()
        assert not PatrolLog.objects.exists()
    response = client.post(
        "/areas/patrols/new/", form(world, date=f"{now:%Y-%m-%d}", start_time=f"{now:%H:%M}")
    )
    assert response.status_code == 302
    assert PatrolLog.objects.get().start_time == now.time().replace(second=0, microsecond=0)


def test_the_hour_before_the_clocks_go_forward_and_the_repeated_hour_are_taken(world, client_for):
    client = client_for(world.users["owner"])
    for date, start in (("2025-03-30", "00:59"), ("2025-03-30", "02:00"), ("2025-10-26", "01:30")):
        response = client.post("/areas/patrols/new/", form(world, date=date, start_time=start))
        assert response.status_code == 302, (date, start)
    assert PatrolLog.objects.count() == 3


def test_the_edit_form_shows_the_date_in_three_boxes_and_the_time_as_its_hint_asks(world, client_for):
    client = client_for(world.users["owner"])
    client.post("/areas/patrols/new/", form(world, start_time="23:15"))
    page = client.get(f"/areas/patrols/{PatrolLog.objects.get().pk}/edit/").content.decode()
    assert 'name="date-day" type="text" inputmode="numeric" value="18"' in page
    assert 'name="date-month" type="text" value="1"' in page
    assert 'name="date-year" type="text" inputmode="numeric" value="2019"' in page
    assert 'value="23:15"' in page


def test_a_partner_lead_may_log_only_in_the_areas_of_its_plans(world, client_for):
    # Street Pastors are on world.plan (Clock Tower); Gallowtree Gate's plan is not theirs.
    other = Area.objects.create(name="Gallowtree Gate", geometry=SQUARE)
    world.other_plan.area = other
    world.other_plan.save(update_fields=["area"])
    client = client_for(world.users["partner_on"])
    page = client.get("/areas/patrols/new/").content.decode()
    assert world.area.name in page and "Gallowtree Gate" not in page
    response = client.post("/areas/patrols/new/", form(world, area=other.pk))
    assert response.status_code == 400
    assert "Choose an area from the list" in response.content.decode()
    assert not PatrolLog.objects.exists()


def test_an_officer_may_log_in_any_area(world, client_for):
    other = Area.objects.create(name="Gallowtree Gate", geometry=SQUARE)
    response = client_for(world.users["officer2"]).post("/areas/patrols/new/", form(world, area=other.pk))
    assert response.status_code == 302
    assert PatrolLog.objects.get().area == other


def log(actor, area, **extra):

    return patrol_services.patrol_log(
        actor=actor,
        area=area,
        date=datetime.date(2019, 1, 18),
        start_time=datetime.time(22, 30),
        minutes=15,
        kind=PatrolLog.Kind.PARTNER,
        **extra,
    )


def test_the_service_refuses_a_partner_outside_its_plans_areas_and_records_it(world):
    from django.core.exceptions import PermissionDenied

    # The rule holds for every caller, not only the form.
    other = Area.objects.create(name="Gallowtree Gate", geometry=SQUARE)
    with pytest.raises(PermissionDenied, match="no plan in this area"):
        log(world.users["partner_on"], other)
    assert not PatrolLog.objects.exists()
    refused = Event.objects.get(action="patrol.log.refused")
    assert refused.actor == world.users["partner_on"] and refused.target_id == str(other.pk)
    assert log(world.users["partner_on"], world.area).organisation.name == "Street Pastors"


def test_a_patrol_is_logged_against_a_plan_only_of_that_area_that_the_actor_sees(world):
    from django.core.exceptions import PermissionDenied

    partner = world.users["partner_on"]
    patrol = log(partner, world.area, plan=world.plan)
    assert patrol.plan == world.plan
    assert Event.objects.get(action="patrol.log").plan_id == world.plan.pk
    world.other_plan.area = world.area  # same area, but Street Pastors are not on this plan
    world.other_plan.save(update_fields=["area"])
    with pytest.raises(PermissionDenied, match="not one of yours"):
        log(partner, world.area, plan=world.other_plan)
    elsewhere = Area.objects.create(name="Gallowtree Gate", geometry=SQUARE)
    with pytest.raises(PermissionDenied, match="not one of yours"):
        log(world.users["owner"], elsewhere, plan=world.plan)  # the plan is in another area
    assert PatrolLog.objects.count() == 1
    assert Event.objects.filter(action="patrol.log.refused").count() == 2


def test_the_same_visit_sent_twice_is_logged_once_and_the_form_says_so(world, client_for):
    client = client_for(world.users["owner"])
    assert client.post("/areas/patrols/new/", form(world)).status_code == 302
    again = client_for(world.users["officer2"]).post("/areas/patrols/new/", form(world, staff_count="1"))
    assert again.status_code == 400
    page = again.content.decode()
    assert "Your organisation has already logged this visit: foot patrol in" in page
    assert "on 18 January 2019 at 22:30" in page and "Quiet until the clubs emptied" in page
    assert PatrolLog.objects.count() == 1 and Event.objects.filter(action="patrol.log").count() == 1


def test_another_kind_time_or_organisation_is_another_visit(world, client_for):
    client = client_for(world.users["owner"])
    for overrides in ({}, {"kind": "vehicle"}, {"start_time": "22:45"}, {"date": "2019-01-19"}):
        assert client.post("/areas/patrols/new/", form(world, **overrides)).status_code == 302
    assert client_for(world.users["partner_on"]).post("/areas/patrols/new/", form(world)).status_code == 302
    assert PatrolLog.objects.count() == 5


def test_a_correction_may_not_make_a_patrol_the_copy_of_another(world, client_for):
    client = client_for(world.users["owner"])
    client.post("/areas/patrols/new/", form(world))
    client.post("/areas/patrols/new/", form(world, start_time="23:30"))
    later = PatrolLog.objects.get(start_time=datetime.time(23, 30))
    response = client.post(f"/areas/patrols/{later.pk}/edit/", form(world, version=later.version))
    assert response.status_code == 400
    assert "already logged this visit: foot patrol" in response.content.decode()
    later.refresh_from_db()
    assert later.start_time == datetime.time(23, 30)
    # Correcting a patrol's own other values is not a copy of itself.
    assert (
        client.post(
            f"/areas/patrols/{later.pk}/edit/",
            form(world, start_time="23:30", minutes="20", version=later.version),
        ).status_code
        == 302
    )
