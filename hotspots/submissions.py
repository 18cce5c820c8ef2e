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


def claim(token, *, actor, action: str, content: dict, area=None, patrol=None) -> None:
    """Take the form's token in the caller's transaction, after its record is made.

    On PostgreSQL a second, simultaneous request waits here on the unique index until the
    first commits, then fails: AlreadySubmitted when it is the same person's same answers
    (the caller's transaction rolls back). A used token with anything else is no repeat (a
    page kept from before sent with new answers, someone else's token): saved, unguarded.
    """
    if token is None:
        return
    digest = _digest(actor, action, content)
    try:
        with transaction.atomic():
            Submission.objects.create(token=token, area=area, patrol=patrol, digest=digest)
    except IntegrityError:
        refuse_a_repeat(token, actor=actor, action=action, content=content)


def token_used(token) -> bool:
    """Whether a create form with this token was saved: the service then decides if it is a repeat."""
    return token is not None and Submission.objects.filter(token=token).exists()
