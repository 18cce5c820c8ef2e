"""Tasks for police teams: a team (Organisation.Kind.POLICE_TEAM, its members officers) takes a
task on any plan without being put on it as a partner, and has everything a partner's task has.

In these tests officer2 (Tom) is in the CCTV Control Room team; officer (Priya) owns world.plan,
with Street Pastors and BID on it.
"""

import datetime
import io

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import timezone

from audit.models import Event
from audit.presentation import describe
from partners.models import Organisation
from partners.permissions import may
from partners.refusals import Refused
from plans import partner_services, task_services
from plans.grants import grant_mismatches
from plans.models import Task, TaskGroupObjectPermission
from plans.reminder_services import task_reminders_send
from plans.task_selectors import organisations_addable, tasks_of_my_organisation
from reports.views_home import manager_figures
from tests import factories

from ._files import upload


@pytest.fixture
def team(world):
    return factories.make_police_team(members=[world.users["officer2"]])


def _assign(world, team, **fields):
    return task_services.task_create(
        actor=world.users["owner"],
        plan=world.plan,
        title=fields.pop("title", "Watch the rank on camera"),
        description="Friday and Saturday, 23:00 to 03:00",
        organisation=team,
        due_date=fields.pop("due_date", timezone.localdate() + datetime.timedelta(days=7)),
        **fields,
    )


def _fresh(user):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.get(pk=user.pk)


# Assignment --------------------------------------------------------------------------------------


def test_a_task_goes_to_a_team_not_on_the_plan_and_only_its_group_gets_the_right(world, team):
    assert team.is_police and team.is_police_team
    task = _assign(world, team, assignee=world.users["officer2"])
    assert not world.plan.partner_links.filter(organisation=team).exists()
    groups = set(
        TaskGroupObjectPermission.objects.filter(content_object_id=task.pk).values_list("group_id", flat=True)
    )
    assert groups == {team.group_id}
    event = Event.objects.filter(action="task.assign", target_id=str(task.pk)).get()
    assert event.changes["organisation"] == [None, "CCTV Control Room"]
    [words] = describe([event])
    assert any(change.new == "CCTV Control Room" for change in words.words.changes)
    assert grant_mismatches() == []


def test_the_task_form_offers_teams_with_the_plans_partners(world, team, client_for):
    response = client_for(world.users["owner"]).get(f"/plans/{world.plan.pk}/tasks/new/")
    choices = list(response.context["form"].fields["organisation"].queryset.values_list("name", flat=True))
    assert choices == ["BID Leicester", "CCTV Control Room", "Street Pastors"]
    assert "or a police team" in response.content.decode()


def test_a_team_is_never_put_on_a_plan_as_a_partner(world, team):
    assert team not in organisations_addable(world.plan)
    with pytest.raises(ValidationError):
        partner_services.plan_partner_add(actor=world.users["owner"], plan=world.plan, organisation=team)
    assert not world.plan.partner_links.filter(organisation=team).exists()


def test_an_inactive_team_takes_no_task_and_the_assignee_must_be_in_the_team(world, team):
    with pytest.raises(ValidationError) as refused:
        _assign(world, team, assignee=world.users["owner"])
    assert "is not in CCTV Control Room" in str(refused.value)
    Organisation.objects.filter(pk=team.pk).update(is_active=False)
    team.refresh_from_db()
    with pytest.raises(ValidationError) as refused:
        _assign(world, team)
    assert "no longer active" in str(refused.value)
    assert not Task.objects.filter(organisation=team).exists()


def test_reassigning_from_a_partner_to_a_team_moves_the_right(world, team, pastors_org):
    task_services.task_reassign(actor=world.users["owner"], task=world.task, organisation=team)
    holders = set(
        TaskGroupObjectPermission.objects.filter(content_object_id=world.task.pk).values_list(
            "group_id", flat=True
        )
    )
    assert holders == {team.group_id}
    assert not may(_fresh(world.users["partner_on"]), "plans.update_task", world.task)
    assert may(_fresh(world.users["officer2"]), "plans.update_task", Task.objects.get(pk=world.task.pk))
    assert grant_mismatches() == []


# The team member's "Our tasks" and actions -------------------------------------------------------


def test_a_team_member_finds_the_teams_tasks_on_our_tasks_and_home(world, team, client_for):
    task = _assign(world, team, due_date=timezone.localdate() - datetime.timedelta(days=2))
    member = world.users["officer2"]
    assert list(tasks_of_my_organisation(_fresh(member))) == [task]
    client = client_for(member)
    page = client.get("/tasks/")
    body = page.content.decode()
    assert [row["task"].title for row in page.context["rows"]] == [task.title]
    assert "CCTV Control Room" in body and "To do (1, 1 overdue)" in body
    assert 'href="/tasks/"' in body  # "Our tasks" in the navigation
    home = client.get("/").content.decode()
    assert "CCTV Control Room: tasks overdue (1)" in home and task.title in home
    # An officer in no team has no "Our tasks" link, as before.
    assert 'href="/tasks/"' not in client_for(world.users["owner"]).get("/plans/").content.decode()


