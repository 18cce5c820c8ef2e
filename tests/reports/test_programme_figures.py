"""reports.programme.programme_figures on a hand-made programme whose answers are known."""

import datetime

import pytest

from reports import programme
from tests.reports import programme_story as story


@pytest.fixture
def built(world, police_org, pastors_org, wardens_org, bid_org):
    return story.build(world, police_org, pastors_org, wardens_org, bid_org)


def figures_for(user):
    return programme.programme_figures(user=user, start=story.START, end=story.END)


def totals(t):
    return {name: getattr(t, name) for name in story.EXPECTED["police"]}


def test_a_manager_gets_the_whole_programme(world, built):
    f = figures_for(world.users["manager"])
    police, partners = f.patrols
    assert (police.label, partners.label) == ("Police", "Partners")
    assert totals(police) == story.EXPECTED["police"]
    assert totals(partners) == story.EXPECTED["partners"]
    assert f.since_launch.label == "15 January 2026 to 30 September 2026"
    since = {t.label: (t.patrol_hours, t.person_hours) for t in f.patrols_since_launch}
    assert since == {"Police": (28.0, 39.0), "Partners": (12.3, 29.6)}


def test_a_manager_gets_patrol_change_quarter_on_quarter(world, built):
    police, partners = figures_for(world.users["manager"]).patrol_change
    assert (police.before, police.after, police.percent) == story.EXPECTED["police_change"]
    assert police.before_period.label == "2026/27 Q1 (Apr–Jun 2026)"
    assert police.after_period.label == "2026/27 Q2 (Jul–Sep 2026)"
    assert (partners.before, partners.after, partners.percent) == story.EXPECTED["partners_change"]
    assert partners.judgement == programme.TOO_FEW_HOURS


def test_crime_within_all_hotspots_against_the_same_months_last_year(world, built):
    f = figures_for(world.users["manager"])
    sv, asb = f.serious_violence, f.asb
    assert (sv.before, sv.after, sv.percent) == story.EXPECTED["serious_violence"]
    assert sv.after_period.label == "2026/27 Q2 (July 2026 to September 2026)"
    assert sv.before_period.label == "2025/26 Q2 (July 2025 to September 2025)"
    assert (asb.before, asb.after, asb.percent) == story.EXPECTED["asb"]
    assert asb.judgement == "too few incidents to judge"
    assert f.hotspot_areas == 2


def test_plans_in_operation_are_counted_at_the_end_of_the_period(world, built):
    # The story's open plans started on 15 January 2026 and the closed one closed on 1 August 2026.
    scope = programme.whole_programme()
    today = datetime.date(2026, 11, 25)
    on = {
        end: programme.figures_for_scope(scope, start=datetime.date(2026, 1, 1), end=end, today=today)
        for end in (datetime.date(2026, 1, 14), datetime.date(2026, 6, 30), datetime.date(2026, 9, 30))
    }
    assert {end: (f.plans_in_operation, f.in_operation_on) for end, f in on.items()} == {
        datetime.date(2026, 1, 14): (0, datetime.date(2026, 1, 14)),
        datetime.date(2026, 6, 30): (4, datetime.date(2026, 6, 30)),
        datetime.date(2026, 9, 30): (3, datetime.date(2026, 9, 30)),
    }


def test_plans_and_tasks_as_they_stand_today(world, built):
    f = figures_for(world.users["manager"])
    assert f.plans_total == 4 and f.plans_in_operation == 3 and f.plans_review_overdue == 1
    assert {t.label: t.count for t in f.plans_by_state} == {
        "Scan": 1,
        "Analyse": 1,
        "Respond": 1,
        "Assess": 0,
        "Closed": 1,
        "Withdrawn": 0,
    }
    assert {t.label: t.count for t in f.plans_by_area} == {"Clock Tower": 2, "Gallowtree Gate": 2}
    assert f.tasks_overdue == 3
    assert [(t.label, t.count) for t in f.tasks_overdue_by_organisation] == [
        ("BID Leicester", 1),
        ("City Street Wardens", 1),
        ("Street Pastors", 1),
    ]


