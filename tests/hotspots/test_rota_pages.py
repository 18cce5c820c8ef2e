"""The rota of an area and the compliance page, as each persona sees them."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from audit.models import Event
from hotspots import rota_services
from hotspots.rota_models import RotaException, RotaPattern
from tests.factories import form_token, make_patrol

pytestmark = pytest.mark.django_db

T = datetime.time
EVENING = T(22, 0)


def org(user):
    return user.memberships.get().organisation


def _plan(world, organisation, *, start=EVENING, weekdays=(0, 1, 2, 3, 4, 5, 6), first=None, last=None):
    today = timezone.localdate()
    return rota_services.rota_pattern_create(
        actor=world.users["owner"],
        area=world.area,
        organisation=organisation,
        weekdays=list(weekdays),
        start_time=start,
        minutes=120,
        staff_count=2,
        first_date=first or today,
        last_date=last or today + datetime.timedelta(days=60),
    )


@pytest.fixture
def rota(world):
    """Street Pastors every evening at 22:00 and the police every morning at 07:15, from today."""
    pastors = _plan(world, org(world.users["partner_on"]))
    police = _plan(world, org(world.users["owner"]), start=T(7, 15))
    return pastors, police


def page(client_for, world, persona, url):
    return client_for(world.users[persona]).get(url)


# ---------------------------------------------------------------- the rota of an area


@pytest.mark.parametrize("persona", ["owner", "officer2", "manager"])
def test_police_see_every_organisations_slots_and_may_plan(world, rota, client_for, persona):
    response = page(client_for, world, persona, f"/rota/areas/{world.area.pk}/")
    text = response.content.decode()
    assert response.status_code == 200
    assert "Street Pastors: Every day at 22:00" in text
    assert "Leicestershire Police: Every day at 07:15" in text
    assert "Plan patrol slots" in text and "Cancel or move a slot" in text
    assert "Not yet confirmed by Street Pastors" in text
    assert "will staff these slots" not in text  # only the partner lead confirms


def test_the_partner_lead_on_the_plan_sees_only_its_own_slots_and_confirms(world, rota, client_for):
    response = page(client_for, world, "partner_on", f"/rota/areas/{world.area.pk}/")
    text = response.content.decode()
    assert response.status_code == 200
    assert "Street Pastors: Every day at 22:00" in text
    assert "Leicestershire Police" not in text and "07:15" not in text
    assert "Plan patrol slots" not in text and "Cancel or move a slot" not in text
    assert "Confirm Street Pastors will staff these slots" in text


def test_the_partner_lead_not_on_the_plan_gets_404(world, rota, client_for):
    assert page(client_for, world, "partner_off", f"/rota/areas/{world.area.pk}/").status_code == 404


def test_the_coming_weeks_list_the_slots(world, client_for):
    today = timezone.localdate()
    _plan(world, org(world.users["owner"]), first=today, last=today)
    text = page(client_for, world, "manager", f"/rota/areas/{world.area.pk}/").content.decode()
    assert f"{today:%a} {today.day} {today:%b} 22:00" in text


def test_query_count_does_not_grow_with_patterns(world, rota, client_for):
    client = client_for(world.users["manager"])
    url = f"/rota/areas/{world.area.pk}/"
    client.get(url)
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    for _ in range(9):
        pattern = _plan(world, org(world.users["partner_on"]), start=T(20, 0))
        rota_services.rota_exception_add(
            actor=world.users["owner"],
            pattern=pattern,
            date=pattern.first_date + datetime.timedelta(days=1),
            kind="cancelled",
        )
    with CaptureQueriesContext(connection) as ten:
        response = client.get(url)
    assert response.content.decode().count("Street Pastors: Every day at 20:00") == 9
    assert len(ten) == len(one) <= 12


# ---------------------------------------------------------------- planning


def test_an_officer_plans_a_pattern_from_the_form(world, client_for):
    client = client_for(world.users["owner"])
    url = f"/rota/areas/{world.area.pk}/new/"
    form = client.get(url)
    data = {
        "submission": form_token(form),
        "organisation": org(world.users["partner_on"]).pk,
        "weekdays": ["4", "5"],
        "start_time": "22:00",
        "minutes": "240",
        "staff_count": "2",
        "first_date": "2026-07-03",
        "last_date": "2026-07-31",
    }
    response = client.post(url, data)
    assert response.status_code == 302
    pattern = RotaPattern.objects.get()
    assert pattern.weekdays == [4, 5] and pattern.slots.count() == 9
    # Sent again: saved once.
    client.post(url, data)
    assert RotaPattern.objects.count() == 1


def test_the_form_offers_only_the_police_and_the_plans_partners(world, client_for):
    text = page(client_for, world, "owner", f"/rota/areas/{world.area.pk}/new/").content.decode()
    assert "Street Pastors" in text and "BID Leicester" in text and "Leicestershire Police" in text
    assert "City Street Wardens" not in text


def test_a_bad_pattern_says_what_to_fix_and_saves_nothing(world, client_for):
    response = client_for(world.users["owner"]).post(
        f"/rota/areas/{world.area.pk}/new/",
        {
            "organisation": org(world.users["partner_off"]).pk,
            "start_time": "25:00",
            "minutes": "0",
            "staff_count": "2",
            "first_date": "2026-07-31",
            "last_date": "2026-07-03",
        },
    )
    text = response.content.decode()
    assert response.status_code == 400
    for message in [
        "Choose an organisation from the list",
        "Choose at least one day of the week",
        "Enter the start time as hours:minutes",
        "A slot lasts at least 1 minute",
        "The last date must be the same as or after the first date",
    ]:
        assert message in text
    assert not RotaPattern.objects.exists()


def test_an_officer_cancels_a_date_and_a_partner_lead_cannot(world, rota, client_for):
    pastors, _ = rota
    date = pastors.first_date + datetime.timedelta(days=2)
    url = f"/rota/patterns/{pastors.pk}/exception/"
    refused = client_for(world.users["partner_on"]).post(url, {"date": date.isoformat(), "kind": "cancelled"})
    assert refused.status_code == 403 and not RotaException.objects.exists()
    response = client_for(world.users["owner"]).post(url, {"date": date.isoformat(), "kind": "cancelled"})
    assert response.status_code == 302
    assert not pastors.slots.filter(date=date).exists()


def test_a_move_needs_its_new_date_and_time(world, rota, client_for):
    pastors, _ = rota
    response = client_for(world.users["owner"]).post(
        f"/rota/patterns/{pastors.pk}/exception/",
        {"date": pastors.first_date.isoformat(), "kind": "moved"},
    )
    assert response.status_code == 400
    assert "Enter the date it moves to" in response.content.decode()
    assert not RotaException.objects.exists()


def test_the_partner_lead_confirms_its_pattern(world, rota, client_for):
    pastors, police = rota
    client = client_for(world.users["partner_on"])
    assert client.post(f"/rota/patterns/{police.pk}/confirm/").status_code == 404  # not its to see
    assert client.post(f"/rota/patterns/{pastors.pk}/confirm/").status_code == 302
    pastors.refresh_from_db()
    assert pastors.confirmed_by == world.users["partner_on"]
    assert Event.objects.filter(action="rota.confirm").count() == 1


# ---------------------------------------------------------------- compliance


@pytest.fixture
def delivered(world):
    """Street Pastors and police slots in July 2026, one patrol each."""
    pastors = _plan(
        world, org(world.users["partner_on"]), first=datetime.date(2026, 7, 3), last=datetime.date(2026, 7, 3)
    )
    police = _plan(
        world,
        org(world.users["owner"]),
        start=T(7, 15),
        first=datetime.date(2026, 7, 3),
        last=datetime.date(2026, 7, 4),
    )
    make_patrol(
        area=world.area,
        logged_by=world.users["partner_on"],
        date=datetime.date(2026, 7, 3),
        start_time=T(22, 30),
        minutes=60,
    )
    make_patrol(
        area=world.area,
        logged_by=world.users["owner"],
        date=datetime.date(2026, 7, 3),
        start_time=T(7, 15),
        minutes=120,
    )
    make_patrol(
        area=world.area,
        logged_by=world.users["owner"],
        date=datetime.date(2026, 7, 5),
        start_time=T(12, 0),
        minutes=25,
    )
    return pastors, police


URL = "/rota/compliance/?first=2026-07-01&last=2026-07-31"


@pytest.mark.parametrize("persona", ["owner", "officer2", "manager"])
def test_police_see_every_organisations_compliance(world, delivered, client_for, persona):
    text = page(client_for, world, persona, URL).content.decode()
    # Pastors 60 of 120 minutes; police 120 of 240 (the 4th missed): 180 of 360 in all.
    assert "3.0 of 6.0 planned hours delivered (50.0%)" in text
    assert "Street Pastors" in text and "Leicestershire Police" in text
    assert "Part-delivered (60 of 120 minutes)" in text and "Missed" in text
    assert "1 visit overlapping no planned slot" in text


def test_each_weeks_row_gives_its_monday_and_figures(world, delivered, client_for):
    text = page(client_for, world, "manager", URL).content.decode()
    # Police, week of Monday 29 June: 120 of 240 minutes (the 3rd delivered, the 4th missed).
    row = re.search(
        r"<td[^>]*>29 Jun 2026</td>\s*<td[^>]*>Clock Tower</td>\s*<td[^>]*>Leicestershire Police</td>"
        r"\s*<td[^>]*>4.0</td>\s*<td[^>]*>2.0</td>\s*<td[^>]*>50.0%</td>",
        text,
    )
    assert row is not None


def test_a_long_list_of_slots_short_of_delivery_is_cut_and_says_so(world, delivered, client_for, monkeypatch):
    monkeypatch.setattr("hotspots.compliance_page.LISTED", 1)
    text = page(client_for, world, "manager", URL).content.decode()
    # Two slots short: the police's missed 4th first (by organisation's name), then the pastors'.
    assert "Missed" in text and "Part-delivered (60 of 120 minutes)" not in text
    assert "The first 1 of 2 are listed. Choose a shorter period to see the rest." in text


def test_the_partner_lead_on_the_plan_sees_only_its_own(world, delivered, client_for):
    text = page(client_for, world, "partner_on", URL).content.decode()
    assert "1.0 of 2.0 planned hours delivered (50.0%)" in text
    assert "Leicestershire Police" not in text


def test_the_compliance_page_links_to_the_rotas_a_persona_may_read(world, delivered, client_for):
    link = f'href="/rota/areas/{world.area.pk}/"'
    assert link in page(client_for, world, "manager", URL).content.decode()
    assert link in page(client_for, world, "partner_on", URL).content.decode()
    assert link not in page(client_for, world, "partner_off", URL).content.decode()


def test_the_area_and_patrol_pages_link_to_the_rota(world, client_for):
    assert (
        f'href="/rota/areas/{world.area.pk}/"'
        in page(client_for, world, "owner", f"/areas/{world.area.pk}/").content.decode()
    )
    assert (
        'href="/rota/compliance/"'
        in page(client_for, world, "partner_on", "/areas/patrols/").content.decode()
    )


def test_the_partner_lead_not_on_the_plan_sees_nothing(world, delivered, client_for):
    response = page(client_for, world, "partner_off", URL)
    text = response.content.decode()
    assert response.status_code == 200
    assert "No slots you can see were planned in this period." in text
    assert "Street Pastors" not in text and "Leicestershire Police" not in text


def test_a_bad_period_says_what_to_fix(world, delivered, client_for):
    response = page(client_for, world, "manager", "/rota/compliance/?first=2026-13-01&last=2026-07-31")
    assert response.status_code == 400
    assert "Enter the first date as year-month-day" in response.content.decode()


def test_compliance_query_count_does_not_grow(world, delivered, client_for):
    client = client_for(world.users["manager"])
    client.get(URL)
    with CaptureQueriesContext(connection) as one:
        client.get(URL)
    for _ in range(9):
        _plan(
            world,
            org(world.users["partner_on"]),
            start=T(18, 0),
            first=datetime.date(2026, 7, 1),
            last=datetime.date(2026, 7, 31),
        )
    with CaptureQueriesContext(connection) as ten:
        response = client.get(URL)
    assert "Street Pastors" in response.content.decode()
    assert len(ten) == len(one) <= 12


# ---------------------------------------------------------------- the funded target


def test_a_manager_sets_the_target_and_the_police_see_progress(world, client_for):
    manager = client_for(world.users["manager"])
    assert manager.get("/rota/target/").status_code == 200
    response = manager.post(
        "/rota/target/", {"first_date": "2026-04-01", "last_date": "2027-03-31", "hours": "13000"}
    )
    assert response.status_code == 302
    make_patrol(
        area=world.area,
        logged_by=world.users["owner"],
        date=datetime.date(2026, 5, 1),
        start_time=T(10, 0),
        minutes=600,
    )
    for persona in ["owner", "officer2", "manager"]:
        text = page(client_for, world, persona, URL).content.decode()
        assert "10 of 13,000 hours" in text
        assert ("Set the funded patrol hours" in text) == (persona == "manager")


@pytest.mark.parametrize("persona", ["partner_on", "partner_off"])
def test_partner_leads_do_not_see_the_programmes_target(world, client_for, persona):
    client_for(world.users["manager"]).post(
        "/rota/target/", {"first_date": "2026-04-01", "last_date": "2027-03-31", "hours": "13000"}
    )
    text = page(client_for, world, persona, URL).content.decode()
    assert "13,000 hours" not in text and "Set the funded patrol hours" not in text


def test_a_bad_target_says_what_to_fix(world, client_for):
    response = client_for(world.users["manager"]).post(
        "/rota/target/", {"first_date": "2026-04-01", "last_date": "2026-03-31", "hours": "0"}
    )
    text = response.content.decode()
    assert response.status_code == 400
    assert "Enter the target as a whole number of hours, at least 1" in text
