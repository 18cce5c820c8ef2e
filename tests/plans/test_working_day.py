"""Persona stories through the real views, from sign-in to the home page to the work done:
the officer's plan goes from Assess to a closure request to closed by a manager (and another is
sent back with a reason); a refused stage move names each unmet condition with its status; the
partner lead finds its overdue task from the home page."""

import re

from django.test import Client
from django.urls import reverse

from plans.models import ClosureRequest, Plan, Stage, Task
from tests import factories
from tests.conftest import PASSWORD

from .helpers import ready_plan


def _signed_in(user) -> Client:
    """A browser of this persona, through the sign-in form, landed on the home page."""
    client = Client()
    response = client.post(reverse("login"), {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == "/"
    return client


def _home(client) -> str:
    response = client.get("/")
    assert response.status_code == 200
    return response.content.decode()


def _links(html: str) -> list[str]:
    return re.findall(r'href="([^"]+)"', html)


def test_the_officer_asks_a_manager_to_close_and_the_manager_closes_it(world):
    plan = ready_plan(world, Stage.ASSESS)
    officer = _signed_in(world.users["owner"])
    home = _home(officer)
    assert "Next: Ask a manager to close this plan." in home
    plan_page = f"/plans/{plan.pk}/#next-step"
    assert plan_page in _links(home)

    page = officer.get(f"/plans/{plan.pk}/").content.decode()
    assert "Ask a manager to close this plan" in page
    response = officer.post(
        reverse("plans:closure_request", kwargs={"pk": plan.pk}), {"note": "Down a third"}
    )
    assert response.status_code == 302
    assert "Next: Waiting for a manager to close it." in _home(officer)

    manager = _signed_in(world.users["manager"])
    home = _home(manager)
    assert "Closure requests waiting (1)" in home
    assert plan_page in _links(home)
    page = manager.get(f"/plans/{plan.pk}/").content.decode()
    close = reverse("plans:stage_check", kwargs={"pk": plan.pk, "name": "close"})
    assert close in page
    assert manager.get(close).status_code == 200
    assert manager.post(close, {"step": "confirm", "expected_state": Stage.ASSESS}).status_code == 302
    assert "No closure requests are waiting." in _home(manager)

    plan.refresh_from_db()
    assert plan.state == Stage.CLOSED
    assert plan.reference not in _home(officer)  # no longer one of the officer's open plans
    assert "Closed by Helen" in officer.get(f"/plans/{plan.pk}/").content.decode()


def test_a_manager_sends_the_request_back_and_the_officer_reads_why_on_the_home_page(world):
    plan = ready_plan(world, Stage.ASSESS)
    officer = _signed_in(world.users["owner"])
    officer.post(reverse("plans:closure_request", kwargs={"pk": plan.pk}), {"note": ""})

    manager = _signed_in(world.users["manager"])
    send_back = reverse("plans:closure_return", kwargs={"pk": plan.pk})
    assert send_back in manager.get(f"/plans/{plan.pk}/").content.decode()
    response = manager.post(send_back, {"reason": "Add the patrol dosage to the outcome summary"})
    assert response.status_code == 302

    home = _home(officer)
    assert "Closure requests sent back (1)" in home
    assert "Add the patrol dosage to the outcome summary" in home
    page = officer.get(f"/plans/{plan.pk}/").content.decode()
    assert "Add the patrol dosage to the outcome summary" in page
    assert ClosureRequest.objects.get(plan=plan).status == ClosureRequest.Status.RETURNED


def test_a_refused_move_names_each_unmet_condition_with_its_status(world):
    plan = world.plan
    Plan.objects.filter(pk=plan.pk).update(
        state=Stage.ANALYSE, pat_victim="", pat_offender="Groups leaving the clubs", pat_location=""
    )
    plan.objectives.update(baseline=None)
    url = reverse("plans:transition", kwargs={"pk": plan.pk, "name": "start_response"})

    officer = _signed_in(world.users["owner"])
    response = officer.post(url, {"expected_state": Stage.ANALYSE})
    assert response.status_code == 409
    html = response.content.decode()
    summary = html.split("govuk-error-summary__list")[1].split("</ul>")[0]
    analyse = reverse("plans:edit", kwargs={"pk": plan.pk, "section": "analyse"})
    assert f'href="{analyse}#id_pat_victim">Write the victim side' in summary
    assert f'href="{analyse}#id_pat_location">Write the location side' in summary
    assert (
        f'href="{reverse("plans:objective_add", kwargs={"pk": plan.pk})}">Add at least one SMART' in summary
    )
    assert "offender side" not in summary  # written: not named
    assert "<title>Error:" in html

    # Someone else moved it first: 409 and where it went.
    Plan.objects.filter(pk=plan.pk).update(state=Stage.SCAN)
    response = officer.post(url, {"expected_state": Stage.ANALYSE})
    assert response.status_code == 409
    assert "This plan has just moved to Scan: nothing was changed" in response.content.decode()

    # No permission: 403, and the page says who may.
    partner = _signed_in(world.users["partner_on"])
    response = partner.post(url, {"expected_state": Stage.SCAN})
    assert response.status_code == 403
    assert "Only the plan&#x27;s owner or a co-owner" in response.content.decode()


def test_the_partner_finds_its_overdue_task_from_the_home_page_and_starts_it(world):
    late = factories.make_task(world.plan, world.task.organisation, title="Leaflet the rank", due_in_days=-3)
    partner = _signed_in(world.users["partner_on"])
    home = _home(partner)
    assert "Our tasks overdue (1)" in home
    task_page = f"/tasks/{late.pk}/"
    assert task_page in _links(home)
    page = partner.get(task_page)
    assert page.status_code == 200
    assert "Leaflet the rank" in page.content.decode()
    response = partner.post(reverse("tasks:start", kwargs={"pk": late.pk}), {"version": late.version})
    assert response.status_code in (200, 302)
    assert Task.objects.get(pk=late.pk).state == "in_progress"
