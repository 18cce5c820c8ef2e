"""Error pages: each says what happened in the service's own look, and reveals nothing.

Django draws 400, 403 and 404 with the request (navigation, user bar, protective marking);
500 and a refused form token without it, so those two must render from a bare context.
"""

import logging
import re

import pytest
from django.conf import settings
from django.test import Client, RequestFactory
from django.urls import include, path, reverse
from django.views import defaults

pytestmark = pytest.mark.django_db


def _fault(request):
    raise RuntimeError("a fault in the service")


# Used by the test of a fault through the whole stack (pytest.mark.urls names this module).
urlpatterns = [path("fault/", _fault), path("", include("config.urls"))]
handler500 = "config.views.server_error"


def test_a_refusal_says_why_and_that_nothing_changed(world, client_for):
    task = world.other_org_task  # BID's task on a plan Street Pastors are on
    response = client_for(world.users["partner_on"]).post(
        reverse("tasks:complete", kwargs={"pk": task.pk}), {"note": "Done by us"}
    )
    assert response.status_code == 403
    html = response.content.decode()
    assert "You cannot do that" in html
    assert "Only the organisation the task is assigned to" in html
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


@pytest.mark.urls("tests.test_error_pages")
def test_a_fault_gives_a_reference_that_its_log_line_carries(caplog):
    client = Client(raise_request_exception=False)
    with caplog.at_level(logging.ERROR, logger="django.request"):
        response = client.get("/fault/", headers={"X-Request-ID": "trace-4711"})
    assert response.status_code == 500
    assert response["X-Request-ID"] == "trace-4711"
    html = response.content.decode()
    assert "Sorry, there is a problem with the service" in html
    assert "this reference, so they can find it in the logs: <strong>trace-4711</strong>" in html
    assert "a fault in the service" not in html  # the fault itself stays in the log
    (record,) = [r for r in caplog.records if r.name == "django.request"]
    # The configured console handler's filter put the request's id on the record, and the
    # configured format prints it with the time, level and logger.
    assert record.request_id == "trace-4711"
    configured = settings.LOGGING["formatters"]["line"]
    line = logging.Formatter(configured["format"], configured["datefmt"]).format(record)
    # The time with its UTC offset (+0000 in GMT, +0100 in BST).
    assert re.match(
        r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d[+-]\d{4} ERROR django.request \[request trace-4711\] ", line
    )
    assert "RuntimeError: a fault in the service" in caplog.text


def test_a_refused_form_token_explains_what_to_do(officer):
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("login"), {"username": "officer", "password": "x"})
    assert response.status_code == 403
    html = response.content.decode()
    assert "Your form could not be sent" in html
    assert "Nothing was changed." in html
