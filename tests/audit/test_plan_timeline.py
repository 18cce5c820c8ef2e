"""A plan's timeline: newest first, one query, and nothing police-only for a partner lead."""

import pytest
from django.template.loader import render_to_string

from audit.services import log_event
from plans.timeline import plan_history, plan_timeline
from tests.audit.chain import log_plan_history

pytestmark = pytest.mark.django_db


def history_html(plan, user) -> str:
    """The history as the plan page shows it (plans.timeline.plan_history)."""
    return render_to_string("audit/_timeline.html", plan_history(plan=plan, user=user))


@pytest.fixture
def history(world):
    log_plan_history(world, victim_details="POLICE-ONLY-VALUE victim aged 17")
    owner = world.users["owner"]
    # A service that wrongly put a police-only field in a shared event: still hidden from partners.
    log_event(
        action="plan.update",
        actor=owner,
        target=world.plan,
        plan=world.plan,
        changes={"title": ["Old", "Night-time disorder"], "police_notes": ["", "POLICE-ONLY-NOTE"]},
    )
    log_event(action="plan.view", actor=owner, target=world.other_plan, plan=world.other_plan)
    return world


def test_police_see_every_event_about_the_plan_newest_first(history):
    events = plan_timeline(plan=history.plan, user=history.users["owner"])
    assert [e.action for e in events] == ["plan.update", "plan.update", "plan.transition"]
    assert all(e.plan_id == history.plan.pk for e in events)


def test_a_partner_lead_gets_no_police_only_events_or_values(history):
    events = plan_timeline(plan=history.plan, user=history.users["partner_on"])
    assert [e.action for e in events] == ["plan.update", "plan.transition"]
    assert all(not e.police_only for e in events)
    html = history_html(history.plan, history.users["partner_on"])
    assert "POLICE-ONLY" not in html
    assert "Night-time disorder" in html


def test_the_timeline_reads_who_what_and_old_to_new(history):
    html = history_html(history.plan, history.users["manager"])
    assert "Moved the plan to another stage" in html
    assert "Priya Shah, Leicestershire Police" in html  # a person by name, not by username
    assert "Analyse" in html and "Respond" in html and "changed to" in html
    assert "analyse" not in html  # the stage by its label, not its code
    assert "Analysis complete" in html
    assert "POLICE-ONLY-VALUE victim aged 17" in html
    assert "Police only" in html


def test_the_limit_is_kept(history):
    assert len(plan_timeline(plan=history.plan, user=history.users["owner"], limit=2)) == 2


def test_an_empty_timeline_says_so(world):
    html = history_html(world.other_plan, world.users["owner"])
    assert "Nothing has been recorded about this plan yet." in html


@pytest.mark.parametrize("persona", ["owner", "partner_on"])
def test_the_timeline_is_two_queries_however_long(history, persona, django_assert_num_queries):
    from tests.audit.chain import extend_chain

    user = history.users[persona]
    # The events, and the names of the people they name.
    with django_assert_num_queries(2):
        plan_timeline(plan=history.plan, user=user)
    extend_chain(200, plan=history.plan, police_only_every=3)
    with django_assert_num_queries(2):
        events = plan_timeline(plan=history.plan, user=user)
    assert len(events) == 50
    if persona == "partner_on":
        assert all(not e.police_only for e in events)
    else:
        assert any(e.police_only for e in events)


def test_a_patrol_logged_against_the_plan_is_read_by_police_and_its_own_organisation_only(world, personas):
    import datetime

    from hotspots import patrol_services as patrols

    def log(actor, note):
        return patrols.patrol_log(
            actor=actor,
            area=world.area,
            plan=world.plan,
            date=datetime.date(2019, 1, 18),
            start_time=datetime.time(22, 30),
            minutes=15,
            staff_count=2,
            kind="foot",
            note=note,
        )

    police = log(world.users["owner"], "POLICE-PATROL-NOTE stopped a named man")
    pastors = log(world.users["partner_on"], "PASTORS-PATROL-NOTE walked a woman home")

    def patrol_notes(user):
        html = history_html(world.plan, user)
        return {marker for marker in ("POLICE-PATROL-NOTE", "PASTORS-PATROL-NOTE") if marker in html}

    assert patrol_notes(world.users["owner"]) == {"POLICE-PATROL-NOTE", "PASTORS-PATROL-NOTE"}
    assert patrol_notes(world.users["partner_on"]) == {"PASTORS-PATROL-NOTE"}
    assert patrol_notes(personas.bid) == set()  # BID is on the plan too
    assert police.plan_id == pastors.plan_id == world.plan.pk
