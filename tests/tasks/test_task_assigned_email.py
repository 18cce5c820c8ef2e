"""The assigned organisation's leads are emailed when a task is assigned, only after the commit."""

import datetime

from django.core import mail
from django.db import transaction
from django.utils import timezone

from partners.models import Membership
from plans.task_services import task_create


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
