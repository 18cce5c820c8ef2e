"""Review for retention: the review date, keeping a plan, disposing of its personal data."""

import datetime
import json

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from audit import integrity
from audit.models import Event, PersonalValue
from plans import retention_services as retention
from plans import services, task_services
from plans.models import Comment, Plan, Stage, retention_review_from
from tests.plans.helpers import ready_plan

pytestmark = pytest.mark.django_db


def _closed(world, *, due: bool = False) -> Plan:
    """The world's plan closed by the manager through the service (so its review date is set)."""
    plan = ready_plan(world, Stage.ASSESS)
    plan = services.plan_transition(actor=world.users["manager"], plan=plan, transition="close")
    if due:
        Plan.objects.filter(pk=plan.pk).update(retention_review_date=timezone.localdate())
        plan.refresh_from_db()
    return plan


def _url(plan) -> str:
    return reverse("plans:retention", args=[plan.pk])


# The review date -------------------------------------------------------------------------


def test_closing_sets_the_review_date_and_records_it(world, settings):
    settings.PLAN_RETENTION_REVIEW_YEARS = 6
    plan = _closed(world)
    today = timezone.localdate()
    assert plan.retention_review_date == today.replace(year=today.year + 6)
    event = Event.objects.filter(plan_id=plan.pk, action="plan.transition").latest("sequence")
    assert event.changes["retention_review_date"] == [None, plan.retention_review_date.isoformat()]


def test_withdrawing_sets_it_and_reopening_clears_it(world):
    plan = services.plan_transition(
        actor=world.users["manager"], plan=world.plan, transition="withdraw", reason="Handed to BTP"
    )
    assert plan.retention_review_date == retention_review_from(timezone.localdate())
    closed = _closed(world)
    reopened = services.plan_transition(
        actor=world.users["manager"], plan=closed, transition="reopen", reason="New figures"
    )
    assert reopened.retention_review_date is None
    event = Event.objects.filter(plan_id=plan.pk, action="plan.transition").latest("sequence")
    assert event.changes["retention_review_date"][1] is None


def test_29_february_reviews_on_28_february():
    assert retention_review_from(datetime.date(2028, 2, 29)).isoformat().endswith("-02-28")


def test_the_migration_gives_finished_plans_a_review_date(world):
    import importlib

    from django.apps import apps

    migration = importlib.import_module("plans.migrations.0004_plan_retention")
    closed_at = timezone.make_aware(datetime.datetime(2019, 3, 4, 12, 0))
    Plan.objects.filter(pk=world.plan.pk).update(state=Stage.CLOSED, closed_at=closed_at)
    migration.set_review_dates(apps, None)
    world.plan.refresh_from_db()
    world.other_plan.refresh_from_db()
    assert world.plan.retention_review_date == retention_review_from(datetime.date(2019, 3, 4))
    assert world.other_plan.retention_review_date is None  # still open


# Keep ------------------------------------------------------------------------------------


def test_a_manager_keeps_a_plan_until_a_later_review(world):
    plan = _closed(world, due=True)
    later = timezone.localdate() + datetime.timedelta(days=365)
    plan = retention.retention_keep(
        actor=world.users["manager"], plan=plan, reason="Civil claim pending", next_review=later
    )
    assert Plan.objects.get(pk=plan.pk).retention_review_date == later
    event = Event.objects.filter(plan_id=plan.pk).latest("sequence")
    assert event.action == "plan.retention_keep"
    assert event.reason == "Civil claim pending"
    assert event.changes == {"retention_review_date": [timezone.localdate().isoformat(), later.isoformat()]}


@pytest.mark.parametrize(
    ("days", "reason", "field", "message"),
    [
        (365, "  ", "reason", "Enter why the plan is kept"),
        (0, "Claim", "next_review", "The next review must be after today"),
        (-10, "Claim", "next_review", "The next review must be after today"),
        (366 * 7, "Claim", "next_review", "no more than 6 years from today"),
    ],
)
def test_keeping_refuses_bad_input_and_changes_nothing(world, settings, days, reason, field, message):
    settings.PLAN_RETENTION_REVIEW_YEARS = 6
    plan = _closed(world, due=True)
    count = Event.objects.count()
    with pytest.raises(ValidationError) as caught:
        retention.retention_keep(
            actor=world.users["manager"],
            plan=plan,
            reason=reason,
            next_review=timezone.localdate() + datetime.timedelta(days=days),
        )
    assert message in " ".join(caught.value.message_dict[field])
    assert Plan.objects.get(pk=plan.pk).retention_review_date == timezone.localdate()
    assert Event.objects.count() == count


