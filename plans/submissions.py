"""One save per form: a create form carries a one-time token; a second POST of it saves nothing.

GOV.UK Frontend's `data-prevent-double-click` stops a double click when JavaScript runs.
Without JavaScript, or when a browser sends a form again, the token is what keeps a second
plan, source, objective, response, task or comment from being made.
"""

import json
import uuid

from django import forms
from django.contrib import messages
from django.db import IntegrityError, transaction
from django.shortcuts import redirect
from django.utils.crypto import salted_hmac

from .models import Submission

# What the person who sent a form twice is told, on the page the first sending saved to.
SENT_TWICE = "That form was sent twice. It was saved once."


class AlreadySubmitted(Exception):
    """This form was saved before: nothing was written this time."""

    def __init__(self, plan_id: int | None):
        super().__init__("This form was already saved")
        self.plan_id = plan_id


def digest(actor, action: str, content: dict, *, salt: str = "plans.submissions") -> str:
    """Who sent which form with which answers, keyed (no answer can be read back or guessed).

    `salt`: the table the digest is kept in (hotspots.submissions keeps its own)."""

    def _value(value):
        return value.pk if hasattr(value, "pk") else str(value)

    text = json.dumps([actor.pk, action, content], sort_keys=True, default=_value)
    return salted_hmac(salt, text, algorithm="sha256").hexdigest()


def claim(token, *, actor, plan, action: str, content: dict) -> None:
    """Take the form's token in the caller's transaction, so a repeat of the form rolls back.

    Called first thing once the plan is locked, before any check of the answers and before the
    record is made, so a repeat is told it was saved once, never refused as a copy of what its
    first sending made (plan_create, whose plan is what the token names, calls it once the plan
    exists). On PostgreSQL a second, simultaneous request waits at the plan's lock, or here on
    the unique index, until the first commits, then fails.

    A repeat is the same person sending the same form (`action`) with the same answers
    (`content`: what the service was given, and the plan it adds to). A used token that
    arrives with anything else is no repeat: someone else's token, or a page kept from before
    (the Back button) sent with new answers. That is saved, unguarded, and names nothing of
    the earlier sending.
    """
    if token is None:
        return
    digest_now = digest(actor, action, content)
    try:
        with transaction.atomic():
            Submission.objects.create(token=token, plan=plan, digest=digest_now)
    except IntegrityError:
        earlier = Submission.objects.filter(token=token).values("plan_id", "digest").first()
        if earlier is not None and earlier["digest"] == digest_now:
            raise AlreadySubmitted(earlier["plan_id"]) from None


def token_used(token) -> bool:
    """Whether a create form with this token was saved: the service then decides if it is a repeat."""
    return token is not None and Submission.objects.filter(token=token).exists()


def sent_twice(request, url: str):
    """The response to a repeat (AlreadySubmitted): say so, and show what the first one saved."""
    messages.info(request, SENT_TWICE)
    return redirect(url)


class OnceForm(forms.Form):
    """Gives a form the hidden one-time token, a new one each time the form is drawn.

    A declared field (not one added in __init__), so it is there whichever mixin cleans the
    form first. Mix it in beside the form's own base: `class F(GovukFormMixin, OnceForm)`.
    """

    submission = forms.UUIDField(widget=forms.HiddenInput, required=False, initial=uuid.uuid4)

    def submission_token(self):
        return self.cleaned_data.get("submission")
