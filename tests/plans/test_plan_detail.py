"""The plan page: what each persona sees, and what it costs in queries."""

import re

import pytest
from django.urls import reverse

from audit.models import Event
from plans.models import Plan, Stage, Task
from tests import factories

pytestmark = pytest.mark.django_db


def detail(client_for, user, plan):
    return client_for(user).get(reverse("plans:detail", kwargs={"pk": plan.pk}))


def test_owner_sees_every_stage_and_police_only_fields(world, client_for):
    response = detail(client_for, world.users["owner"], world.plan)
    assert response.status_code == 200
    html = response.content.decode()
    assert world.plan.reference in html
    assert "POLICE-ONLY-VICTIM" in html
    assert "POLICE-ONLY-OFFENDER" in html
    assert "POLICE-ONLY-INTEL" in html
    for heading in ["Scan: the problem", "Analyse: why it happens here", "Respond", "Assess: did it work?"]:
        assert heading in html


def test_partner_on_the_plan_never_gets_police_only_fields(world, client_for):
    response = detail(client_for, world.users["partner_on"], world.plan)
    assert response.status_code == 200
    html = response.content.decode()
    assert "POLICE-ONLY" not in html
    assert "Victim details" not in html


def test_partner_not_on_the_plan_gets_404(world, client_for):
    assert detail(client_for, world.users["partner_off"], world.plan).status_code == 404


def test_anonymous_is_sent_to_sign_in(world, client):
    response = client.get(reverse("plans:detail", kwargs={"pk": world.plan.pk}))
    assert response.status_code == 302


def test_each_view_is_recorded_as_a_consultation(world, client_for):
    before = Event.objects.filter(action="plan.view", plan_id=world.plan.pk).count()
    detail(client_for, world.users["manager"], world.plan)
    events = Event.objects.filter(action="plan.view", plan_id=world.plan.pk)
    assert events.count() == before + 1
    assert events.last().actor == world.users["manager"]


def test_the_owner_sees_only_the_buttons_they_may_press(world, client_for):
    html = detail(client_for, world.users["owner"], world.plan).content.decode()
    assert reverse("plans:transition", args=[world.plan.pk, "start_assessment"]) in html
    assert reverse("plans:transition", args=[world.plan.pk, "send_back"]) in html
    assert reverse("plans:stage_check", args=[world.plan.pk, "withdraw"]) not in html
    assert reverse("plans:stage_check", args=[world.plan.pk, "close"]) not in html


def test_the_manager_may_send_back_or_withdraw_but_not_start_the_assessment(world, client_for):
    html = detail(client_for, world.users["manager"], world.plan).content.decode()
    # Withdrawing changes what partners see: it is checked on a page first.
    assert reverse("plans:stage_check", args=[world.plan.pk, "withdraw"]) in html
    assert reverse("plans:transition", args=[world.plan.pk, "send_back"]) in html
    assert reverse("plans:transition", args=[world.plan.pk, "start_assessment"]) not in html


@pytest.mark.parametrize("persona", ["officer2", "partner_on"])
def test_others_who_can_see_the_plan_get_no_buttons_and_no_edit_links(persona, world, client_for):
    html = detail(client_for, world.users[persona], world.plan).content.decode()
    assert "/transition/" not in html
    assert reverse("plans:edit", args=[world.plan.pk, "scan"]) not in html


def test_what_is_needed_to_move_on_is_listed_by_name(world, client_for):
    # The world plan's only task linked to a response is still open.
    html = detail(client_for, world.users["officer2"], world.plan).content.decode()
    assert "Finish or cancel every task that is still open or in progress" in html


def _grow(world, times):
    for i in range(times):
        factories.make_source(world.plan, notes=f"source {i}")
        factories.make_objective(world.plan)
        factories.make_response(world.plan, world.task.organisation)
        factories.make_plan(owner=world.users["owner"], title=f"Other plan {i}")


