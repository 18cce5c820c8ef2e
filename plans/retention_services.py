"""Review for retention (PRODUCT.md, Retention).

Once a plan is closed or withdrawn it carries a review-for-retention date
(`models.retention_review_from`). At review a manager either keeps the plan, with a reason
and a new review date, or disposes of its personal data: the police-only fields, the
police-only comments and the personal values its audit events sealed (audit.personal),
the reasons given for keeping it among them.
Evidence files go too: partners' photographs and documents may show or name people, and a
file cannot be cleaned field by field. What remains (the problem, the analysis without names,
responses, tasks with what was done, and figures) is what the programme learns from. The
disposal event names what it erased by reference only.
"""

import datetime
import logging

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from audit import personal
from audit.services import log_event
from partners.permissions import require

from .models import (
    POLICE_ONLY_FIELDS,
    Attachment,
    ClosureRequest,
    Comment,
    Plan,
    Stage,
    retention_review_from,
)

logger = logging.getLogger(__name__)

FINISHED_STAGES = (Stage.CLOSED, Stage.WITHDRAWN)
# The change under which a keep's event holds its reason, sealed.
KEEP_REASON = "why_kept"


class RetentionNotOpen(Exception):
    """The plan is not closed or withdrawn (any more): there is nothing to review."""

    def __init__(self, state: str, message: str = ""):
        self.state = state
        super().__init__(
            message
            or f"This plan is in {Stage(state).label}: only a closed or withdrawn plan is reviewed for retention"
        )


class AlreadyDisposed(RetentionNotOpen):
    """The plan's personal data was disposed of (by someone else, a moment ago, say) and the
    plan has not been closed or withdrawn again since: there is nothing left to review."""

    def __init__(self, state: str):
        super().__init__(state, "This plan's personal data has already been disposed of")


class ReviewChanged(RetentionNotOpen):
    """Someone recorded a decision (a keep, say) after this reviewer opened the page."""

    def __init__(self, state: str):
        super().__init__(
            state,
            "Someone else has just recorded a decision on this plan's review for retention: "
            "check it before you decide",
        )


def _locked_finished(plan: Plan, seen_review_date: str | None = None) -> Plan:
    """The plan, locked, still to review; `seen_review_date` is the review date (year-month-day,
    "" for none) the reviewer's page showed, when the page sends it."""
    locked = Plan.objects.select_for_update().get(pk=plan.pk)
    if locked.state not in FINISHED_STAGES:
        raise RetentionNotOpen(locked.state)
    if locked.personal_data_disposed:  # one of two presses at once, or a keep after the disposal
        raise AlreadyDisposed(locked.state)
    current = locked.retention_review_date.isoformat() if locked.retention_review_date else ""
    if seen_review_date is not None and seen_review_date != current:  # kept since the page was drawn
        raise ReviewChanged(locked.state)
    return locked


def _latest_keep_date(today: datetime.date | None = None) -> datetime.date:
    """A plan is kept for at most one retention period at a time."""
    return retention_review_from(today or timezone.localdate())


def retention_keep(
    *, actor, plan: Plan, reason: str, next_review: datetime.date, seen_review_date: str | None = None
) -> Plan:
    """Keep the plan and its personal data until `next_review`, for the reason given.

    `seen_review_date`: the review date the page showed; a decision recorded since refuses this one.
    """
    require(actor, "plans.review_retention", plan, action="plan.retention_keep", plan=plan)
    reason = (reason or "").strip()
    errors = {}
    if not reason:
        errors["reason"] = "Enter why the plan is kept"
    today = timezone.localdate()
    if next_review is None:
        errors["next_review"] = "Enter the date of the next review"
    elif next_review <= today:
        errors["next_review"] = "The next review must be after today"
    elif next_review > _latest_keep_date(today):
        years = settings.PLAN_RETENTION_REVIEW_YEARS
        errors["next_review"] = f"The next review must be no more than {years} years from today"
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        plan = _locked_finished(plan, seen_review_date)
        before = plan.retention_review_date
        plan.retention_review_date = next_review
        plan.save(update_fields=["retention_review_date", "updated_at"])
        log_event(
            action="plan.retention_keep",
            actor=actor,
            target=plan,
            plan=plan,
            changes={
                "retention_review_date": [before.isoformat() if before else None, next_review.isoformat()],
                KEEP_REASON: [None, reason],
            },
            # Why a plan is kept (an open investigation, a complaint) is police business, and may
            # name people: the reason is sealed (audit.personal), so a later disposal erases it
            # with the plan's other personal data.
            personal=[KEEP_REASON],
            police_only=True,
        )
    return plan