def test_a_partner_lead_gets_their_own_organisation_only(world, built):
    f = figures_for(world.users["partner_on"])
    assert f.scope == "organisation" and f.scope_label == "Street Pastors"
    [own] = f.patrols
    assert (own.label, own.visits, own.patrol_hours, own.person_hours) == ("Street Pastors", 4, 6.0, 18.0)
    [change] = f.patrol_change
    assert (change.before, change.after, change.judgement) == (0, 6.0, programme.NOT_DEFINED)
    assert f.plans_total == 1 and [(t.label, t.count) for t in f.tasks_overdue_by_organisation] == [
        ("Street Pastors", 1)
    ]
    # Only the Clock Tower, the one hotspot of a plan Street Pastors are on.
    assert f.hotspot_areas == 1
    assert (f.serious_violence.before, f.serious_violence.after, f.serious_violence.percent) == (
        20,
        18,
        -10.0,
    )


def test_an_officer_gets_their_own_plans(world, built):
    f = figures_for(world.users["owner"])
    assert f.scope == "officer"
    assert f.plans_total == 2  # world.plan and plan3, both at the Clock Tower
    police, partners = f.patrols
    # Patrols in the Clock Tower only: 12 police visits of 75 minutes, 4 pastors' of 90.
    assert (police.visits, police.patrol_hours, partners.visits, partners.patrol_hours) == (12, 15.0, 4, 6.0)
    assert [(t.label, t.count) for t in f.tasks_overdue_by_organisation] == [
        ("BID Leicester", 1),
        ("Street Pastors", 1),
    ]


def test_the_statement_carries_numbers_and_periods(world, built):
    sentences = programme.statement_sentences(figures_for(world.users["manager"]))
    assert sentences[0] == (
        "Police and partners delivered 40.3 hours of extra patrol in hotspots between 15 January 2026 "
        "and 30 September 2026 (28 police, 12.3 partner; 68.6 person-hours)."
    )
    assert sentences[1] == (
        "Violence, robbery and weapons (police.uk: Violence and sexual offences, Robbery, Possession of weapons) within hotspots fell 20.0% compared with the same period last year "
        "(from 25 to 20 incidents, 2026/27 Q2 (July 2026 to September 2026) against 2025/26 Q2 "
        "(July 2025 to September 2025)). police.uk cannot separate serious violence: this family "
        "counts every incident in its categories, serious or not."
    )
    assert "%" not in sentences[2] and "too few incidents to judge" in sentences[2]
    assert sentences[3] == (
        "Police patrol-hours in hotspots rose 60.0% from 2026/27 Q1 (Apr–Jun 2026) to 2026/27 Q2 "
        "(Jul–Sep 2026) (from 10 to 16 hours)."
    )
    assert "too few hours to judge" in sentences[4] and "%" not in sentences[4]
    # Counted on the period's last day, not today.
    assert sentences[-1] == "3 problem-solving plans were in operation on 30 September 2026."


def test_the_statement_speaks_for_the_reader_scope(world, built):
    officer = programme.statement_sentences(figures_for(world.users["owner"]))
    assert officer[0].startswith(
        "Police and partners delivered 33 hours of extra patrol in the hotspots of these plans"
    )
    partner = programme.statement_sentences(figures_for(world.users["partner_on"]))
    assert partner[0].startswith("Street Pastors delivered 6 hours of patrol in hotspots between ")
    assert "not defined" in partner[-2] and "%" not in partner[-2]


def test_no_percentage_on_a_small_or_empty_base():
    assert programme.percent_change(9, 20, min_base=10) == (None, programme.TOO_FEW)
    assert programme.percent_change(0, 20, min_base=10) == (None, programme.NOT_DEFINED)
    assert programme.percent_change(10, 9, min_base=10) == (-10.0, "")
    assert programme.percent_change(250, 229, min_base=10) == (-8.4, "")


