"""The plan list a manager can work from: search, the new filters, sorting by any column with the
order announced, filters shown as removable links, and bad values said, never a 500."""

import re

import pytest
from django.urls import reverse

from hotspots.models import Area
from plans.models import Plan, Stage
from tests import factories

pytestmark = pytest.mark.django_db

URL = reverse("plans:list")


def refs(response):
    return [p.reference for p in response.context["page"].object_list]


@pytest.fixture
def more(world):
    """Two more plans, each findable by one thing only: a place, an area."""
    square = Area.objects.get(pk=world.area.pk).geometry
    haymarket = Area.objects.create(name="Haymarket", geometry=square)
    by_place = factories.make_plan(
        owner=world.users["officer2"], title="Cycle theft", hotspot_name="Bus station"
    )
    by_area = factories.make_plan(
        owner=world.users["owner"], title="Graffiti", hotspot_name="Steps", area=haymarket
    )
    return {"place": by_place, "area": by_area, "haymarket": haymarket}


@pytest.mark.parametrize(
    ("text", "which"),
    [("bus STATION", "place"), ("haymarket", "area"), ("graffiti", "area")],
)
def test_the_search_finds_a_plan_by_its_place_area_or_title(text, which, world, more, client_for):
    assert refs(client_for(world.users["manager"]).get(URL, {"q": text})) == [more[which].reference]


def test_the_search_finds_a_plan_by_its_reference(world, more, client_for):
    response = client_for(world.users["manager"]).get(URL, {"q": world.other_plan.reference.lower()})
    assert refs(response) == [world.other_plan.reference]


def test_a_partner_searching_finds_only_plans_their_organisation_is_on(world, more, client_for):
    browser = client_for(world.users["partner_on"])
    assert refs(browser.get(URL, {"q": "Gallowtree"})) == []  # other_plan: not theirs
    assert refs(browser.get(URL, {"q": "clock tower"})) == [world.plan.reference]
    assert refs(browser.get(URL, {"organisation": world.other_plan_task.organisation.pk})) == []


def test_the_area_and_organisation_filters_narrow_the_list(world, more, client_for):
    browser = client_for(world.users["manager"])
    assert refs(browser.get(URL, {"area": more["haymarket"].pk})) == [more["area"].reference]
    wardens = world.other_plan_task.organisation
    assert refs(browser.get(URL, {"organisation": wardens.pk})) == [world.other_plan.reference]
    pastors = world.task.organisation
    assert refs(browser.get(URL, {"organisation": pastors.pk, "stage": Stage.SCAN})) == []


def test_the_list_sorts_by_any_column_and_says_which_way(world, more, client_for):
    browser = client_for(world.users["manager"])
    Plan.objects.filter(pk=world.plan.pk).update(title="Zebra crossing")
    by_title = browser.get(URL, {"sort": "title"})
    titles = [p.title for p in by_title.context["page"].object_list]
    assert titles == sorted(titles, key=str.lower)
    html = by_title.content.decode()
    assert re.search(
        r'aria-sort="ascending"><a class="govuk-link" href="\?sort=title&amp;order=desc">Title', html
    )
    assert html.count('aria-sort="none"') == 6
    backwards = browser.get(URL, {"sort": "title", "order": "desc"})
    assert [p.title for p in backwards.context["page"].object_list] == titles[::-1]
    assert 'aria-sort="descending"' in backwards.content.decode()
    by_stage = browser.get(URL, {"sort": "stage"})
    stages = [p.state for p in by_stage.context["page"].object_list]
    assert stages == sorted(stages, key=list(Stage).index)
    assert stages[0] == Stage.SCAN and stages[-1] == Stage.RESPOND


def test_a_sort_link_keeps_the_filters(world, client_for):
    html = (
        client_for(world.users["manager"]).get(URL, {"q": "clock", "stage": Stage.RESPOND}).content.decode()
    )
    assert 'href="?q=clock&amp;stage=respond&amp;sort=owner&amp;order=asc"' in html


def test_each_filter_applied_is_shown_with_a_link_that_removes_it(world, client_for):
    area = world.area
    response = client_for(world.users["manager"]).get(URL, {"q": "clock", "area": area.pk, "sort": "title"})
    html = response.content.decode()
    assert "Search: “clock”" in html
    assert "Area: Clock Tower" in html
    # Removing the search keeps the area and the sort, and the other way round.
    assert f'href="/plans/?area={area.pk}&amp;sort=title">Remove' in html
    assert 'href="/plans/?q=clock&amp;sort=title">Remove' in html


def test_no_filters_shows_no_filters_applied(world, client_for):
    assert "Filters applied" not in client_for(world.users["manager"]).get(URL).content.decode()


@pytest.mark.parametrize(
    ("query", "label"),
    [
        ({"area": "999999999999999999999"}, "Area"),
        ({"area": "-1"}, "Area"),
        ({"organisation": "99999999999999999999999999"}, "Partner organisation"),
        ({"owner": "1e400"}, "Owner"),
        ({"sort": "password"}, "Sort"),
        ({"order": "sideways"}, "Order"),
        ({"q": "x" * 201}, "Search"),
    ],
)
def test_a_bad_value_is_said_not_a_500(query, label, world, client_for):
    response = client_for(world.users["manager"]).get(URL, query)
    assert response.status_code == 200
    assert f"in its list: {label}. The other filters apply." in response.content.decode()
    assert set(refs(response)) == {world.plan.reference, world.other_plan.reference}


