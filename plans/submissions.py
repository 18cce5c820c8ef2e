"""One save per form: a create form carries a one-time token; a second POST of it saves nothing.

GOV.UK Frontend's `data-prevent-double-click` stops a double click when JavaScript runs.
Without JavaScript, or when a browser sends a form again, the token is what keeps a second
plan, source, objective, response, task or comment from being made.
"""

import uuid

from django import forms
from django.db import IntegrityError, transaction

from .models import Submission

# What the person who sent a form twice is told, on the page the first sending saved to.
SENT_TWICE = "That form was sent twice. It was saved once."


class AlreadySubmitted(Exception):
    """This form was saved before: nothing was written this time."""

    def __init__(self, plan_id: int | None):
        super().__init__("This form was already saved")
        self.plan_id = plan_id


def claim(token, *, plan) -> None:
    """Take the form's token in the caller's transaction, so a repeat of the form rolls back.

    Called after the service has made its record: on PostgreSQL a second, simultaneous
    request waits here on the unique index until the first commits, then fails.
    """
    if token is None:
        return
    try:
        with transaction.atomic():
            Submission.objects.create(token=token, plan=plan)
    except IntegrityError:
        earlier = Submission.objects.filter(token=token).values_list("plan_id", flat=True).first()
        raise AlreadySubmitted(earlier) from None


class OnceForm(forms.Form):
    """Gives a form the hidden one-time token, a new one each time the form is drawn.

    A declared field (not one added in __init__), so it is there whichever mixin cleans the
    form first. Mix it in beside the form's own base: `class F(GovukFormMixin, OnceForm)`.
    """

    submission = forms.UUIDField(widget=forms.HiddenInput, required=False, initial=uuid.uuid4)

    def submission_token(self):
        return self.cleaned_data.get("submission")