@pytest.mark.parametrize("persona", ["owner", "officer2", "partner_on"])
def test_only_a_manager_reviews_and_a_refusal_is_recorded(world, persona):
    plan = _closed(world, due=True)
    with pytest.raises(PermissionDenied):
        retention.retention_dispose(actor=world.users[persona], plan=plan)
    with pytest.raises(PermissionDenied):
        retention.retention_keep(
            actor=world.users[persona],
            plan=plan,
            reason="x",
            next_review=timezone.localdate() + datetime.timedelta(days=30),
        )
    actions = list(
        Event.objects.filter(plan_id=plan.pk).order_by("-sequence").values_list("action", flat=True)[:2]
    )
    assert actions == ["plan.retention_keep.refused", "plan.dispose.refused"]
    assert Plan.objects.get(pk=plan.pk).victim_details


def test_an_open_plan_is_not_reviewed(world):
    with pytest.raises(retention.RetentionNotOpen):
        retention.retention_dispose(actor=world.users["manager"], plan=world.plan)
    world.plan.refresh_from_db()
    assert world.plan.victim_details and world.plan.personal_data_disposed_at is None


# Dispose ---------------------------------------------------------------------------------


def test_disposal_removes_the_personal_data_and_keeps_the_rest(world):
    plan = world.plan
    services.plan_update(
        actor=world.users["owner"],
        plan=plan,
        section="analyse",
        data={"police_notes": "SEALED-INTEL van seen at the alley"},
        version=plan.version,
    )
    task_services.comment_add(
        actor=world.users["owner"], plan=plan, body="SEALED-COMMENT Bob", police_only=True
    )
    plan = _closed(world, due=True)
    sealed = list(PersonalValue.objects.filter(plan_id=plan.pk).values_list("pk", flat=True))
    assert len(sealed) == 3  # the intelligence note before and after, and the comment

    plan = retention.retention_dispose(actor=world.users["manager"], plan=plan, reason="Review at six years")

    plan.refresh_from_db()
    assert (plan.victim_details, plan.offender_details, plan.police_notes) == ("", "", "")
    assert plan.personal_data_disposed_at is not None and plan.retention_review_date is None
    assert plan.problem_statement and plan.pat_victim  # what the programme learns from stays
    assert not Comment.objects.filter(plan=plan, police_only=True).exists()
    assert Comment.objects.filter(pk=world.shared_comment.pk).exists()
    assert set(PersonalValue.objects.filter(plan_id=plan.pk).values_list("value", "salt")) == {(None, "")}

    event = Event.objects.filter(plan_id=plan.pk).latest("sequence")
    assert (event.action, event.police_only, event.reason) == ("plan.dispose", True, "Review at six years")
    assert event.changes["personal_fields_cleared"] == ["victim_details", "offender_details", "police_notes"]
    assert len(event.changes["police_only_comments_removed"]) == 2  # the world's and the one above
    assert event.changes["audit_values_erased"] == sorted(sealed)
    # Nothing erased is anywhere in the plan's history any more.
    history = json.dumps([e.changes for e in Event.objects.filter(plan_id=plan.pk)])
    for text in ("SEALED-INTEL", "SEALED-COMMENT", "POLICE-ONLY-VICTIM", "POLICE-ONLY-INTEL"):
        assert text not in history
    assert integrity.verify_chain().count == Event.objects.count()


def test_disposal_lists_every_police_only_comment_it_removed(world):
    extra = task_services.comment_add(
        actor=world.users["owner"], plan=world.plan, body="Another", police_only=True
    )
    plan = _closed(world, due=True)
    retention.retention_dispose(actor=world.users["manager"], plan=plan)
    event = Event.objects.filter(plan_id=plan.pk, action="plan.dispose").get()
    assert event.changes["police_only_comments_removed"] == sorted([world.police_comment.pk, extra.pk])


# Pages -----------------------------------------------------------------------------------


