"""A create form sent twice (a double click without JavaScript, a browser resend) saves once."""

import re
import uuid

import pytest
from django.urls import reverse

from audit.models import Event
from plans.models import Objective, Plan, Response, Source
from tests.matrix.plans import OBJECTIVE
from tests.plans.test_plan_create import form_data

pytestmark = pytest.mark.django_db

TOKEN = re.compile(r'name="submission" value="([0-9a-f-]{36})"')


def _token(response) -> str:
    return TOKEN.search(response.content.decode()).group(1)


def test_each_drawing_of_a_create_form_carries_a_new_hidden_token(world, client_for):
    browser = client_for(world.users["owner"])
    first, second = (_token(browser.get(reverse("plans:create"))) for _ in range(2))
    assert first != second
    page = browser.get(reverse("plans:source_add", args=[world.plan.pk])).content.decode()
    assert 'type="hidden" name="submission"' in page
    assert '<label class="govuk-label" for="id_submission"' not in page


def test_a_plan_form_sent_twice_opens_one_plan(world, client_for):
    browser = client_for(world.users["owner"])
    data = form_data(
        title="Street drinking on the steps", submission=_token(browser.get(reverse("plans:create")))
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
        token = _token(browser.get(reverse("plans:create")))
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
    data = {**data, "submission": _token(browser.get(url))}
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