@pytest.mark.parametrize("persona", ["owner", "partner_on", "manager"])
def test_the_query_count_does_not_grow_with_the_plan(
    persona, world, client_for, django_assert_max_num_queries
):
    client = client_for(world.users[persona])
    url = reverse("plans:detail", kwargs={"pk": world.plan.pk})
    _grow(world, 2)
    client.get(url)
    with django_assert_max_num_queries(36) as small:
        assert client.get(url).status_code == 200
    _grow(world, 20)
    with django_assert_max_num_queries(36) as large:
        assert client.get(url).status_code == 200
    assert len(large.captured_queries) == len(small.captured_queries)


def test_a_withdrawn_plan_shows_its_stage(world, client_for):
    plan = factories.make_plan(owner=world.users["owner"], state=Stage.WITHDRAWN)
    html = detail(client_for, world.users["owner"], plan).content.decode()
    assert "Withdrawn" in html
    assert reverse("plans:edit", args=[plan.pk, "scan"]) not in html


def test_a_plan_withdrawn_in_respond_shows_its_sections_and_where_it_stopped(world, client_for):
    from plans import services

    from .helpers import ready_plan

    plan = ready_plan(world, Stage.RESPOND)
    Plan.objects.filter(pk=plan.pk).update(outcome_verdict="", outcome_summary="")
    services.plan_transition(
        actor=world.users["manager"], plan=plan, transition="withdraw", reason="Funding ended"
    )
    html = detail(client_for, world.users["owner"], plan).content.decode()
    statuses = re.findall(r'id="section-(\w+)-status">(?:<strong[^>]*>)?([^<]+)', html)
    assert statuses == [
        ("scan", "Completed"),
        ("analyse", "Completed"),
        ("respond", "Completed"),
        ("assess", "Not yet started"),
    ]
    assert 'id="section-respond-hint" class="govuk-task-list__hint">Withdrawn at this stage<' in html


def test_each_section_says_how_far_it_has_got_in_govuk_words(world, client_for):
    plan = factories.make_plan(owner=world.users["owner"], state=Stage.SCAN)
    Plan.objects.filter(pk=plan.pk).update(problem_statement="Fights at the rank")
    html = detail(client_for, world.users["owner"], plan).content.decode()
    statuses = dict(re.findall(r'id="section-(\w+)-status">(?:<strong[^>]*>)?([^<]+)', html))
    assert statuses == {
        "scan": "In progress",
        "analyse": "Not yet started",
        "respond": "Not yet started",
        "assess": "Not yet started",
    }
    assert "The plan is at this stage. Still to do: choose the hotspot area and 1 more" in html
    # An open task keeps Respond in progress; finishing it completes the section.
    world_html = detail(client_for, world.users["owner"], world.plan).content.decode()
    assert (
        'id="section-respond-status"><strong class="govuk-tag govuk-tag--light-blue">In progress'
        in world_html
    )
    Task.objects.filter(plan=world.plan).update(state="done", completion_note="Done")
    world_html = detail(client_for, world.users["owner"], world.plan).content.decode()
    assert 'id="section-respond-status">Completed' in world_html


def test_the_plan_page_is_read_not_posted_to(world, client_for):
    client = client_for(world.users["owner"])
    views = Event.objects.filter(action="plan.view").count()
    assert client.post(reverse("plans:detail", kwargs={"pk": world.plan.pk})).status_code == 405
    assert Event.objects.filter(action="plan.view").count() == views  # no consultation recorded


@pytest.mark.parametrize("who", ["owner", "partner_on", "manager"])
def test_the_contents_list_leads_to_every_section_on_the_page(who, world, client_for):
    import re

    body = client_for(world.users[who]).get(f"/plans/{world.plan.pk}/").content.decode()
    contents = body.split('aria-labelledby="contents-heading"', 1)[1].split("</nav>", 1)[0]
    targets = re.findall(r'href="#([a-z-]+)"', contents)
    assert targets == ["details", "scan", "analyse", "respond", "tasks", "comments", "assess", "history"]
    for target in targets:  # each link lands on an element of the page
        assert f'id="{target}"' in body
    assert f'href="{reverse("plans:history", args=[world.plan.pk])}"' in contents  # and the full history