def test_the_manager_reviews_from_the_queue_and_the_plan_page(world, client_for):
    plan = _closed(world, due=True)
    browser = client_for(world.users["manager"])
    queue = browser.get(reverse("plans:review_queue"))
    assert [p.pk for p in queue.context["retention_due"]] == [plan.pk]
    assert _url(plan) in queue.content.decode()
    detail = browser.get(reverse("plans:detail", args=[plan.pk])).content.decode()
    assert "Review for retention" in detail and _url(plan) in detail
    page = browser.get(_url(plan))
    assert page.status_code == 200
    text = page.content.decode()
    assert "victim details, offender details, intelligence notes" in text
    assert "1 police-only comment" in text


def test_the_queue_leaves_out_plans_not_yet_due(world, client_for):
    _closed(world)  # due in six years
    queue = client_for(world.users["manager"]).get(reverse("plans:review_queue"))
    assert queue.context["retention_due"] == []


@pytest.mark.parametrize(
    ("persona", "status"), [("owner", 403), ("officer2", 403), ("partner_on", 403), ("partner_off", 404)]
)
def test_only_a_manager_opens_the_review(world, client_for, persona, status):
    plan = _closed(world, due=True)
    browser = client_for(world.users[persona])
    assert browser.get(_url(plan)).status_code == status
    count = Event.objects.filter(action="plan.dispose.refused").count()
    assert browser.post(_url(plan), {"decision": "dispose", "dispose-confirm": "on"}).status_code == status
    assert Event.objects.filter(action="plan.dispose.refused").count() == count + (status == 403)
    assert Plan.objects.get(pk=plan.pk).victim_details
    if persona == "owner":
        assert _url(plan) not in browser.get(reverse("plans:detail", args=[plan.pk])).content.decode()


def test_keeping_through_the_page(world, client_for):
    plan = _closed(world, due=True)
    later = timezone.localdate() + datetime.timedelta(days=200)
    response = client_for(world.users["manager"]).post(
        _url(plan),
        {"decision": "keep", "keep-next_review": later.isoformat(), "keep-reason": "Complaint open"},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == reverse("plans:detail", args=[plan.pk])
    assert "is kept" in response.content.decode()
    assert Plan.objects.get(pk=plan.pk).retention_review_date == later


def test_a_bad_keep_shows_errors_and_changes_nothing(world, client_for):
    plan = _closed(world, due=True)
    response = client_for(world.users["manager"]).post(
        _url(plan), {"decision": "keep", "keep-next_review": "2020-01-01", "keep-reason": ""}
    )
    assert response.status_code == 400
    text = response.content.decode()
    assert "Enter why the plan is kept" in text and "There is a problem" in text
    assert Plan.objects.get(pk=plan.pk).retention_review_date == timezone.localdate()
    response = client_for(world.users["manager"]).post(
        _url(plan), {"decision": "keep", "keep-next_review": "2020-01-01", "keep-reason": "Claim"}
    )
    assert response.status_code == 400
    assert "The next review must be after today" in response.content.decode()
    # What was typed stays in the form.
    assert "Claim</textarea>" in response.content.decode()
    assert 'value="2020-01-01"' in response.content.decode()


def test_disposal_needs_the_confirmation(world, client_for):
    plan = _closed(world, due=True)
    browser = client_for(world.users["manager"])
    response = browser.post(_url(plan), {"decision": "dispose", "dispose-reason": "Six years"})
    assert response.status_code == 400
    assert "Confirm that you understand the personal data cannot be recovered" in response.content.decode()
    assert Plan.objects.get(pk=plan.pk).victim_details
    response = browser.post(
        _url(plan),
        {"decision": "dispose", "dispose-reason": "Six years", "dispose-confirm": "on"},
        follow=True,
    )
    assert "has been disposed of" in response.content.decode()
    plan.refresh_from_db()
    assert plan.victim_details == "" and plan.personal_data_disposed_at is not None
    detail = browser.get(reverse("plans:detail", args=[plan.pk])).content.decode()
    assert "Personal data disposed of" in detail and "POLICE-ONLY-VICTIM" not in detail


def test_the_review_of_an_open_plan_says_so(world, client_for):
    response = client_for(world.users["manager"]).get(_url(world.plan))
    assert response.status_code == 200
    assert "Only a closed or withdrawn plan is reviewed for retention" in response.content.decode()
    response = client_for(world.users["manager"]).post(
        _url(world.plan), {"decision": "dispose", "dispose-confirm": "on"}, follow=True
    )
    assert "only a closed or withdrawn plan is reviewed" in response.content.decode()
    world.plan.refresh_from_db()
    assert world.plan.victim_details