@pytest.mark.parametrize("page", ["abc", "-3", "99999999999999999999999"])
def test_a_bad_page_number_shows_a_page_not_an_error(page, world, client_for):
    response = client_for(world.users["manager"]).get(URL, {"page": page})
    assert response.status_code == 200
    assert set(refs(response)) == {world.plan.reference, world.other_plan.reference}


def test_only_managers_are_offered_the_csv(world, client_for):
    for persona in ("owner", "officer2", "partner_on", "partner_off"):
        assert "Download these plans as CSV" not in client_for(world.users[persona]).get(URL).content.decode()
    html = client_for(world.users["manager"]).get(URL, {"stage": Stage.SCAN}).content.decode()
    assert f'href="{reverse("reports:plan_list_csv")}?stage=scan">Download these plans as CSV' in html


@pytest.mark.parametrize("persona", ["owner", "partner_on", "manager"])
def test_a_searched_sorted_list_pins_its_queries_at_tenfold_data(
    persona, world, client_for, django_assert_max_num_queries
):
    browser = client_for(world.users[persona])
    query = {"q": "plan", "sort": "area", "order": "desc", "organisation": world.task.organisation.pk}
    for i in range(6):
        factories.make_plan(
            owner=world.users["officer2"], title=f"Plan {i}", partners=[world.task.organisation]
        )
    browser.get(URL, query)
    with django_assert_max_num_queries(13) as small:
        browser.get(URL, query)
    for i in range(60):
        factories.make_plan(
            owner=world.users["officer2"], title=f"Plan b{i}", partners=[world.task.organisation]
        )
    with django_assert_max_num_queries(13) as large:
        response = browser.get(URL, query)
    assert len(response.context["page"].object_list) == 50
    assert len(large.captured_queries) == len(small.captured_queries)


def test_each_filter_offers_its_choices_and_keeps_the_one_chosen(world, client_for):
    wardens = world.other_plan_task.organisation
    query = {"area": world.area.pk, "organisation": wardens.pk, "stage": Stage.SCAN, "owner": "nobody"}
    html = client_for(world.users["manager"]).get(URL, query).content.decode()
    assert f'<option value="{world.area.pk}" selected>Clock Tower</option>' in html
    assert f'<option value="{wardens.pk}" selected>{wardens.name}</option>' in html
    assert '<option value="scan" selected>Scan</option>' in html
    assert '<option value="respond">Respond</option>' in html
    assert '<option value="" selected>Anyone</option>' not in html  # a bad value chooses nothing
    assert f'<option value="{world.users["officer2"].pk}">Tom Hughes</option>' in html
    assert '<select class="govuk-select" id="id_area" name="area">' in html


def test_police_filter_the_list_to_plans_with_a_closure_request_waiting(world, client_for):
    from plans.models import ClosureRequest

    ClosureRequest.objects.create(plan=world.plan, requested_by=world.users["owner"])
    returned = ClosureRequest.objects.create(plan=world.other_plan, requested_by=world.users["owner"])
    ClosureRequest.objects.filter(pk=returned.pk).update(status=ClosureRequest.Status.RETURNED)
    for who in ("manager", "owner"):
        response = client_for(world.users[who]).get(URL, {"closure": "on"})
        assert refs(response) == [world.plan.reference]
        assert 'id="id_closure"' in response.content.decode()


def test_a_partner_has_no_closure_filter_and_cannot_probe_with_one(world, client_for):
    from plans.models import ClosureRequest

    ClosureRequest.objects.create(plan=world.plan, requested_by=world.users["owner"])
    browser = client_for(world.users["partner_on"])
    without = refs(browser.get(URL))
    response = browser.get(URL, {"closure": "on"})
    # The filter is not applied for a partner: the list is the same with or without it.
    assert refs(response) == without
    assert 'id="id_closure"' not in response.content.decode()


def test_the_options_are_escaped_and_name_each_record_as_the_chosen_one_is_named(
    world, client_for, police_org
):
    from django.contrib.auth.models import Group

    from partners.models import Organisation
    from partners.roles import Role
    from plans.filter_forms import PlanFilterForm
    from tests.conftest import _user

    odd = Organisation.objects.create(
        name='Youth <Club> & "Friends"',
        slug="youth",
        kind=Organisation.Kind.CHARITY,
        group=Group.objects.create(name="org:youth"),
    )
    nameless = _user("pc-4471", Role.OFFICER, police_org)
    html = client_for(world.users["manager"]).get(URL, {"organisation": odd.pk}).content.decode()
    assert f'<option value="{odd.pk}" selected>Youth &lt;Club&gt; &amp; &quot;Friends&quot;</option>' in html
    assert "<Club>" not in html
    assert f'<option value="{nameless.pk}">pc-4471</option>' in html
    # The options' words (read as columns) are the words the chosen record is shown with.
    form = PlanFilterForm({})
    for name in ("area", "owner", "organisation"):
        field = form.fields[name]
        assert field.options()[1:] == [(obj.pk, field.label_from_instance(obj)) for obj in field.queryset]
        assert field.options()[0] == ("", field.empty_label)
