"""`manage.py send_overdue_reminders`: one digest per organisation, at most once a day per task."""

import datetime
import io

from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from audit.models import Event
from plans.models import Task
from plans.task_services import task_reminders_send
from tests import factories


def _overdue(task, days=3):
    Task.objects.filter(pk=task.pk).update(due_date=timezone.localdate() - datetime.timedelta(days=days))


def _run(capture):
    out = io.StringIO()
    with capture(execute=True):
        call_command("send_overdue_reminders", stdout=out)
    return out.getvalue()


def test_each_organisation_gets_one_digest_of_its_overdue_tasks(
    world, pastors_org, django_capture_on_commit_callbacks
):
    second = factories.make_task(world.plan, pastors_org, title="Second late task")
    _overdue(world.task)
    _overdue(second)
    _overdue(world.other_plan_task)
    output = _run(django_capture_on_commit_callbacks)
    assert "Reminded 2 organisation(s) about 3 overdue task(s)" in output
    by_recipient = {tuple(m.to): m for m in mail.outbox}
    assert set(by_recipient) == {("pastors@example.org",), ("wardens@example.org",)}
    digest = by_recipient[("pastors@example.org",)]
    assert "2 overdue tasks" in digest.subject
    assert world.task.title in digest.body and "Second late task" in digest.body
    assert "POLICE-ONLY" not in digest.body
    assert Task.objects.get(pk=world.task.pk).last_reminded_on == timezone.localdate()


def test_running_twice_the_same_day_sends_nothing_the_second_time(world, django_capture_on_commit_callbacks):
    _overdue(world.task)
    _run(django_capture_on_commit_callbacks)
    assert len(mail.outbox) == 1
    events = Event.objects.filter(action="task.reminders_sent").count()
    output = _run(django_capture_on_commit_callbacks)
    assert len(mail.outbox) == 1
    assert "Reminded 0 organisation(s)" in output
    assert Event.objects.filter(action="task.reminders_sent").count() == events == 1


def test_the_next_day_it_reminds_again(world):
    _overdue(world.task)
    task_reminders_send()
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    assert task_reminders_send(today=tomorrow) == {world.task.organisation_id: [world.task.pk]}


def test_done_cancelled_and_orphaned_tasks_are_not_reminded(world, pastors_org):
    factories.make_task(world.plan, pastors_org, due_in_days=-5, state="done")
    factories.make_task(world.plan, pastors_org, due_in_days=-5, state="cancelled")
    factories.make_task(world.plan, pastors_org, due_in_days=-5, needs_reassignment=True)
    factories.make_task(world.plan, pastors_org, due_in_days=0)  # due today: not overdue yet
    assert task_reminders_send() == {}
