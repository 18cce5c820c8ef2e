"""`manage.py send_overdue_reminders`: one digest per organisation, at most once a day per task.

A task is marked reminded only once its organisation's digest has gone: a digest the mail
server refuses, or that nobody would receive, leaves its tasks for the next run.
"""

import datetime
import io

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.management import CommandError, call_command
from django.utils import timezone

from audit.models import Event
from plans.models import Task
from plans.reminder_services import task_reminders_send
from tests import factories

from . import _mail


def _overdue(task, days=3):
    Task.objects.filter(pk=task.pk).update(due_date=timezone.localdate() - datetime.timedelta(days=days))


def _run():
    out = io.StringIO()
    call_command("send_overdue_reminders", stdout=out)
    return out.getvalue()


def test_each_organisation_gets_one_digest_of_its_overdue_tasks(world, pastors_org):
    second = factories.make_task(world.plan, pastors_org, title="Second late task")
    _overdue(world.task)
    _overdue(second)
    _overdue(world.other_plan_task)
    output = _run()
    assert "Reminded 2 organisation(s) about 3 overdue task(s)" in output
    by_recipient = {tuple(m.to): m for m in mail.outbox}
    assert set(by_recipient) == {("pastors@example.org",), ("wardens@example.org",)}
    digest = by_recipient[("pastors@example.org",)]
    assert "2 overdue tasks" in digest.subject
    assert world.task.title in digest.body and "Second late task" in digest.body
    assert "POLICE-ONLY" not in digest.body
    assert Task.objects.get(pk=world.task.pk).last_reminded_on == timezone.localdate()


def test_running_twice_the_same_day_sends_nothing_the_second_time(world):
    _overdue(world.task)
    _run()
    assert len(mail.outbox) == 1
    events = Event.objects.filter(action="task.reminders_sent").count()
    output = _run()
    assert len(mail.outbox) == 1
    assert "Reminded 0 organisation(s)" in output
    assert Event.objects.filter(action="task.reminders_sent").count() == events == 1


def test_the_next_day_it_reminds_again(world):
    _overdue(world.task)
    task_reminders_send()
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    assert task_reminders_send(today=tomorrow).sent == {world.task.organisation_id: [world.task.pk]}


def test_done_cancelled_and_orphaned_tasks_are_not_reminded(world, pastors_org):
    factories.make_task(world.plan, pastors_org, due_in_days=-5, state="done")
    factories.make_task(world.plan, pastors_org, due_in_days=-5, state="cancelled")
    factories.make_task(world.plan, pastors_org, due_in_days=-5, needs_reassignment=True)
    factories.make_task(world.plan, pastors_org, due_in_days=0)  # due today: not overdue yet
    result = task_reminders_send()
    assert result.sent == {} and result.failed == []


def _run_failing():
    """The command when some digest fails: (stdout, stderr, the CommandError)."""
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(CommandError) as info:
        call_command("send_overdue_reminders", stdout=out, stderr=err)
    return out.getvalue(), err.getvalue(), info.value


def _all_three_overdue(world):
    for task in (world.task, world.other_org_task, world.other_plan_task):
        _overdue(task)
    return {world.task.pk, world.other_org_task.pk, world.other_plan_task.pk}


def _reminded(*tasks):
    return {
        t.pk for t in Task.objects.filter(pk__in=[t.pk for t in tasks], last_reminded_on=timezone.localdate())
    }


