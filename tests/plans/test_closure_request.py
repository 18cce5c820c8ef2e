"""Closure as a request: the owner asks, the managers are told once, a manager closes the plan or
sends the request back with a reason, and the owner reads the outcome on the plan page."""

import pytest
from django.core import mail
from django.urls import reverse

from audit.models import Event
from plans import closure_services, services
from plans.models import ClosureRequest, Plan, Stage

from .helpers import ready_plan


def _ask_url(plan):
    return reverse("plans:closure_request", kwargs={"pk": plan.pk})


def _return_url(plan):
    return reverse("plans:closure_return", kwargs={"pk": plan.pk})


def _page(client, plan) -> str:
    return client.get(reverse("plans:detail", kwargs={"pk": plan.pk})).content.decode()


def test_the_owner_of_a_plan_ready_to_close_is_offered_the_request_not_a_dead_end(world, client_for):
    plan = ready_plan(world, Stage.ASSESS)
    html = _page(client_for(world.users["owner"]), plan)
    assert "Ask a manager to close this plan" in html
    assert f'action="{_ask_url(plan)}"' in html
    assert "Everything needed for “Close the plan” is in place" not in html


@pytest.mark.parametrize("persona", ["officer2", "partner_on"])
def test_anyone_who_cannot_close_is_told_who_does(persona, world, client_for):
    plan = ready_plan(world, Stage.ASSESS)
    html = _page(client_for(world.users[persona]), plan)
    assert "A manager closes plans." in html
    assert "Ask a manager to close this plan" not in html
    assert "Everything needed for “Close the plan” is in place" not in html


def test_the_manager_sees_the_close_button_with_nothing_missing(world, client_for):
    plan = ready_plan(world, Stage.ASSESS)
    html = _page(client_for(world.users["manager"]), plan)
    assert reverse("plans:stage_check", kwargs={"pk": plan.pk, "name": "close"}) in html
    assert "A manager closes plans." not in html


def test_the_request_is_recorded_audited_and_sent_to_the_managers_once(
    world, client_for, django_capture_on_commit_callbacks
):
    plan = ready_plan(world, Stage.ASSESS)
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(world.users["owner"]).post(_ask_url(plan), {"note": "Assaults down a third"})
    assert response.status_code == 302
    closure = ClosureRequest.objects.get(plan=plan)
    assert closure.status == ClosureRequest.Status.WAITING
    assert closure.requested_by == world.users["owner"]
    assert closure.note == "Assaults down a third"
    event = Event.objects.filter(action="plan.closure_request").get()
    assert event.actor_id == world.users["owner"].pk
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["manager@example.org"]
    assert plan.reference in mail.outbox[0].subject
    assert "Assaults down a third" in mail.outbox[0].body
    plan.refresh_from_db()
    assert plan.state == Stage.ASSESS  # asking moves nothing


def test_a_request_with_conditions_unmet_names_each_with_a_link_and_a_409(world, client_for):
    plan = ready_plan(world, Stage.ASSESS)
    Plan.objects.filter(pk=plan.pk).update(outcome_verdict="", outcome_summary="")
    # The page was opened before: the button is pressed on an out-of-date page.
    response = client_for(world.users["owner"]).post(_ask_url(plan), {"note": ""})
    assert response.status_code == 409
    html = response.content.decode()
    assert "govuk-error-summary" in html
    edit = reverse("plans:edit", kwargs={"pk": plan.pk, "section": "assess"})
    assert f'href="{edit}#id_outcome_verdict">Choose the outcome verdict' in html
    assert f'href="{edit}#id_outcome_summary">Write the outcome summary' in html
    assert not ClosureRequest.objects.exists()


def test_asking_twice_is_refused_with_a_409(world, client_for):
    plan = ready_plan(world, Stage.ASSESS)
    browser = client_for(world.users["owner"])
    assert browser.post(_ask_url(plan), {}).status_code == 302
    response = browser.post(_ask_url(plan), {})
    assert response.status_code == 409
    assert closure_services.ALREADY_ASKED in response.content.decode()
    assert ClosureRequest.objects.count() == 1


@pytest.mark.parametrize(
    "persona, status", [("officer2", 403), ("partner_on", 403), ("partner_off", 404), ("manager", 403)]
)
def test_only_the_owner_may_ask(persona, status, world, client_for):
    plan = ready_plan(world, Stage.ASSESS)
    assert client_for(world.users[persona]).post(_ask_url(plan), {}).status_code == status
    assert not ClosureRequest.objects.exists()


def test_a_plan_not_in_assess_cannot_be_asked_for(world, client_for):
    plan = ready_plan(world, Stage.RESPOND)
    assert client_for(world.users["owner"]).post(_ask_url(plan), {}).status_code == 403


