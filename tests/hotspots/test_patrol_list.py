import datetime

import pytest

from hotspots.models import PatrolLog

pytestmark = pytest.mark.django_db


def log(world, organisation, user, n=1, note=""):
    PatrolLog.objects.bulk_create(
        PatrolLog(
            area=world.area,
            organisation=organisation,
            logged_by=user,
            date=datetime.date(2019, 1, 1) + datetime.timedelta(days=k % 80),
            start_time=datetime.time(22),
            minutes=12,
            kind=PatrolLog.Kind.FOOT,
            note=note,
        )
        for k in range(n)
    )


@pytest.fixture
def patrols(world, police_org, pastors_org, wardens_org):
    log(world, police_org, world.users["owner"], 3)
    log(world, pastors_org, world.users["partner_on"], 2)
    log(world, wardens_org, world.users["partner_off"], 4)


@pytest.mark.parametrize("persona", ["owner", "officer2", "manager"])
def test_police_see_every_organisation(world, patrols, client_for, persona):
    page = client_for(world.users[persona]).get("/areas/patrols/").content.decode()
    assert "9 patrols" in page
    assert "Street Pastors" in page and "City Street Wardens" in page and "Leicestershire Police" in page


def test_a_partner_lead_sees_only_their_own_organisation(world, patrols, client_for):
    page = client_for(world.users["partner_on"]).get("/areas/patrols/").content.decode()
    assert "2 patrols" in page
    assert "City Street Wardens" not in page and "Leicestershire Police" not in page


def test_an_administrator_without_a_police_role_is_refused(admin_user, client_for, world):
    assert client_for(admin_user).get("/areas/patrols/").status_code == 403


def test_query_count_does_not_grow_with_patrols(
    world, patrols, client_for, police_org, django_assert_max_num_queries
):
    client = client_for(world.users["manager"])
    client.get("/areas/patrols/")
    with django_assert_max_num_queries(12):
        client.get("/areas/patrols/")
    log(world, police_org, world.users["owner"], 90)
    with django_assert_max_num_queries(12):
        response = client.get("/areas/patrols/")
    assert "99 patrols" in response.content.decode()
    assert "Page 1 of 2" in response.content.decode()
