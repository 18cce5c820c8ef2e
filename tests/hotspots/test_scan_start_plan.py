"""Start a plan here: one area and one plan in Scan with its police.uk source, once on a double click."""

from urllib.parse import urlencode

import pytest
from django.urls import reverse
from shapely.geometry import shape

from audit.models import Event
from hotspots import geometry
from hotspots.models import Area
from plans.models import Plan, Source, Stage
from tests.factories import form_token

from .conftest import month
from .scan_helpers import at, months

pytestmark = pytest.mark.django_db

SENT_TWICE = "That form was sent twice. It was saved once."
HAYMARKET = (458_700.0, 304_500.0)  # cell (3058, 2030)
NEXT_DOOR = (458_860.0, 304_500.0)  # cell (3059, 2030)


@pytest.fixture
def data(db):
    """24 months imported: 2021-11 to 2022-10 and the 12 before; ASB at Haymarket in 11 of the last 12."""
    for day in months(month(2020, 11), 24):
        if day != month(2022, 2):
            at(*HAYMARKET, day, 13, lsoa="E01013600", location="On or near Haymarket")
        at(*NEXT_DOOR, day, 1, lsoa="E01013600", location="On or near Belgrave Gate")
    at(470_000.0, 310_000.0, month(2022, 5), 1000)  # elsewhere in the force


def _url(*places, kind="cell"):
    query = [("family", "asb"), ("start", "2021-11"), ("end", "2022-10"), ("kind", kind), ("size", "150")]
    query += [("place", p) for p in places]
    return f"{reverse('scan:start_plan')}?{urlencode(query)}"


def _answers(response, **changes):
    form = response.context["form"]
    answers = {name: form[name].value() for name in form.fields}
    answers["submission"] = form_token(response)
    answers.update(changes)
    return {k: v for k, v in answers.items() if v is not None}


def test_the_form_suggests_a_statement_from_the_counts(client, officer, data):
    client.force_login(officer)
    response = client.get(_url("3058_2030"))
    assert response.status_code == 200
    form = response.context["form"]
    # 13 a month in 11 of 12 months = 143, of 143 + 12 + 1,000 = 1,155 with a location: 12.38%.
    assert form["problem_statement"].value() == (
        "Anti-social behaviour: 143 incidents in the 12 months to October 2022, 12.4% of the force's, "
        "in 11 of 12 months"
    )
    assert form["title"].value() == "Anti-social behaviour near Haymarket"
    assert form["hotspot_name"].value() == "Haymarket"
    assert form["area_name"].value() == "Haymarket (Anti-social behaviour, Nov 2021–Oct 2022)"


def test_a_double_click_makes_one_area_and_one_plan_with_its_source(client, officer, data):
    client.force_login(officer)
    url = _url("3058_2030", "3059_2030")
    answers = _answers(client.get(url), problem_statement="ASB at the Haymarket steps, evenings")
    first = client.post(url, answers)
    second = client.post(url, answers)
    plan = Plan.objects.get()
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"] == reverse("plans:detail", kwargs={"pk": plan.pk})
    assert SENT_TWICE in client.get(second["Location"]).content.decode()
    area = Area.objects.get()
    assert (plan.state, plan.area, plan.owner, plan.problem_statement) == (
        Stage.SCAN,
        area,
        officer,
        "ASB at the Haymarket steps, evenings",
    )
    # The two cells' union: 300 m by 150 m.
    outline = geometry.to_bng(shape(area.geometry))
    assert outline.area == pytest.approx(300 * 150, rel=1e-4)
    assert outline.bounds == pytest.approx((458_700, 304_500, 459_000, 304_650), abs=0.05)
    source = Source.objects.get()
    assert source.plan == plan and source.kind == Source.Kind.CRIME_DATA
    assert source.notes.startswith(
        "police.uk data: Anti-social behaviour (police.uk categories: Anti-social behaviour) in 150 m grid cells "
        "(column, row) 3058, 2030; 3059, 2030, Nov 2021–Oct 2022: 155 incidents, 13.4% of the 1,155 with a "
        "location, in 12 of 12 months imported."
    )
    assert "Previous 12 months (Nov 2020–Oct 2021): 168; change −7.7% (168 to 155 incidents)." in source.notes
    actions = list(
        Event.objects.filter(action__in=["area.create", "plan.create", "plan.source_add"]).values_list(
            "action", flat=True
        )
    )
    assert sorted(actions) == ["area.create", "plan.create", "plan.source_add"]


def test_a_snap_point_makes_a_circle_and_an_lsoa_an_area_by_its_code(client, officer, data):
    client.force_login(officer)
    url = _url(f"{HAYMARKET[0]!r}_{HAYMARKET[1]!r}", kind="snap-point")
    response = client.get(url)
    assert response.context["form"]["tolerance_m"].value() == 50
    assert client.post(url, _answers(response, area_name="Haymarket point")).status_code == 302
    circle = geometry.to_bng(shape(Area.objects.get(name="Haymarket point").geometry))
    assert circle.centroid.distance(geometry.shapely.Point(HAYMARKET)) < 0.1
    assert circle.area == pytest.approx(3.14159 * 50 * 50, rel=0.02)
    too_small = client.post(url, _answers(response, area_name="Smaller", tolerance_m="5"))
    assert too_small.status_code == 400
    assert too_small.context["form"].errors["tolerance_m"] == ["Enter a radius of 10 metres or more"]
    url = _url("E01013600", kind="lsoa")
    response = client.get(url)
    assert client.post(url, _answers(response, area_name="LSOA E01013600")).status_code == 302
    assert Area.objects.get(name="LSOA E01013600").lsoa_codes == ["E01013600"]


def test_cells_that_do_not_share_an_edge_are_refused_with_what_to_do(client, officer, data):
    client.force_login(officer)
    response = client.get(_url("3058_2030", "3060_2030"), follow=True)
    assert "The cells chosen are not next to each other" in response.content.decode()
    response = client.get(_url("nonsense"), follow=True)
    assert "is not a cell of the ranking" in response.content.decode()
    response = client.get(_url("3000_2000"), follow=True)
    assert "No Anti-social behaviour incidents at the place chosen" in response.content.decode()
    assert not Area.objects.exists() and not Plan.objects.exists()


def test_a_taken_area_name_is_named_and_nothing_is_saved(client, officer, data):
    client.force_login(officer)
    url = _url("3058_2030")
    answers = _answers(client.get(url), area_name="Haymarket", title="My own title")
    assert client.post(url, answers).status_code == 302
    again = client.post(url, {**_answers(client.get(url)), "area_name": "haymarket", "title": "Typed again"})
    assert again.status_code == 400
    assert again.context["form"].errors["area_name"] == ["An area with this name already exists"]
    assert 'value="Typed again"' in again.content.decode()
    assert Plan.objects.count() == 1 and Area.objects.count() == 1 and Source.objects.count() == 1


def test_a_manager_is_refused_and_the_refusal_recorded(client, manager, data):
    client.force_login(manager)
    assert client.get(_url("3058_2030")).status_code == 403
    assert client.post(_url("3058_2030"), {"title": "x"}).status_code == 403
    assert Event.objects.filter(action="scan.plan_start.refused", actor=manager).exists()
    assert not Plan.objects.exists()