def test_a_manager_closes_the_plan_and_the_owner_reads_who_closed_it(world, client_for):
    plan = ready_plan(world, Stage.ASSESS)
    closure_services.closure_request_create(actor=world.users["owner"], plan=plan, note="Done")
    manager = client_for(world.users["manager"])
    queue = manager.get(reverse("plans:review_queue")).content.decode()
    assert "Closure requests waiting (1)" in queue
    assert f'href="/plans/{plan.pk}/#next-step">{plan.reference}' in queue
    page = _page(manager, plan)
    assert "asked a manager to close this plan" in page
    assert _return_url(plan) in page
    response = manager.post(
        reverse("plans:transition", kwargs={"pk": plan.pk, "name": "close"}), {"expected_state": Stage.ASSESS}
    )
    assert response.status_code == 302
    closure = ClosureRequest.objects.get(plan=plan)
    assert closure.status == ClosureRequest.Status.CLOSED
    assert closure.answered_by == world.users["manager"]
    event = Event.objects.filter(action="plan.transition").latest("sequence")
    assert event.changes["closure_request"] == ["waiting", "closed"]
    assert "No closure requests are waiting." in manager.get(reverse("plans:review_queue")).content.decode()
    assert "Closed by Helen" in _page(client_for(world.users["owner"]), plan)


def test_a_manager_sends_the_request_back_and_the_owner_reads_why(world, client_for):
    plan = ready_plan(world, Stage.ASSESS)
    closure_services.closure_request_create(actor=world.users["owner"], plan=plan)
    manager = client_for(world.users["manager"])
    assert manager.get(_return_url(plan)).status_code == 200
    assert manager.post(_return_url(plan), {"reason": " "}).status_code == 400
    response = manager.post(_return_url(plan), {"reason": "Add the patrol figures"})
    assert response.status_code == 302
    closure = ClosureRequest.objects.get(plan=plan)
    assert closure.status == ClosureRequest.Status.RETURNED
    assert closure.answer == "Add the patrol figures"
    assert Event.objects.filter(action="plan.closure_return", reason="Add the patrol figures").count() == 1
    html = _page(client_for(world.users["owner"]), plan)
    assert "sent back the request to close this plan" in html
    assert "Add the patrol figures" in html
    assert "Ask a manager to close this plan" in html  # and may ask again
    plan.refresh_from_db()
    assert plan.state == Stage.ASSESS


def test_sending_back_with_nothing_waiting_is_a_409(world, client_for):
    plan = ready_plan(world, Stage.ASSESS)
    response = client_for(world.users["manager"]).post(_return_url(plan), {"reason": "Not yet"})
    assert response.status_code == 409


@pytest.mark.parametrize(
    "persona, status", [("owner", 403), ("officer2", 403), ("partner_on", 403), ("partner_off", 404)]
)
def test_only_a_manager_sends_a_request_back(persona, status, world, client_for):
    plan = ready_plan(world, Stage.ASSESS)
    closure_services.closure_request_create(actor=world.users["owner"], plan=plan)
    assert client_for(world.users[persona]).post(_return_url(plan), {"reason": "No"}).status_code == status
    assert ClosureRequest.objects.get(plan=plan).status == ClosureRequest.Status.WAITING


def test_the_request_is_withdrawn_when_the_plan_leaves_assess(world):
    plan = ready_plan(world, Stage.ASSESS)
    closure_services.closure_request_create(actor=world.users["owner"], plan=plan)
    services.plan_transition(
        actor=world.users["owner"], plan=plan, transition="send_back", reason="More work"
    )
    assert ClosureRequest.objects.get(plan=plan).status == ClosureRequest.Status.WITHDRAWN


def test_partners_never_read_the_request_or_its_note(world, client_for):
    plan = ready_plan(world, Stage.ASSESS)
    closure_services.closure_request_create(actor=world.users["owner"], plan=plan, note="NOTE-FOR-MANAGERS")
    html = _page(client_for(world.users["partner_on"]), plan)
    assert "NOTE-FOR-MANAGERS" not in html
    assert "asked a manager to close" not in html


def test_the_request_form_sent_twice_asks_once_and_says_so(world, client_for):
    """The repeat is recognised before the "already asked" check: no 409 for the sender's own request."""
    from plans.submissions import SENT_TWICE
    from tests.factories import form_token

    plan = ready_plan(world, Stage.ASSESS)
    browser = client_for(world.users["owner"])
    data = {"note": "Assaults down a third", "submission": form_token(browser.get(_ask_url(plan)))}
    assert browser.post(_ask_url(plan), data).status_code == 302
    again = browser.post(_ask_url(plan), data, follow=True)
    page = again.content.decode()
    assert again.redirect_chain[-1][0] == reverse("plans:detail", kwargs={"pk": plan.pk}) + "#next-step"
    assert SENT_TWICE in page and closure_services.ALREADY_ASKED not in page
    assert ClosureRequest.objects.count() == 1
    assert Event.objects.filter(action="plan.closure_request").count() == 1
