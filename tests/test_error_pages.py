"""Error pages: each says what happened in the service's own look, and reveals nothing.

Django draws 400, 403 and 404 with the request (navigation, user bar, protective marking);
500 and a refused form token without it, so those two must render from a bare context.
"""

import re

import pytest
from django.test import Client, RequestFactory
from django.urls import reverse
from django.views import defaults

pytestmark = pytest.mark.django_db


def test_a_refusal_says_why_and_that_nothing_changed(world, client_for):
    task = world.other_org_task  # BID's task on a plan Street Pastors are on
    response = client_for(world.users["partner_on"]).post(
        reverse("tasks:complete", kwargs={"pk": task.pk}), {"note": "Done by us"}
    )
    assert response.status_code == 403
    html = response.content.decode()
    assert "You cannot do that" in html
    assert "You may not complete this task" in html
    assert "Nothing was changed." in html
    assert "OFFICIAL-SENSITIVE" in html and "Sign out" in html  # the service's own page
    task.refresh_from_db()
    assert task.state != "done"


def test_a_missing_or_hidden_plan_reads_the_same(world, client_for):
    client = client_for(world.users["partner_off"])
    hidden = client.get(reverse("plans:detail", kwargs={"pk": world.plan.pk}))
    missing = client.get(reverse("plans:detail", kwargs={"pk": 999_999}))
    assert hidden.status_code == missing.status_code == 404
    assert "Page not found" in hidden.content.decode()
    assert world.plan.title not in hidden.content.decode()
    # Nothing in the page tells the two apart (but the sign-out form's token and the script's
    # nonce, both new in every response).
    token = re.compile(rb'name="csrfmiddlewaretoken" value="[^"]*"|nonce="[^"]*"')
    assert token.sub(b"", hidden.content) == token.sub(b"", missing.content)


def test_a_bad_request_has_its_page():
    request = RequestFactory().get("/")
    response = defaults.bad_request(request, Exception("no"))
    assert response.status_code == 400
    assert "There is a problem with that request" in response.content.decode()


def test_a_server_error_renders_without_the_request_context():
    response = defaults.server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    html = response.content.decode()
    assert "Sorry, there is a problem with the service" in html
    assert 'lang="en-GB"' in html and "css/app.css" in html


def test_a_refused_form_token_explains_what_to_do(officer):
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("login"), {"username": "officer", "password": "x"})
    assert response.status_code == 403
    html = response.content.decode()
    assert "Your form could not be sent" in html
    assert "Nothing was changed." in html