def test_tasks_on_closed_or_withdrawn_plans_are_not_overdue_work(
    world, built, pastors_org, wardens_org, django_capture_on_commit_callbacks
):
    from plans.models import Stage, TaskState
    from plans.reminder_services import task_reminders_send
    from tests import factories

    # A blocked task may stay on a plan that goes on to Assess and closes; a withdrawn plan's
    # tasks stay as they were. Neither can change any more, and neither is reminded.
    factories.make_task(built["plan4"], wardens_org, due_in_days=-4, state=TaskState.BLOCKED)
    withdrawn = factories.make_plan(
        owner=world.users["owner"], partners=[pastors_org], area=world.area, state=Stage.WITHDRAWN
    )
    factories.make_task(withdrawn, pastors_org, due_in_days=-6)
    manager, partner = figures_for(world.users["manager"]), figures_for(world.users["partner_on"])
    by_organisation = [(t.label, t.count) for t in manager.tasks_overdue_by_organisation]
    assert manager.tasks_overdue == 3
    assert by_organisation == [("BID Leicester", 1), ("City Street Wardens", 1), ("Street Pastors", 1)]
    assert [(t.label, t.count) for t in partner.tasks_overdue_by_organisation] == [("Street Pastors", 1)]
    # The overdue reminders count the same tasks.
    with django_capture_on_commit_callbacks():
        reminded = task_reminders_send()
    names = {o.pk: o.name for o in (pastors_org, wardens_org, world.other_org_task.organisation)}
    assert sorted((names[org], len(ids)) for org, ids in reminded.sent.items()) == by_organisation


def test_an_overdue_task_whose_organisation_left_the_plan_is_counted_apart(
    world, built, pastors_org, django_capture_on_commit_callbacks
):
    from plans.models import Task
    from plans.reminder_services import task_reminders_send
    from reports.programme.computing import AWAITING_REASSIGNMENT
    from tests import factories

    before = {t.label: t.count for t in figures_for(world.users["manager"]).tasks_overdue_by_organisation}
    orphan = factories.make_task(world.plan, pastors_org, due_in_days=-2)
    Task.objects.filter(pk=orphan.pk).update(needs_reassignment=True)  # as plan_partner_remove leaves it
    manager = figures_for(world.users["manager"])
    after = {t.label: t.count for t in manager.tasks_overdue_by_organisation}
    assert after == {**before, AWAITING_REASSIGNMENT: 1}  # not against Street Pastors
    assert manager.tasks_overdue_by_organisation[-1].label == AWAITING_REASSIGNMENT
    with django_capture_on_commit_callbacks():
        reminded = task_reminders_send()
    assert orphan.pk not in {pk for ids in reminded.sent.values() for pk in ids}


def test_the_headline_total_is_worked_out_from_the_exact_minutes(world, built, police_org):
    from hotspots.models import PatrolLog

    # Each group's minutes made a whole tenth of an hour and a half (x.x5 hours), so each rounds
    # up; together they are a whole number of tenths, which adding the rounded hours overshoots.
    first = figures_for(world.users["manager"])
    counted = PatrolLog.objects.filter(date__gte=first.since_launch.start, date__lte=first.since_launch.end)
    for patrols, group in (
        (counted.filter(organisation=police_org), first.patrols_since_launch[0]),
        (counted.exclude(organisation=police_org), first.patrols_since_launch[1]),
    ):
        patrol = patrols.order_by("pk").first()
        PatrolLog.objects.filter(pk=patrol.pk).update(minutes=patrol.minutes + (3 - group.minutes) % 6)
    f = figures_for(world.users["manager"])
    police, partners = f.patrols_since_launch
    assert police.minutes % 6 == partners.minutes % 6 == 3
    exact = (police.minutes + partners.minutes) / 60
    assert round(police.patrol_hours + partners.patrol_hours, 1) == round(exact + 0.1, 1)  # the overshoot
    sentence = programme.statement_sentences(f)[0]
    total = f"{exact:.1f}".removesuffix(".0")
    assert sentence.startswith(f"Police and partners delivered {total} hours of extra patrol in hotspots")