def retention_dispose(*, actor, plan: Plan, reason: str = "", seen_review_date: str | None = None) -> Plan:
    """Remove the plan's personal data for good, in one transaction with its disposal event.

    Police-only fields are emptied, police-only comments deleted and the audit trail's sealed
    values for the plan erased. The event lists the fields, comment ids and value ids, each
    as [None, list] (a bare two-item list would read as a change from one to the other).
    `seen_review_date`: as for retention_keep, so a keep just recorded is not overridden unseen.
    """
    require(actor, "plans.review_retention", plan, action="plan.dispose", plan=plan)
    with transaction.atomic():
        plan = _locked_finished(plan, seen_review_date)
        fields = [name for name in POLICE_ONLY_FIELDS if getattr(plan, name)]
        comments = list(
            Comment.objects.filter(plan=plan, police_only=True).order_by("pk").values_list("pk", flat=True)
        )
        values = personal.unerased_ids(plan.pk)
        evidence = list(Attachment.objects.filter(task__plan=plan).order_by("pk").values_list("pk", "file"))
        # Closure requests' notes and answers are police-only free text, as the comments are.
        closure_notes = list(
            ClosureRequest.objects.filter(plan=plan)
            .exclude(note="", answer="")
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        now = timezone.now()
        before = plan.retention_review_date
        event = log_event(
            action="plan.dispose",
            actor=actor,
            target=plan,
            plan=plan,
            changes={
                "personal_fields_cleared": [None, fields],
                "police_only_comments_removed": [None, comments],
                "evidence_files_removed": [None, [pk for pk, _ in evidence]],
                "closure_request_notes_cleared": [None, closure_notes],
                personal.ERASED_KEY: [None, values],
                "retention_review_date": [before.isoformat() if before else None, None],
            },
            # It names police-only material, even if only by reference.
            police_only=True,
            reason=(reason or "").strip(),
        )
        personal.erase(values, sequence=event.sequence)
        Comment.objects.filter(pk__in=comments).delete()
        ClosureRequest.objects.filter(pk__in=closure_notes).update(note="", answer="")
        Attachment.objects.filter(pk__in=[pk for pk, _ in evidence]).delete()
        for name in POLICE_ONLY_FIELDS:
            setattr(plan, name, "")
        plan.retention_review_date = None
        plan.personal_data_disposed_at = now
        plan.version += 1  # an edit form opened before the disposal must not write the fields back
        plan.save(
            update_fields=[
                *POLICE_ONLY_FIELDS,
                "retention_review_date",
                "personal_data_disposed_at",
                "version",
                "updated_at",
            ]
        )
        transaction.on_commit(_clear_write_ahead_log)
        # The files once the rows are gone for good: a disposal rolled back keeps both.
        transaction.on_commit(lambda: _delete_files([name for _, name in evidence]))
    return plan


def _delete_files(names: list[str]) -> None:
    """Remove disposed evidence from storage; one that cannot be removed is logged (by its
    storage name, a random one) for an administrator, and the others still go."""
    storage = Attachment._meta.get_field("file").storage
    for name in names:
        try:
            storage.delete(name)
        except OSError as exc:
            logger.error("Disposed evidence file %s could not be removed: %s", name, type(exc).__name__)


def _clear_write_ahead_log() -> None:
    """On SQLite, copy the write-ahead log into the database and empty it, once the disposal
    is committed: the log still holds the pages as they were before, personal data and all,
    until they are overwritten. (Secure delete, set in config.settings, zeroes them in the
    database file itself.) Best effort: a reader still on an old snapshot keeps the log, and
    the next disposal or the last connection to close clears it."""
    from django.db import connection

    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
