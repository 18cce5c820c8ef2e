"""The demo police teams' tasks (plans.demo_teams): one each, through the services, once."""

import io

from plans import demo_teams
from plans.grants import grant_mismatches
from plans.models import Task
from plans.task_selectors import tasks_of_my_organisation
from tests import factories

from .test_demo_tasks import demo_plan


def _teams(personas):
    return (
        factories.make_police_team(demo_teams.NEIGHBOURHOOD, lead=personas.officer2),
        factories.make_police_team(demo_teams.CCTV, lead=personas.manager),
    )


def test_without_plans_it_skips_gracefully(personas):
    _teams(personas)
    out = io.StringIO()
    demo_teams.load(password="x", stdout=out)
    assert "skipped" in out.getvalue() and not Task.objects.exists()


def test_each_team_gets_its_task_once_and_its_lead_finds_it(personas):
    neighbourhood, cctv = _teams(personas)
    plan = demo_plan(personas.officer)
    demo_teams.load(password="x")
    assert set(Task.objects.values_list("organisation__name", flat=True)) == {neighbourhood.name, cctv.name}
    assert not plan.partner_links.exists()  # teams are never put on the plan
    assert [t.organisation for t in tasks_of_my_organisation(personas.officer2)] == [neighbourhood]
    assert any(task.is_overdue for task in Task.objects.filter(organisation=neighbourhood))
    assert grant_mismatches() == []
    out = io.StringIO()
    demo_teams.load(password="x", stdout=out)
    assert Task.objects.count() == 2 and "already there" in out.getvalue()
