"""The plan pages in a real browser, each checked with axe (WCAG 2.2 AA)."""

import pytest

from plans.models import Plan, Stage
from tests.browser.conftest import check_axe

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("persona", ["owner", "partner_on", "manager"])
def test_the_plan_list_is_accessible(persona, world, page_as, visit):
    page = page_as(world.users[persona])
    visit(page, "/plans/")
    assert page.locator("h1").inner_text() == "Plans"
    assert world.plan.reference in page.content()


def test_the_list_filters_work_without_javascript(world, page_as, live_server):
    # axe needs JavaScript: this page was checked with it above.
    page = page_as(world.users["manager"], javascript=False)
    page.goto(live_server.url + "/plans/")
    page.select_option("#id_stage", "scan")
    page.click("text=Apply filters")
    assert world.other_plan.reference in page.content()
    assert world.plan.reference not in page.content()


@pytest.mark.parametrize("persona", ["owner", "officer2", "partner_on", "manager"])
def test_the_plan_page_is_accessible(persona, world, page_as, visit):
    page = page_as(world.users[persona])
    visit(page, f"/plans/{world.plan.pk}/")
    assert page.locator("h1").inner_text() == world.plan.title
    assert ("POLICE-ONLY" in page.content()) == (persona != "partner_on")


def test_opening_a_plan_with_errors_then_correctly(world, page_as, visit):
    page = page_as(world.users["owner"])
    visit(page, "/plans/new/")
    page.fill("#id_start_date-day", "31")
    page.fill("#id_start_date-month", "")
    page.click("text=Open the plan")
    assert "There is a problem" in page.content()
    assert "Enter a title for the plan" in page.content()
    assert "Start date must include a month" in page.content()
    assert "govuk-input--error" in page.get_attribute("#id_start_date-month", "class")
    check_axe(page)
    page.fill("#id_title", "Street drinking on the Haymarket steps")
    page.fill("#id_hotspot_name", "Haymarket steps")
    page.fill("#id_start_date-day", "07")
    page.fill("#id_start_date-month", "January")
    page.fill("#id_start_date-year", "2019")
    page.click("text=Open the plan")
    assert page.locator("h1").inner_text() == "Street drinking on the Haymarket steps"
    check_axe(page)


@pytest.mark.parametrize("section", ["details", "scan", "analyse", "assess"])
def test_each_section_form_is_accessible(section, world, page_as, visit):
    page = page_as(world.users["owner"])
    visit(page, f"/plans/{world.plan.pk}/edit/{section}/")


def test_a_stale_save_shows_the_conflict_accessibly(world, page_as, visit):
    page = page_as(world.users["owner"])
    visit(page, f"/plans/{world.plan.pk}/edit/scan/")
    Plan.objects.filter(pk=world.plan.pk).update(version=2, problem_statement="Saved by Tom meanwhile")
    page.fill("#id_problem_statement", "My own words")
    page.click("button:has-text('Save')")
    assert "Someone else saved this section after you opened it" in page.content()
    assert page.input_value("#id_problem_statement") == "My own words"
    check_axe(page)


def test_the_transition_confirmation_and_its_reason_error(world, page_as, visit):
    page = page_as(world.users["manager"])
    visit(page, f"/plans/{world.plan.pk}/transition/send_back/")
    page.click("button:has-text('Send back')")
    assert "Enter a reason" in page.content()
    check_axe(page)
    page.fill("#id_reason", "The analysis needs the licensing data")
    page.click("button:has-text('Send back')")
    assert "is now in Analyse" in page.content()
    check_axe(page)
    world.plan.refresh_from_db()
    assert world.plan.state == Stage.ANALYSE


def test_a_blocked_transition_lists_what_is_missing(world, page_as, visit):
    page = page_as(world.users["owner"])
    visit(page, f"/plans/{world.plan.pk}/transition/start_assessment/")
    assert "Finish or cancel every task that is still open or in progress" in page.content()


