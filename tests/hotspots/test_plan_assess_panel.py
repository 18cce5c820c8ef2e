import pytest
from django.template.loader import render_to_string
from django.test import RequestFactory

from hotspots.models import PatrolLog
from hotspots.selectors import plan_assess_context
from tests import factories

from .conftest import mark_imported, month, place

pytestmark = pytest.mark.django_db

INSIDE_CLOCK_TOWER = (-1.1340, 52.6352)


def render(world, persona):
    request = RequestFactory().get("/")
    request.user = world.users[persona]
    context = plan_assess_context(plan=world.plan, user=world.users[persona])
    return context, render_to_string("hotspots/_plan_assess.html", context, request=request)


def test_the_panel_shows_both_families_charts_patrols_and_baseline_buttons(world, police_org):
    place(INSIDE_CLOCK_TOWER, month(2018, 11), 12)
    PatrolLog.objects.create(
        area=world.area,
        organisation=police_org,
        logged_by=world.users["owner"],
        date=month(2019, 1),
        start_time="22:00",
        minutes=12,
        kind=PatrolLog.Kind.FOOT,
    )
    from hotspots.figure_periods import plan_periods
    from hotspots.measures import months_between

    before, _after = plan_periods(world.plan)
    mark_imported(*months_between(*before))  # a baseline is offered only from a whole period
    context, html = render(world, "owner")
    assert [item["family"].slug for item in context["assess_families"]] == ["serious-violence", "asb"]
    assert html.count("<svg") == 2
    assert (
        "Violence, robbery and weapons (police.uk: Violence and sexual offences, Robbery, Possession of weapons):"
        in html
        and "Anti-social behaviour:" in html
    )
    assert "Use this figure as the baseline" in html
    assert context["assess_patrols"].visits == 1


def test_partners_and_other_officers_see_figures_without_baseline_buttons(world):
    for persona in ("partner_on", "officer2", "manager"):
        context, html = render(world, persona)
        assert context["assess_can_set_baseline"] is False
        assert "Use this figure as the baseline" not in html
        assert "<svg" in html
        assert (f"/areas/{world.area.pk}/" in html) == (persona != "partner_on")


def test_a_plan_without_an_area_says_so(world, officer):
    plan = factories.make_plan(owner=officer)
    request = RequestFactory().get("/")
    request.user = officer
    context = plan_assess_context(plan=plan, user=officer)
    html = render_to_string("hotspots/_plan_assess.html", context, request=request)
    assert "This plan has no hotspot area yet" in html


def test_the_panel_reads_a_fixed_number_of_queries(world, django_assert_max_num_queries):
    place(INSIDE_CLOCK_TOWER, month(2018, 11), 5)
    with django_assert_max_num_queries(12):
        plan_assess_context(plan=world.plan, user=world.users["owner"])
    for m in range(1, 12):
        place(INSIDE_CLOCK_TOWER, month(2018, m), 50)
    with django_assert_max_num_queries(12):
        plan_assess_context(plan=world.plan, user=world.users["owner"])
