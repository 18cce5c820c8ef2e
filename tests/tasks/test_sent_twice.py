"""A task, comment or evidence form sent twice (no JavaScript, a browser resend) saves once."""

import pytest

from plans.models import Attachment, Comment, Task
from plans.submissions import SENT_TWICE
from tests.factories import form_token

from ._files import GOOD, upload
from .test_task_create import _post

pytestmark = pytest.mark.django_db


def test_a_comment_sent_twice_is_added_once(world, client_for):
    browser = client_for(world.users["partner_on"])
    url = f"/plans/{world.plan.pk}/comments/add/"
    data = {"body": "Pastors out from 22:00", "submission": form_token(browser.get(url))}
    assert browser.post(url, data).status_code == 302
    again = browser.post(url, data, follow=True)
    assert Comment.objects.filter(body="Pastors out from 22:00").count() == 1
    assert SENT_TWICE in again.content.decode()
    assert again.redirect_chain[-1][0].endswith("#comments")


def test_the_plan_pages_inline_comment_form_carries_a_token(world, client_for):
    page = client_for(world.users["partner_on"]).get(f"/plans/{world.plan.pk}/")
    assert form_token(page)


def test_a_task_sent_twice_is_created_once(world, client_for):
    browser = client_for(world.users["owner"])
    url = f"/plans/{world.plan.pk}/tasks/new/"
    data = _post(world, submission=form_token(browser.get(url)))
    assert browser.post(url, data).status_code == 302
    again = browser.post(url, data, follow=True)
    assert Task.objects.filter(title="Check the CCTV covers the rank").count() == 1
    assert SENT_TWICE in again.content.decode()


def test_evidence_sent_twice_is_stored_once_and_the_second_file_is_not_kept(world, client_for, private_media):
    browser = client_for(world.users["partner_on"])
    url = f"/tasks/{world.task.pk}/evidence/"
    token = form_token(browser.get(url))
    name = sorted(GOOD)[0]
    assert browser.post(url, {"evidence": upload(name, GOOD[name]), "submission": token}).status_code == 302
    again = browser.post(url, {"evidence": upload(name, GOOD[name]), "submission": token}, follow=True)
    assert Attachment.objects.count() == 1
    assert SENT_TWICE in again.content.decode()
    stored = [p for p in private_media.rglob("*") if p.is_file()]
    assert len(stored) == 1  # the repeat's file was removed with its rolled-back record


def test_a_second_comment_from_the_plan_page_after_the_first_is_saved(world, client_for):
    """The inline form is a plain POST: the redirect draws the plan page again, with a new token."""
    browser = client_for(world.users["partner_on"])
    page = browser.get(f"/plans/{world.plan.pk}/")
    for body in ("First from the page", "Second from the page"):
        form_url = f"/plans/{world.plan.pk}/comments/add/"
        page = browser.post(form_url, {"body": body, "submission": form_token(page)}, follow=True)
        assert SENT_TWICE not in page.content.decode()
    assert Comment.objects.filter(body__endswith="from the page").count() == 2


def test_another_persons_comment_token_saves_their_comment(world, client_for):
    url = f"/plans/{world.plan.pk}/comments/add/"
    partner, officer = client_for(world.users["partner_on"]), client_for(world.users["owner"])
    token = form_token(partner.get(url))
    partner.post(url, {"body": "The partner's words", "submission": token})
    again = officer.post(url, {"body": "The officer's words", "submission": token}, follow=True)
    assert SENT_TWICE not in again.content.decode()
    assert Comment.objects.filter(body="The officer's words", author=world.users["owner"]).exists()


def test_a_comment_token_sent_with_the_task_form_creates_the_task(world, client_for):
    browser = client_for(world.users["owner"])
    comments = f"/plans/{world.plan.pk}/comments/add/"
    token = form_token(browser.get(comments))
    browser.post(comments, {"body": "Before the task", "submission": token})
    response = browser.post(f"/plans/{world.plan.pk}/tasks/new/", _post(world, submission=token), follow=True)
    assert SENT_TWICE not in response.content.decode()
    assert Task.objects.filter(title="Check the CCTV covers the rank").count() == 1


def test_another_file_sent_with_a_used_token_is_stored(world, client_for, private_media):
    browser = client_for(world.users["partner_on"])
    url = f"/tasks/{world.task.pk}/evidence/"
    token = form_token(browser.get(url))
    first, second = sorted(GOOD)[:2]
    browser.post(url, {"evidence": upload(first, GOOD[first]), "submission": token})
    again = browser.post(url, {"evidence": upload(second, GOOD[second]), "submission": token}, follow=True)
    assert SENT_TWICE not in again.content.decode()
    assert Attachment.objects.count() == 2


def test_a_police_only_comment_sent_twice_is_added_once(world, client_for):
    browser = client_for(world.users["owner"])
    url = f"/plans/{world.plan.pk}/comments/add/"
    data = {
        "body": "Intelligence on the dealer",
        "police_only": "on",
        "submission": form_token(browser.get(url)),
    }
    assert browser.post(url, data).status_code == 302
    again = browser.post(url, data, follow=True)
    assert Comment.objects.filter(body="Intelligence on the dealer", police_only=True).count() == 1
    assert SENT_TWICE in again.content.decode()
