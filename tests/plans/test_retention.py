"""Review for retention: the review date, keeping a plan, disposing of its personal data."""

import datetime
import json

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from audit import integrity
from audit.models import Event, PersonalValue
from audit.personal import reveal as personal_reveal
from plans import comment_services, services
from plans import retention_services as retention
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
    assert event.changes["retention_review_date"] == [timezone.localdate().isoformat(), later.isoformat()]
    # The reason may name people: sealed, readable by police until the plan's disposal erases it.
    assert "Civil claim pending" not in json.dumps(event.changes) and event.reason == ""
    [revealed] = personal_reveal([event])
    assert revealed.changes[retention.KEEP_REASON] == [None, "Civil claim pending"]


def test_disposal_erases_the_reasons_given_for_keeping_the_plan(world):
    plan = _closed(world, due=True)
    later = timezone.localdate() + datetime.timedelta(days=30)
    retention.retention_keep(
        actor=world.users["manager"], plan=plan, reason="Complaint by Alice Example", next_review=later
    )
    Plan.objects.filter(pk=plan.pk).update(retention_review_date=timezone.localdate())
    plan.refresh_from_db()
    retention.retention_dispose(actor=world.users["manager"], plan=plan)
    assert not PersonalValue.objects.filter(value__contains="Alice Example").exists()
    keep = Event.objects.get(plan_id=plan.pk, action="plan.retention_keep")
    [shown] = personal_reveal([keep])
    assert "Alice Example" not in json.dumps(shown.changes) and "Alice Example" not in keep.reason
    assert shown.changes[retention.KEEP_REASON][1].startswith("(erased")
    assert integrity.verify_chain().count == Event.objects.count()  # the chain still holds


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
    comment_services.comment_add(
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
    assert event.changes["personal_fields_cleared"] == [
        None,
        ["victim_details", "offender_details", "police_notes"],
    ]
    assert len(event.changes["police_only_comments_removed"][1]) == 2  # the world's and the one above
    assert event.changes["audit_values_erased"] == [None, sorted(sealed)]
    # Nothing erased is anywhere in the plan's history any more.
    history = json.dumps([e.changes for e in Event.objects.filter(plan_id=plan.pk)])
    for text in ("SEALED-INTEL", "SEALED-COMMENT", "POLICE-ONLY-VICTIM", "POLICE-ONLY-INTEL"):
        assert text not in history
    assert integrity.verify_chain().count == Event.objects.count()


def test_disposal_removes_the_evidence_files_and_says_so_beforehand(
    world, client_for, private_media, django_capture_on_commit_callbacks, monkeypatch
):
    from pathlib import Path

    # The callbacks run inside the test's transaction: SQLite's log checkpoint cannot run there.
    monkeypatch.setattr(retention, "_clear_write_ahead_log", lambda: None)

    from plans.models import Attachment
    from tests import factories

    files = [
        factories.make_attachment(world.task, world.users["partner_on"], name="photo-of-the-doorway.pdf"),
        factories.make_attachment(world.other_org_task, world.users["owner"], name="statement.pdf"),
    ]
    other_plans = factories.make_attachment(
        factories.make_task(world.other_plan, world.task.organisation), world.users["owner"], name="kept.pdf"
    )
    paths = [Path(a.file.path) for a in files]
    assert all(path.exists() for path in paths)
    plan = _closed(world, due=True)
    page = client_for(world.users["manager"]).get(reverse("plans:retention", kwargs={"pk": plan.pk}))
    assert "2 evidence files uploaded to its tasks" in page.content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        retention.retention_dispose(actor=world.users["manager"], plan=plan, reason="Review at six years")

    assert not Attachment.objects.filter(task__plan=plan).exists()
    assert not any(path.exists() for path in paths)
    assert Path(other_plans.file.path).exists() and Attachment.objects.filter(pk=other_plans.pk).exists()
    event = Event.objects.filter(plan_id=plan.pk).latest("sequence")
    assert event.changes["evidence_files_removed"] == [None, [a.pk for a in files]]
    assert "photo-of-the-doorway" not in json.dumps(event.changes)
    page = client_for(world.users["owner"]).get(reverse("tasks:detail", kwargs={"pk": world.task.pk}))
    assert "photo-of-the-doorway.pdf" not in page.content.decode()


def test_a_disposal_that_fails_keeps_the_evidence_files(
    world, monkeypatch, django_capture_on_commit_callbacks
):
    from pathlib import Path

    from plans.models import Attachment
    from tests import factories

    attachment = factories.make_attachment(world.task, world.users["partner_on"])
    plan = _closed(world, due=True)

    def broken(*args, **kwargs):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(retention.personal, "erase", broken)
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError):
        retention.retention_dispose(actor=world.users["manager"], plan=plan)
    assert Attachment.objects.filter(pk=attachment.pk).exists() and Path(attachment.file.path).exists()