def test_a_team_member_starts_blocks_completes_and_reopens(world, team, private_media):
    member = _fresh(world.users["officer2"])
    task = _assign(world, team)
    task = task_services.task_start(actor=member, task=task)
    task = task_services.task_block(actor=member, task=task, reason="Camera 4 is down")
    task = task_services.task_resume(actor=member, task=task)
    evidence = upload("camera-log.pdf", factories.PDF_BYTES)
    task = task_services.task_complete(actor=member, task=task, note="Watched both nights", evidence=evidence)
    assert task.state == "done"
    assert task.attachments.get().organisation == team  # the team's file, as a partner's is its own
    from plans.task_fix_services import task_reopen

    task = task_reopen(actor=member, task=task, reason="Marked done by mistake")
    assert task.state == "in_progress"
    actions = list(
        Event.objects.filter(target_id=str(task.pk)).order_by("sequence").values_list("action", flat=True)
    )
    assert actions[-5:] == ["task.start", "task.block", "task.resume", "task.complete", "task.reopen"]


# Permissions ---------------------------------------------------------------------------------------


def test_a_partner_lead_cannot_act_on_a_team_task_and_the_refusal_is_recorded(world, team):
    task = _assign(world, team)
    lead = _fresh(world.users["partner_on"])
    assert not may(lead, "plans.update_task", task)
    with pytest.raises(Refused):
        task_services.task_start(actor=lead, task=task)
    assert Event.objects.filter(action="task.start.refused", actor=lead).exists()
    assert Task.objects.get(pk=task.pk).state == "open"


def test_an_officer_outside_the_team_who_does_not_own_the_plan_cannot_act(world, team, police_org):
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    other = get_user_model().objects.create_user("pc-lee", email="lee@example.org")
    other.groups.add(Group.objects.get(name="officer"))
    task = _assign(world, team)
    assert not may(other, "plans.update_task", task)
    Task.objects.filter(pk=task.pk).update(state="done", completion_note="Done")
    task.refresh_from_db()
    assert not may(other, "plans.reopen_task", task)
    assert not may(_fresh(world.users["owner"]), "plans.reopen_task", task)  # the team's own correction
    assert may(_fresh(world.users["officer2"]), "plans.reopen_task", task)


def test_a_team_member_sees_police_only_fields_as_an_officer_does(world, team, client_for):
    _assign(world, team)
    body = client_for(world.users["officer2"]).get(f"/plans/{world.plan.pk}/").content.decode()
    assert "POLICE-ONLY-VICTIM" in body and "POLICE-ONLY-COMMENT" in body


def test_partners_see_the_teams_name_on_the_plan_but_nothing_police_only(world, team, client_for):
    task = _assign(world, team)
    client = client_for(world.users["partner_on"])
    plan_page = client.get(f"/plans/{world.plan.pk}/").content.decode()
    task_page = client.get(f"/tasks/{task.pk}/").content.decode()
    for body in (plan_page, task_page):
        assert "CCTV Control Room" in body
        assert "POLICE-ONLY" not in body
    # Nor may they read the team's evidence.
    attachment = factories.make_attachment(task, world.users["officer2"])
    assert client.get(f"/attachments/{attachment.pk}/").status_code == 404


# Reminders, the manager's figures and the grants check ---------------------------------------------------


def test_overdue_team_tasks_are_emailed_to_the_teams_lead(world, police_org):
    team = factories.make_police_team(members=[world.users["officer2"]], lead=world.users["manager"])
    task = _assign(world, team)
    Task.objects.filter(pk=task.pk).update(due_date=timezone.localdate() - datetime.timedelta(days=3))
    result = task_reminders_send()
    assert result.sent == {team.pk: [task.pk]}
    [digest] = mail.outbox
    assert digest.to == ["manager@example.org"]
    assert "CCTV Control Room: 1 overdue task" in digest.subject and task.title in digest.body


def test_the_managers_overdue_by_organisation_counts_teams(world, team):
    task = _assign(world, team)
    Task.objects.filter(pk=task.pk).update(due_date=timezone.localdate() - datetime.timedelta(days=1))
    rows = manager_figures(world.users["manager"], timezone.localdate())["tasks_overdue_by_organisation"].rows
    assert ("CCTV Control Room", 1) in [(t.label, t.count) for t in rows]


def test_check_grants_is_consistent_with_team_tasks_and_finds_a_missing_grant(world, team):
    task = _assign(world, team)
    out = io.StringIO()
    call_command("check_grants", stdout=out)
    assert "Grants match" in out.getvalue()
    TaskGroupObjectPermission.objects.filter(content_object_id=task.pk).delete()
    [mismatch] = grant_mismatches()
    assert mismatch.task_id == task.pk and "CCTV Control Room" in mismatch.problem


def test_the_organisation_kind_reads_as_police_team_in_words(world, admin_user):
    from partners import services

    services.organisation_create(actor=admin_user, name="Licensing Team", kind=Organisation.Kind.POLICE_TEAM)
    [event] = describe(Event.objects.filter(action="organisation.create"))
    assert any(change.new == "Police team" for change in event.words.changes)
