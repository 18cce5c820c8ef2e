"""One save per create form for areas and patrols: plans.submissions' one-time token.

The form (plans.submissions.OnceForm) carries the token and the person is told the same
thing (plans.submissions.sent_twice); the token is kept here, since an area or a patrol
belongs to no plan.
"""

from django.db import IntegrityError, transaction

from plans import submissions as plan_submissions

from .models import Submission


class AlreadySubmitted(plan_submissions.AlreadySubmitted):
    """This area or patrol form was saved before: nothing was written this time."""

    def __init__(self, *, area_id: int | None = None, patrol_id: int | None = None):
        super().__init__(None)
        self.area_id = area_id
        self.patrol_id = patrol_id


def _digest(actor, action: str, content: dict) -> str:
    return plan_submissions.digest(actor, action, content, salt="hotspots.submissions")


def refuse_a_repeat(token, *, actor, action: str, content: dict) -> None:
    """AlreadySubmitted when this person saved this form (`action`) with these answers before.

    Checked before anything that would refuse the answers as a copy of what the first sending
    saved (an area's name is taken, a patrol is already logged): a repeat is told it was
    saved once, not that it clashes with itself.
    """
    if token is None:
        return
    earlier = Submission.objects.filter(token=token).values("digest", "area_id", "patrol_id").first()
    if earlier is not None and earlier["digest"] == _digest(actor, action, content):
        raise AlreadySubmitted(area_id=earlier["area_id"], patrol_id=earlier["patrol_id"])


def take(token, *, actor, action: str, content: dict) -> int | None:
    """Take the form's token first thing in the caller's transaction, before any check of the
    answers; returns the submission's id for `record`, or None when there is nothing to guard.

    A repeat (this person's same form, `action`, with the same answers) raises AlreadySubmitted
    naming what the first sending made, before anything could refuse the answers as a copy of
    it (an area's name is taken, a patrol is already logged). On PostgreSQL a second,
    simultaneous sending waits here on the token's unique index until the first commits (then
    it is a repeat) or rolls back (then it goes ahead). A used token with anything else is no
    repeat (a page kept from before sent with new answers, someone else's token): saved,
    unguarded.
    """
    if token is None:
        return None
    try:
        with transaction.atomic():
            return Submission.objects.create(token=token, digest=_digest(actor, action, content)).pk
    except IntegrityError:
        refuse_a_repeat(token, actor=actor, action=action, content=content)
        return None


def record(taken: int | None, *, area=None, patrol=None) -> None:
    """Name what the sending made on the submission `take` returned, for a repeat to be shown it."""
    if taken is not None:
        Submission.objects.filter(pk=taken).update(area=area, patrol=patrol)


def token_used(token) -> bool:
    """Whether a create form with this token was saved: the service then decides if it is a repeat."""
    return token is not None and Submission.objects.filter(token=token).exists()