def test_disposal_lists_every_police_only_comment_it_removed(world):
    extra = comment_services.comment_add(
        actor=world.users["owner"], plan=world.plan, body="Another", police_only=True
    )
    plan = _closed(world, due=True)
    retention.retention_dispose(actor=world.users["manager"], plan=plan)
    event = Event.objects.filter(plan_id=plan.pk, action="plan.dispose").get()
    assert event.changes["police_only_comments_removed"] == [
        None,
        sorted([world.police_comment.pk, extra.pk]),
    ]


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
    assert (
        'name="keep-next_review-year" type="text" inputmode="numeric" value="2020"'
        in response.content.decode()
    )


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


# Review fixes: a second decision, a reclosed plan, what partners read -----------------------


def test_a_second_disposal_is_refused_and_writes_nothing(world):
    """Two managers pressing "Dispose" at once: one disposal, the other is told it happened."""
    plan = _closed(world, due=True)
    first = retention.retention_dispose(actor=world.users["manager"], plan=plan)
    disposed_at = Plan.objects.get(pk=plan.pk).personal_data_disposed_at
    count = Event.objects.count()
    with pytest.raises(retention.RetentionNotOpen, match="already been disposed of"):
        retention.retention_dispose(actor=world.users["manager"], plan=plan)
    assert Event.objects.count() == count
    assert Plan.objects.get(pk=first.pk).personal_data_disposed_at == disposed_at


def test_keeping_a_plan_whose_data_was_just_disposed_of_is_refused(world, client_for):
    """A keep pressed on a page opened before someone else disposed: no "kept" that keeps nothing."""
    plan = _closed(world, due=True)
    retention.retention_dispose(actor=world.users["manager"], plan=plan)
    with pytest.raises(retention.RetentionNotOpen, match="already been disposed of"):
        retention.retention_keep(
            actor=world.users["manager"],
            plan=plan,
            reason="Civil claim",
            next_review=timezone.localdate() + datetime.timedelta(days=30),
        )
    assert Plan.objects.get(pk=plan.pk).retention_review_date is None
    response = client_for(world.users["manager"]).post(
        _url(plan),
        {
            "decision": "keep",
            "keep-next_review": (timezone.localdate() + datetime.timedelta(days=30)).isoformat(),
            "keep-reason": "Civil claim",
        },
        follow=True,
    )
    assert "already been disposed of" in response.content.decode()
    assert not Event.objects.filter(plan_id=plan.pk, action="plan.retention_keep").exists()


def test_a_disposed_plan_offers_no_further_review(world, client_for):
    plan = _closed(world, due=True)
    retention.retention_dispose(actor=world.users["manager"], plan=plan)
    browser = client_for(world.users["manager"])
    detail = browser.get(reverse("plans:detail", args=[plan.pk])).content.decode()
    assert _url(plan) not in detail
    page = browser.get(_url(plan)).content.decode()
    assert "already been disposed of" in page
    assert "Keep the plan</button>" not in page and "Dispose of the personal data</button>" not in page


