"""A create form sent twice (a double click without JavaScript, a browser resend) saves once."""

import uuid

import pytest
from django.urls import reverse

from audit.models import Event
from plans import part_services
from plans.models import Objective, Plan, Response, Source
from tests.factories import form_token
from tests.matrix.plans import OBJECTIVE
from tests.plans.test_plan_create import form_data

pytestmark = pytest.mark.django_db


def test_each_drawing_of_a_create_form_carries_a_new_hidden_token(world, client_for):
    browser = client_for(world.users["owner"])
    first, second = (form_token(browser.get(reverse("plans:create"))) for _ in range(2))
    assert first != second
    page = browser.get(reverse("plans:source_add", args=[world.plan.pk])).content.decode()
    assert 'type="hidden" name="submission"' in page
    assert '<label class="govuk-label" for="id_submission"' not in page


def test_a_plan_form_sent_twice_opens_one_plan(world, client_for):
    browser = client_for(world.users["owner"])
    data = form_data(
        title="Street drinking on the steps", submission=form_token(browser.get(reverse("plans:create")))
    )
    first = browser.post(reverse("plans:create"), data)
    plan = Plan.objects.get(title="Street drinking on the steps")
    assert first["Location"] == reverse("plans:detail", args=[plan.pk])
    events = Event.objects.count()
    second = browser.post(reverse("plans:create"), data, follow=True)
    assert Plan.objects.filter(title="Street drinking on the steps").count() == 1
    assert second.redirect_chain[-1][0] == reverse("plans:detail", args=[plan.pk])
    assert "That form was sent twice. It was saved once." in second.content.decode()
    assert not Event.objects.filter(action="plan.create", sequence__gt=events).exists()


def test_two_drawings_of_the_form_make_two_plans(world, client_for):
    browser = client_for(world.users["owner"])
    for _ in range(2):
        token = form_token(browser.get(reverse("plans:create")))
        browser.post(reverse("plans:create"), form_data(title="Twice on purpose", submission=token))
    assert Plan.objects.filter(title="Twice on purpose").count() == 2


def test_a_form_without_a_token_still_saves(world, client_for):
    response = client_for(world.users["owner"]).post(reverse("plans:create"), form_data(title="No token"))
    assert response.status_code == 302
    assert Plan.objects.filter(title="No token").exists()


@pytest.mark.parametrize(
    ("name", "model", "data"),
    [
        ("plans:source_add", Source, {"kind": "community", "notes": "Traders' meeting"}),
        (
            "plans:objective_add",
            Objective,
            {**OBJECTIVE},
        ),
        ("plans:response_add", Response, {"kind": "engagement", "description": "Pubwatch meeting"}),
    ],
)
def test_a_content_form_sent_twice_adds_once(world, client_for, name, model, data):
    from plans.models import Stage

    Plan.objects.filter(pk=world.plan.pk).update(state=Stage.RESPOND)
    browser = client_for(world.users["owner"])
    url = reverse(name, args=[world.plan.pk])
    data = {**data, "submission": form_token(browser.get(url))}
    before = model.objects.filter(plan=world.plan).count()
    assert browser.post(url, data).status_code == 302
    second = browser.post(url, data, follow=True)
    assert model.objects.filter(plan=world.plan).count() == before + 1
    assert "That form was sent twice" in second.content.decode()


def test_a_repeat_of_a_refused_form_is_not_taken_as_saved(world, client_for):
    """A form that failed validation took no token: corrected, it saves."""
    browser = client_for(world.users["owner"])
    token = str(uuid.uuid4())
    bad = browser.post(reverse("plans:create"), form_data(title="", submission=token))
    assert bad.status_code == 200 and "Enter a title for the plan" in bad.content.decode()
    good = browser.post(reverse("plans:create"), form_data(title="Corrected", submission=token))
    assert good.status_code == 302
    assert Plan.objects.filter(title="Corrected").exists()


def test_another_users_token_opens_their_own_plan_and_names_nothing_of_the_first(world, client_for):
    """A token is one person's form: sent by someone else it is not "sent twice"."""
    owner, other = client_for(world.users["owner"]), client_for(world.users["officer2"])
    token = form_token(owner.get(reverse("plans:create")))
    first = owner.post(reverse("plans:create"), form_data(title="Priya's plan", submission=token))
    theirs = other.post(reverse("plans:create"), form_data(title="Tom's plan", submission=token))
    mine = Plan.objects.get(title="Priya's plan")
    tom = Plan.objects.get(title="Tom's plan")
    assert first["Location"] == reverse("plans:detail", args=[mine.pk])
    assert theirs["Location"] == reverse("plans:detail", args=[tom.pk])
    assert tom.owner == world.users["officer2"]


def test_a_token_kept_on_a_page_from_before_saves_the_new_answers(world, client_for):
    """Back to a page that carried a used token, new text sent with it is not dropped as a repeat."""
    from plans.models import Stage

    Plan.objects.filter(pk=world.plan.pk).update(state=Stage.RESPOND)
    browser = client_for(world.users["owner"])
    url = reverse("plans:response_add", args=[world.plan.pk])
    token = form_token(browser.get(url))
    browser.post(url, {"kind": "engagement", "description": "Pubwatch meeting", "submission": token})
    again = browser.post(
        url, {"kind": "engagement", "description": "Taxi marshals", "submission": token}, follow=True
    )
    assert "That form was sent twice" not in again.content.decode()
    assert set(Response.objects.filter(plan=world.plan).values_list("description", flat=True)) >= {
        "Pubwatch meeting",
        "Taxi marshals",
    }


def test_a_token_sent_to_a_content_form_of_another_plan_saves_there(world, client_for):
    """The same person's token used on another plan's form is not a repeat of the first (no tampering
    with the hidden field sends them to the other plan)."""
    from plans import services

    browser = client_for(world.users["owner"])
    token = form_token(browser.get(reverse("plans:source_add", args=[world.plan.pk])))
    data = {"kind": "community", "notes": "Traders' meeting", "submission": token}
    browser.post(reverse("plans:source_add", args=[world.plan.pk]), data)
    other = services.plan_create(actor=world.users["owner"], title="Second", hotspot_name="Rank")
    response = browser.post(reverse("plans:source_add", args=[other.pk]), data)
    assert response["Location"].startswith(reverse("plans:detail", args=[other.pk]))
    assert Source.objects.filter(plan=other, notes="Traders' meeting").exists()


def test_a_refusal_after_the_claim_gives_the_token_back(world, monkeypatch):
    """A service that refuses after taking the token rolls the token back with its record."""
    from django.core.exceptions import ValidationError

    token, owner = uuid.uuid4(), world.users["owner"]
    real = part_services.log_event

    def refuse(**kwargs):
        raise ValidationError("The audit trail refused the event")

    monkeypatch.setattr(part_services, "log_event", refuse)
    with pytest.raises(ValidationError):
        part_services.source_add(
            actor=owner, plan=world.plan, kind="community", notes="Once", submission=token
        )
    monkeypatch.setattr(part_services, "log_event", real)
    part_services.source_add(actor=owner, plan=world.plan, kind="community", notes="Once", submission=token)
    assert Source.objects.filter(plan=world.plan, notes="Once").count() == 1
