"""The assigned organisation's leads are emailed when a task is assigned, only after the commit."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.db import transaction
from django.utils import timezone

from audit.models import Event
from partners.models import Membership
from plans.models import Task
from plans.task_services import task_create, task_reassign

from .test_task_create import _post


def _create(world, organisation):
    return task_create(
        actor=world.users["owner"],
        plan=world.plan,
        title="Check the lighting",
        description="Around the rank",
        organisation=organisation,
        due_date=timezone.localdate() + datetime.timedelta(days=5),
    )


def test_only_leads_are_emailed(world, pastors_org, django_capture_on_commit_callbacks):
    from partners.roles import Role
    from tests.conftest import _user

    _user("volunteer", Role.PARTNER_LEAD, pastors_org, Membership.Role.MEMBER)
    with django_capture_on_commit_callbacks(execute=True):
        task = _create(world, pastors_org)
    assert [m.to for m in mail.outbox] == [["pastors@example.org"]]
    assert f"/tasks/{task.pk}/" in mail.outbox[0].body
    assert world.plan.reference in mail.outbox[0].body


def test_no_email_when_the_transaction_rolls_back(world, pastors_org, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        try:
            with transaction.atomic():
                _create(world, pastors_org)
                raise RuntimeError("later step failed")
        except RuntimeError:
            pass
    assert mail.outbox == []


# When the email cannot be sent: the task stands, the request does not fail ------------


def test_a_refused_email_is_logged_and_the_created_task_stands(
    world, pastors_org, refuse_mail_to, django_capture_on_commit_callbacks, caplog
):
    refuse_mail_to("pastors@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        task = _create(world, pastors_org)
    assert task.notification == "failed"
    assert Task.objects.filter(pk=task.pk).exists()
    assert Event.objects.filter(action="task.assign", target_id=str(task.pk)).exists()
    assert mail.outbox == []
    [record] = [r for r in caplog.records if r.name == "plans.task_services"]
    assert record.levelname == "WARNING"
    assert f"task {task.pk}" in record.getMessage()
    assert "pastors@example.org" not in caplog.text  # the server's answer quotes it


def test_a_refused_email_is_logged_and_the_reassignment_stands(
    world, bid_org, refuse_mail_to, django_capture_on_commit_callbacks, caplog
):
    refuse_mail_to("bid@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        task = task_reassign(actor=world.users["owner"], task=world.task, organisation=bid_org)
    assert task.notification == "failed"
    assert Task.objects.get(pk=world.task.pk).organisation_id == bid_org.pk
    assert f"task {world.task.pk}" in caplog.text and "bid@example.org" not in caplog.text


def test_a_lead_without_an_email_address_is_not_said_to_be_emailed(
    world, pastors_org, django_capture_on_commit_callbacks
):
    get_user_model().objects.filter(username="pastors").update(email="")
    with django_capture_on_commit_callbacks(execute=True):
        task = _create(world, pastors_org)
    assert task.notification == "no recipients"


# The pages: the callbacks run when the service's transaction commits, as in production.


@pytest.mark.django_db(transaction=True)
def test_the_create_page_succeeds_and_says_so_when_the_mail_server_is_down(
    world, mail_server_down, client_for, caplog
):
    before = Task.objects.count()
    response = client_for(world.users["owner"]).post(
        f"/plans/{world.plan.pk}/tasks/new/", _post(world), follow=True
    )
    assert response.status_code == 200
    assert response.redirect_chain[0][1] == 302
    assert Task.objects.count() == before + 1
    body = response.content.decode()
    assert "Task assigned to Street Pastors, but the email to its leads could not be sent" in body
    task = Task.objects.latest("pk")
    assert f"Could not email the leads about task {task.pk}: ConnectionRefusedError" in caplog.text


@pytest.mark.django_db(transaction=True)
def test_the_reassign_page_succeeds_and_says_so_when_the_mail_server_is_down(
    world, bid_org, mail_server_down, client_for
):
    response = client_for(world.users["owner"]).post(
        f"/tasks/{world.task.pk}/reassign/", {"organisation": bid_org.pk}, follow=True
    )
    assert response.status_code == 200
    assert Task.objects.get(pk=world.task.pk).organisation_id == bid_org.pk
    assert (
        "now assigned to BID Leicester, but the email to its leads could not be sent"
        in response.content.decode()
    )


@pytest.mark.django_db(transaction=True)
def test_the_create_page_says_the_leads_were_emailed_when_they_were(world, client_for):
    response = client_for(world.users["owner"]).post(
        f"/plans/{world.plan.pk}/tasks/new/", _post(world), follow=True
    )
    assert "Task assigned to Street Pastors. Its leads have been emailed" in response.content.decode()
    assert [m.to for m in mail.outbox] == [["pastors@example.org"]]