def test_a_reopened_and_reclosed_plan_is_reviewed_and_disposed_of_again(world):
    manager = world.users["manager"]
    plan = _closed(world, due=True)
    retention.retention_dispose(actor=manager, plan=plan)
    plan = services.plan_transition(actor=manager, plan=plan, transition="reopen", reason="New figures")
    Plan.objects.filter(pk=plan.pk).update(state=Stage.RESPOND)  # back to where the owner edits
    plan.refresh_from_db()
    services.plan_update(
        actor=world.users["owner"],
        plan=plan,
        section="analyse",
        data={"offender_details": "SECOND-ROUND Carl"},
        version=plan.version,
    )
    Plan.objects.filter(pk=plan.pk).update(state=Stage.ASSESS)
    plan = services.plan_transition(actor=manager, plan=Plan.objects.get(pk=plan.pk), transition="close")
    assert plan.retention_review_date is not None
    assert retention.retention_dispose(actor=manager, plan=plan).offender_details == ""
    second = Event.objects.filter(plan_id=plan.pk, action="plan.dispose").latest("sequence")
    assert len(second.changes["audit_values_erased"][1]) == 1  # only the new value: the rest went before
    assert not PersonalValue.objects.filter(plan_id=plan.pk, value__isnull=False).exists()
    assert integrity.verify_chain().count == Event.objects.count()


def test_the_disposal_event_reads_as_lists_not_as_a_change_from_one_id_to_another(world):
    """Two comments removed read "12, 15", never "12 → 15" (a two-item list is an [old, new] pair)."""
    from audit.presentation import change_rows

    comment_services.comment_add(actor=world.users["owner"], plan=world.plan, body="Second", police_only=True)
    Plan.objects.filter(pk=world.plan.pk).update(victim_details="", offender_details="Two nominals")
    plan = _closed(world, due=True)
    retention.retention_dispose(actor=world.users["manager"], plan=plan)
    event = Event.objects.get(plan_id=plan.pk, action="plan.dispose")
    rows = {row["field"]: row for row in change_rows(event.changes)}
    for field in ("Personal fields cleared", "Police only comments removed", "Audit values erased"):
        assert rows[field]["old"] is None, rows[field]


def test_a_partner_does_not_read_why_a_plan_was_kept(world):
    """The reason for keeping names an investigation or a complaint: police business."""
    from plans.timeline import plan_timeline

    plan = _closed(world, due=True)
    retention.retention_keep(
        actor=world.users["manager"],
        plan=plan,
        reason="Open investigation into the assault on A. Victim",
        next_review=timezone.localdate() + datetime.timedelta(days=30),
    )
    partner_reads = plan_timeline(plan=plan, user=world.users["partner_on"], limit=500)
    assert "plan.retention_keep" not in [e.action for e in partner_reads]
    assert "plan.retention_keep" in [e.action for e in plan_timeline(plan=plan, user=world.users["owner"])]


def test_a_disposal_from_a_page_drawn_before_a_keep_is_refused(world, client_for):
    """Keep and dispose pressed at once: the disposal, decided on what the page showed, stops."""
    plan = _closed(world, due=True)
    page = client_for(world.users["manager"]).get(_url(plan)).content.decode()
    seen = timezone.localdate().isoformat()
    assert page.count(f'name="seen_review_date" value="{seen}"') == 2  # in both forms
    later = timezone.localdate() + datetime.timedelta(days=90)
    retention.retention_keep(actor=world.users["manager"], plan=plan, reason="Complaint", next_review=later)
    with pytest.raises(retention.RetentionNotOpen, match="just recorded a decision"):
        retention.retention_dispose(actor=world.users["manager"], plan=plan, seen_review_date=seen)
    plan.refresh_from_db()
    assert plan.victim_details and plan.retention_review_date == later
    with pytest.raises(retention.RetentionNotOpen, match="just recorded a decision"):
        retention.retention_keep(
            actor=world.users["manager"], plan=plan, reason="x", next_review=later, seen_review_date=seen
        )
    # What the page shows now goes through.
    retention.retention_dispose(actor=world.users["manager"], plan=plan, seen_review_date=later.isoformat())
    assert Plan.objects.get(pk=plan.pk).victim_details == ""