def test_when_the_mail_server_is_down_nothing_is_marked_and_the_next_run_reminds_everyone(
    world, mail_server_down, settings
):
    every = _all_three_overdue(world)
    out, err, error = _run_failing()
    assert error.returncode == 1
    lines = err.strip().splitlines()
    assert len(lines) == 3 and "Traceback" not in err
    assert (
        "Not reminded: Street Pastors (1 overdue task(s)): ConnectionRefusedError: Connection refused"
        in lines
    )
    assert "Reminded 0 organisation(s) about 0 overdue task(s)." in out
    assert not Task.objects.filter(pk__in=every, last_reminded_on__isnull=False).exists()
    assert not Event.objects.filter(action="task.reminders_sent").exists()

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    out = io.StringIO()
    call_command("send_overdue_reminders", stdout=out)
    assert "Reminded 3 organisation(s) about 3 overdue task(s)." in out.getvalue()
    assert len(mail.outbox) == 3
    assert (
        set(Task.objects.filter(last_reminded_on=timezone.localdate()).values_list("pk", flat=True)) == every
    )


def test_one_organisation_refused_does_not_stop_the_others_and_is_not_marked(world, refuse_mail_to):
    # City Street Wardens comes between the other two by id and by name: those after it went too.
    refuse_mail_to("wardens@example.org")
    _all_three_overdue(world)
    out, err, error = _run_failing()
    assert err.strip().splitlines() == [
        "Not reminded: City Street Wardens (1 overdue task(s)): SMTPDataError: the mail server answered 550"
    ]
    assert "wardens@example.org" not in err
    assert "Reminded 2 organisation(s) about 2 overdue task(s)." in out
    assert sorted(m.to[0] for m in mail.outbox) == ["bid@example.org", "pastors@example.org"]
    assert _reminded(world.task, world.other_org_task, world.other_plan_task) == {
        world.task.pk,
        world.other_org_task.pk,
    }
    # The events name only what was sent: one per digest.
    events = Event.objects.filter(action="task.reminders_sent")
    assert sorted(t for e in events for t in e.changes["tasks"][1]) == sorted(
        [world.task.pk, world.other_org_task.pk]
    )
    assert sorted(o for e in events for o in e.changes["organisations"][1]) == [
        "BID Leicester",
        "Street Pastors",
    ]


def test_a_refused_digest_is_sent_by_the_next_run(world, refuse_mail_to):
    refuse_mail_to("wardens@example.org")
    _overdue(world.other_plan_task)
    failed = task_reminders_send().failed
    assert [(f.organisation, f.task_ids) for f in failed] == [
        ("City Street Wardens", [world.other_plan_task.pk])
    ]
    assert _reminded(world.other_plan_task) == set()

    _mail.REFUSED.clear()
    result = task_reminders_send()
    assert result.sent == {world.other_plan_task.organisation_id: [world.other_plan_task.pk]}
    assert result.failed == []
    assert [m.to for m in mail.outbox] == [["wardens@example.org"]]
    assert _reminded(world.other_plan_task) == {world.other_plan_task.pk}


def test_an_organisation_whose_leads_have_no_email_address_is_reported_not_marked(world):
    get_user_model().objects.filter(username="pastors").update(email="")
    _overdue(world.task)
    _overdue(world.other_plan_task)
    out, err, error = _run_failing()
    assert err.strip().splitlines() == [
        "Not reminded: Street Pastors (1 overdue task(s)): no partner lead with an email address"
    ]
    assert error.returncode == 1
    assert "Reminded 1 organisation(s) about 1 overdue task(s)." in out
    assert [m.to for m in mail.outbox] == [["wardens@example.org"]]
    assert _reminded(world.task, world.other_plan_task) == {world.other_plan_task.pk}
    event = Event.objects.get(action="task.reminders_sent")
    assert event.changes["tasks"] == [None, [world.other_plan_task.pk]]
    assert event.changes["organisations"] == [None, ["City Street Wardens"]]


def test_a_mail_server_that_does_not_answer_fails_in_seconds(settings):
    # The overdue run holds its lock on an organisation's tasks while the digest goes: a silent
    # server must fail the send, not hold the lock for as long as the connection stays open.
    from django.core.mail import get_connection

    connection = get_connection("django.core.mail.backends.smtp.EmailBackend")
    assert connection.timeout == settings.EMAIL_TIMEOUT == 10
