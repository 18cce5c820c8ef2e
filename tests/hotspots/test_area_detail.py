import datetime

import pytest

from hotspots.models import PatrolLog

from .conftest import INSIDE, month, place

pytestmark = pytest.mark.django_db


@pytest.fixture
def incidents(world):
    for m in (month(2018, 11), month(2018, 12)):
        place((-1.1340, 52.6352), m, 8)
    for m in (month(2019, 1), month(2019, 2)):
        place(INSIDE, m, 3)


def test_figures_for_the_chosen_family_and_periods(world, incidents, client_for):
    response = client_for(world.users["owner"]).get(
        f"/areas/{world.area.pk}/",
        {"family": "serious-violence", "after_start": "2019-01", "after_end": "2019-02"},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert (
        "Violence, robbery and weapons (police.uk: Violence and sexual offences, Robbery, Possession of weapons): Nov\u2013Dec 2018 compared with Jan\u2013Feb 2019"
        in page
    )
    assert "\u221262.5% (16 to 6 incidents)" in page
    assert '<svg xmlns="http://www.w3.org/2000/svg"' in page and 'role="img"' in page


def test_without_a_query_the_last_two_imported_months_are_shown(world, incidents, client_for):
    page = client_for(world.users["manager"]).get(f"/areas/{world.area.pk}/").content.decode()
    assert "compared with Jan\u2013Feb 2019" in page


def test_a_bad_period_gets_a_clear_error(world, incidents, client_for):
    response = client_for(world.users["owner"]).get(
        f"/areas/{world.area.pk}/",
        {"family": "serious-violence", "after_start": "2019-13", "after_end": "2019-01"},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "There is a problem" in page
    assert "Enter response period: first month as year-month, for example 2019-01" in page


@pytest.mark.parametrize("persona", ["partner_on", "partner_off"])
def test_partners_see_figures_on_their_plans_not_here(world, client_for, persona):
    # Partners may not see area pages at all, so the area is 404 to them, not 403.
    assert client_for(world.users[persona]).get(f"/areas/{world.area.pk}/").status_code == 404


def test_an_unknown_area_is_404(world, client_for):
    assert client_for(world.users["owner"]).get("/areas/999999/").status_code == 404


def test_query_count_does_not_grow_with_incidents_or_patrols(
    world, incidents, client_for, police_org, django_assert_max_num_queries
):
    client = client_for(world.users["manager"])
    url = f"/areas/{world.area.pk}/"
    client.get(url)
    with django_assert_max_num_queries(17):
        client.get(url)
    for m in (month(2018, 11), month(2019, 1)):
        place(INSIDE, m, 200)
    PatrolLog.objects.bulk_create(
        PatrolLog(
            area=world.area,
            organisation=police_org,
            logged_by=world.users["owner"],
            date=datetime.date(2019, 1, 1) + datetime.timedelta(days=n),
            start_time=datetime.time(22),
            minutes=12,
            kind=PatrolLog.Kind.FOOT,
        )
        for n in range(60)
    )
    with django_assert_max_num_queries(17):
        response = client.get(url)
    assert "60" in response.content.decode()


def test_a_month_not_imported_reads_no_data_in_the_table(world, incidents, client_for):
    place(INSIDE, month(2019, 4), 2)  # April imported, March 2019 never was
    response = client_for(world.users["owner"]).get(
        f"/areas/{world.area.pk}/",
        {"family": "serious-violence", "after_start": "2019-03", "after_end": "2019-04"},
    )
    rows = response.content.decode().split("by month (the data behind the chart)", 1)[1]
    march = rows.split('<th scope="row" class="govuk-table__header">Mar 2019</th>', 1)[1].split("</tr>", 1)[0]
    april = rows.split('<th scope="row" class="govuk-table__header">Apr 2019</th>', 1)[1].split("</tr>", 1)[0]
    assert march.count("no data") == 3
    assert "no data" not in april and ">2<" in april