def test_a_page_drawn_before_someone_kept_the_plan_does_not_dispose_of_it(world, client_for):
    plan = _closed(world, due=True)
    browser = client_for(world.users["manager"])
    page = browser.get(_url(plan)).content.decode()
    seen = timezone.localdate().isoformat()
    assert f'name="seen_review_date" value="{seen}"' in page
    retention.retention_keep(
        actor=world.users["manager"],
        plan=plan,
        reason="Complaint open",
        next_review=timezone.localdate() + datetime.timedelta(days=90),
    )
    response = browser.post(
        _url(plan), {"decision": "dispose", "dispose-confirm": "on", "seen_review_date": seen}, follow=True
    )
    assert "Someone else has just recorded a decision" in response.content.decode()
    assert Plan.objects.get(pk=plan.pk).victim_details


def test_an_overlong_keep_reason_says_the_limit_in_words(world, client_for):
    plan = _closed(world, due=True)
    later = timezone.localdate() + datetime.timedelta(days=200)
    response = client_for(world.users["manager"]).post(
        _url(plan), {"decision": "keep", "keep-next_review": later.isoformat(), "keep-reason": "x" * 2001}
    )
    assert response.status_code == 400
    text = response.content.decode()
    assert "Say why the plan is kept in 2,000 characters or fewer" in text and "Ensure this value" not in text


def test_a_closed_plan_shows_its_review_for_retention_not_a_next_review(world, client_for):
    plan = _closed(world)
    page = client_for(world.users["manager"]).get(reverse("plans:detail", args=[plan.pk])).content.decode()
    assert "Review for retention" in page and ">Next review<" not in page
    listing = client_for(world.users["manager"]).get(reverse("plans:list")).content.decode()
    row = listing.split(f">{plan.reference}</a>", 1)[1].split("</tr>", 1)[0]
    assert f"{plan.next_review_date:%-d %b %Y}" not in row and "None: the plan is closed" in row


def test_a_disposed_plan_takes_no_new_evidence_or_comments(world, client_for):
    from tests.tasks._files import GOOD, upload

    plan = _closed(world, due=True)
    retention.retention_dispose(actor=world.users["manager"], plan=plan)
    partner, owner = client_for(world.users["partner_on"]), client_for(world.users["owner"])
    response = partner.post(
        reverse("tasks:evidence_add", kwargs={"pk": world.task.pk}),
        {"evidence": upload("late.pdf", GOOD["log.pdf"])},
    )
    assert "its tasks can no longer change, and take no more evidence" in response.content.decode()
    response = owner.post(
        reverse("tasks:comment_add", kwargs={"pk": plan.pk}),
        {"body": "Named the man again", "police_only": "on"},
    )
    assert "personal data has been disposed of: it takes no new comments" in response.content.decode()
    assert not Comment.objects.filter(body="Named the man again").exists()
    from plans.models import Attachment

    assert not Attachment.objects.filter(task__plan=plan).exists()
    page = owner.get(reverse("plans:detail", kwargs={"pk": plan.pk})).content.decode()
    assert 'name="body"' not in page  # no comment form offered
    task_page = partner.get(reverse("tasks:detail", kwargs={"pk": world.task.pk})).content.decode()
    assert "Add evidence" not in task_page


def test_disposal_clears_the_closure_requests_notes_and_answers(world):
    from plans.models import ClosureRequest

    Plan.objects.filter(pk=world.plan.pk).update(state=Stage.CLOSED)
    world.plan.refresh_from_db()
    asked = ClosureRequest.objects.create(
        plan=world.plan,
        requested_by=world.users["owner"],
        note="Victim NAMED-IN-NOTE moved away",
        status=ClosureRequest.Status.RETURNED,
        answer="Ask NAMED-IN-ANSWER first",
    )
    plain = ClosureRequest.objects.create(
        plan=world.plan, requested_by=world.users["owner"], status=ClosureRequest.Status.CLOSED
    )
    retention.retention_dispose(actor=world.users["manager"], plan=world.plan, reason="Five years")
    asked.refresh_from_db()
    assert (asked.note, asked.answer) == ("", "")
    event = Event.objects.filter(action="plan.dispose").get()
    assert event.changes["closure_request_notes_cleared"] == [None, [asked.pk]]
    assert plain.pk not in event.changes["closure_request_notes_cleared"][1]
