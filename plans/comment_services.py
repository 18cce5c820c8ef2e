"""Writes of comments on a plan."""

from django.core.exceptions import ValidationError
from django.db import transaction

from audit.services import log_event
from partners.permissions import require

from . import submissions
from .models import Comment, Plan
from .service_support import lock_plan


def comment_add(*, actor, plan: Plan, body: str, police_only: bool = False, submission=None) -> Comment:
    """Comment on a plan: police may post police-only or shared; a partner on the plan, shared only."""
    require(actor, "plans.comment", plan, action="comment.add", plan=plan)
    if police_only:
        require(actor, "plans.comment_police_only", plan, action="comment.add", plan=plan)
    body = (body or "").strip()
    if not body:
        raise ValidationError({"body": "Enter your comment"})
    if len(body) > 5000:
        raise ValidationError({"body": "The comment must be 5000 characters or fewer"})
    with transaction.atomic():
        plan = lock_plan(plan)
        submissions.claim(
            submission,
            actor=actor,
            plan=plan,
            action="comment.add",
            content={"plan": plan.pk, "body": body, "police_only": police_only},
        )
        if plan.personal_data_disposed and not plan.is_open:
            # What was written about people has been disposed of; a comment now would be kept
            # with no review left to remove it. (A plan reopened takes comments again.)
            raise ValidationError(
                f"Plan {plan.reference}'s personal data has been disposed of: it takes no new comments"
            )
        comment = Comment.objects.create(plan=plan, author=actor, body=body, police_only=police_only)
        log_event(
            action="comment.add",
            actor=actor,
            target=comment,
            plan=plan,
            changes={"body": [None, body], "police_only": [None, police_only]},
            police_only=police_only,
            # A police-only comment may name people; a shared one is written for partners to read.
            personal=("body",) if police_only else (),
        )
    return comment