def test_the_review_queue_is_accessible(world, page_as, visit):
    Plan.objects.filter(pk=world.plan.pk).update(state=Stage.ASSESS)
    page = page_as(world.users["manager"])
    visit(page, "/plans/review/")
    assert world.plan.reference in page.content()


@pytest.mark.parametrize(
    "path",
    [
        "sources/add/",
        "objectives/add/",
        "responses/add/",
        "objectives/{o}/edit/",
        "responses/{r}/edit/",
        "sources/{s}/remove/",
    ],
)
def test_the_content_forms_are_accessible(path, world, page_as, visit):
    plan = world.plan
    path = path.format(o=plan.objectives.first().pk, r=plan.responses.first().pk, s=plan.sources.first().pk)
    page = page_as(world.users["owner"])
    visit(page, f"/plans/{plan.pk}/{path}")


def test_an_objective_error_page_is_accessible(world, page_as, visit):
    page = page_as(world.users["owner"])
    visit(page, f"/plans/{world.plan.pk}/objectives/add/")
    page.select_option("#id_impact", "reduce")
    page.click("button:has-text('Save')")
    assert "Enter the percentage reduction the objective aims for" in page.content()
    check_axe(page)


def test_review_for_retention_from_the_queue_to_disposal(world, page_as, visit):
    """The queue lists the due plan; a refused disposal shows its error; a confirmed one removes the data."""
    import datetime

    from django.utils import timezone

    Plan.objects.filter(pk=world.plan.pk).update(
        state=Stage.CLOSED, retention_review_date=timezone.localdate() - datetime.timedelta(days=1)
    )
    page = page_as(world.users["manager"])
    visit(page, "/plans/review/")
    page.click(f"text=Review {world.plan.reference} for retention")
    assert page.locator("h1").inner_text() == "Review for retention"
    check_axe(page)
    page.click("button:has-text('Dispose of the personal data')")
    assert "Confirm that you understand the personal data cannot be recovered" in page.content()
    check_axe(page)
    page.check("#id_dispose-confirm")
    page.click("button:has-text('Dispose of the personal data')")
    assert "has been disposed of" in page.content()
    assert "POLICE-ONLY" not in page.content()
    check_axe(page)
    world.plan.refresh_from_db()
    assert world.plan.victim_details == "" and world.plan.personal_data_disposed_at is not None


def test_keeping_a_plan_without_javascript(world, page_as, visit, live_server):
    import datetime

    from django.utils import timezone

    Plan.objects.filter(pk=world.plan.pk).update(
        state=Stage.WITHDRAWN, retention_review_date=timezone.localdate()
    )
    page = page_as(world.users["manager"], javascript=False)
    page.goto(f"{live_server.url}/plans/{world.plan.pk}/retention/")
    later = timezone.localdate() + datetime.timedelta(days=400)
    page.fill("#id_keep-next_review-day", str(later.day))
    page.fill("#id_keep-next_review-month", later.strftime("%b"))  # a month by its name
    page.fill("#id_keep-next_review-year", str(later.year))
    page.fill("#id_keep-reason", "Complaint under investigation")
    page.click("button:has-text('Keep the plan')")
    assert "is kept" in page.content()
    world.plan.refresh_from_db()
    assert world.plan.retention_review_date == later


def test_a_stale_objective_save_shows_the_conflict_accessibly(world, page_as, visit):
    from plans.models import Objective

    objective = world.plan.objectives.get()
    page = page_as(world.users["owner"])
    visit(page, f"/plans/{world.plan.pk}/objectives/{objective.pk}/edit/")
    Objective.objects.filter(pk=objective.pk).update(version=2, target=7)  # saved by someone else
    page.fill("#id_description", "My own wording of the objective")
    page.click("button:has-text('Save')")
    assert "Someone else saved this objective after you opened it" in page.content()
    assert page.input_value("#id_description") == "My own wording of the objective"
    check_axe(page)
