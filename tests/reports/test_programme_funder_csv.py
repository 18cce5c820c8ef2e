"""The funder return: a manager's audited CSV export by quarter and area, police and partners apart."""

import csv
import io

import pytest
from django.urls import reverse

from audit.models import Event
from hotspots.models import Area, PatrolLog
from reports.csv_export import HEADER, safe_cell
from tests.reports import programme_story as story
from tests.world import SQUARE

URL = reverse("reports:funder_csv")
FORM = {
    "start": "2026-04-01",
    "end": "2026-09-30",
    "purpose": "Quarterly return to the hotspot fund",
    "recipient": "Home Office hotspot fund",
}


@pytest.fixture
def built(world, police_org, pastors_org, wardens_org, bid_org):
    return story.build(world, police_org, pastors_org, wardens_org, bid_org)


def rows_of(response) -> list[dict]:
    text = response.content.decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


@pytest.mark.parametrize("persona", ["owner", "officer2", "partner_on", "partner_off"])
def test_only_a_manager_may_export_it(world, client_for, persona):
    client = client_for(world.users[persona])
    assert client.get(URL).status_code == 403
    assert client.post(URL, FORM).status_code == 403
    assert not Event.objects.filter(action="report.export").exists()


def test_the_form_asks_the_period_purpose_and_recipient(world, client_for):
    response = client_for(world.users["manager"]).get(URL, {"start": "2026-07-01", "end": "2026-09-30"})
    html = response.content.decode()
    assert response.status_code == 200
    for name in ("start-day", "start-month", "start-year", "end-day", "purpose", "recipient"):
        assert f'name="{name}"' in html
    # The period brought from the programme page fills the date boxes.
    assert 'name="start-month" type="text" value="7"' in html
    assert 'name="end-day" type="text" inputmode="numeric" value="30"' in html


def test_it_asks_again_without_purpose_and_recipient(world, client_for):
    response = client_for(world.users["manager"]).post(URL, {**FORM, "purpose": "", "recipient": " "})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Enter why you are exporting this" in html and "Enter who will receive it" in html
    assert not Event.objects.filter(action="report.export").exists()


def test_it_asks_again_for_a_backwards_period(world, client_for):
    response = client_for(world.users["manager"]).post(URL, {**FORM, "end": "2026-01-01"})
    assert "must be the same as or after the period start" in response.content.decode()


def test_it_returns_the_csv_and_records_the_disclosure(world, built, client_for):
    response = client_for(world.users["manager"]).post(URL, FORM)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert (
        response["Content-Disposition"] == 'attachment; filename="funder-return-2026-04-01-to-2026-09-30.csv"'
    )
    event = Event.objects.get(action="report.export")
    assert event.actor == world.users["manager"]
    assert event.reason == FORM["purpose"]
    assert event.changes["recipient"] == [None, FORM["recipient"]]
    assert event.changes["kind"] == [None, "funder-csv"]
    rows = rows_of(response)
    assert list(rows[0]) == HEADER
    by_key = {(r["Quarter"], r["Area"], r["Police or partners"]): r for r in rows}
    q3_police = by_key[("2026/27 Q2", "Clock Tower", "Police")]
    assert (q3_police["Visits"], q3_police["Patrol-hours"], q3_police["Person-hours"]) == (
        "12",
        "15.0",
        "15.0",
    )
    assert (q3_police["Arrests"], q3_police["Stop and searches"], q3_police["ASB powers used"]) == (
        "3",
        "1",
        "2",
    )
    q3_partners = by_key[("2026/27 Q2", "Gallowtree Gate", "Partners")]
    assert (q3_partners["Visits"], q3_partners["Patrol-hours"], q3_partners["Person-hours"]) == (
        "6",
        "5.3",
        "10.6",
    )
    assert by_key[("2026/27 Q1", "Clock Tower", "Police")]["Quarter months"] == "Apr–Jun 2026"
    # The January patrol and the October one are outside the period.
    assert not any(r["Quarter"] in ("2025/26 Q4", "2026/27 Q3") for r in rows)
    police_total = by_key[("All quarters", "All areas", "Police")]
    assert (police_total["Visits"], police_total["Patrol-hours"], police_total["Person-hours"]) == (
        "24",
        "26.0",
        "37.0",
    )


def test_a_formula_in_an_area_name_is_written_as_text(world, client_for, police_org):
    area = Area.objects.create(name='=HYPERLINK("http://evil.example","x")', geometry=SQUARE)
    PatrolLog.objects.create(
        area=area,
        organisation=police_org,
        logged_by=world.users["owner"],
        date="2026-05-05",
        start_time="22:00",
        minutes=15,
        kind=PatrolLog.Kind.FOOT,
    )
    rows = rows_of(client_for(world.users["manager"]).post(URL, FORM))
    assert rows[0]["Area"] == '\'=HYPERLINK("http://evil.example","x")'


@pytest.mark.parametrize("text", ["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx"])
def test_safe_cell_defuses_every_formula_start(text):
    assert safe_cell(text) == "'" + text
    assert safe_cell(12) == "12"


def grow(world, police_org, pastors_org, times):
    first = Area.objects.count()
    for n in range(times):
        area = Area.objects.create(name=f"Hotspot {first + n}", geometry=SQUARE)
        for organisation in (police_org, pastors_org):
            PatrolLog.objects.create(
                area=area,
                organisation=organisation,
                logged_by=world.users["owner"],
                date=f"2026-0{4 + n % 6}-1{n % 10}",
                start_time="22:00",
                minutes=15 + n,
                kind=PatrolLog.Kind.FOOT,
            )


def test_the_export_reads_a_fixed_number_of_queries(
    world, client_for, police_org, pastors_org, django_assert_max_num_queries
):
    client = client_for(world.users["manager"])
    grow(world, police_org, pastors_org, 3)
    with django_assert_max_num_queries(9):
        assert client.get(URL).status_code == 200
    # Sign-in, the aggregate, and the disclosure event with its hash chain.
    with django_assert_max_num_queries(15):
        small = client.post(URL, FORM)
    grow(world, police_org, pastors_org, 30)
    with django_assert_max_num_queries(15):
        large = client.post(URL, FORM)
    assert len(rows_of(large)) > len(rows_of(small))
