"""The officer's home lists count everything, not only the rows they show, though each is read in
one query (plans.home.home_list) or decided from the officer's open plans read once."""

import datetime

import pytest
from django.utils import timezone

from plans import home
from plans.models import ClosureRequest, Plan, Stage
from tests import factories

pytestmark = pytest.mark.django_db


# A short list in one query (the count a window over its rows), a long one in two.
@pytest.mark.parametrize(("listing", "queries"), [("home_list", 1), ("long_home_list", 2)])
def test_a_home_list_counts_the_whole_list_and_shows_the_first_rows(
    listing, queries, world, django_assert_num_queries
):
    listed_by = getattr(home, listing)
    for n in range(12):
        factories.make_plan(owner=world.users["owner"], title=f"Plan {n}")
    every = list(Plan.objects.order_by("reference").values_list("pk", flat=True))
    with django_assert_num_queries(queries):
        listed = listed_by(Plan.objects.order_by("reference"))
    assert listed.count == len(every) and listed.more == len(every) - home.SHOWN
    assert [p.pk for p in listed.rows] == every[: home.SHOWN]
    with django_assert_num_queries(queries):
        assert listed_by(Plan.objects.filter(title="None such")).count == 0


def test_each_officer_list_counts_past_the_rows_shown(world):
    owner, manager = world.users["owner"], world.users["manager"]
    before = home.officer_home(owner)
    late_on = factories.make_plan(owner=owner, title="Late", next_review_date=timezone.localdate())
    for n in range(12):
        factories.make_task(late_on, world.task.organisation, title=f"Late {n}", due_in_days=-1 - n)
        returned = factories.make_plan(owner=owner, title=f"Returned {n}", state=Stage.ASSESS)
        factories.make_returned_closure(
            returned, requested_by=owner, answered_by=manager, answer=f"Not yet {n}", hours_ago=n
        )
    # Asked again: a request waiting puts the returned one away.
    overdue = timezone.localdate() - datetime.timedelta(days=400)  # listed first
    again = factories.make_plan(
        owner=owner, title="Asked again", state=Stage.ASSESS, next_review_date=overdue
    )
    factories.make_returned_closure(again, requested_by=owner, answered_by=manager)
    ClosureRequest.objects.create(plan=again, requested_by=owner, note="Ready now")
    after = home.officer_home(owner)
    assert after["my_plans"].count == before["my_plans"].count + 14
    assert after["reviews"].count == before["reviews"].count + 2
    assert after["tasks_overdue"].count == before["tasks_overdue"].count + 12
    assert len(after["tasks_overdue"].rows) == home.SHOWN
    assert after["tasks_overdue"].rows[0].title == "Late 11"  # the longest overdue first
    assert after["closure_returned"].count == before["closure_returned"].count + 12
    assert [c.answer for c in after["closure_returned"].rows[:2]] == ["Not yet 0", "Not yet 1"]
    first = after["my_plans"].rows[0]
    assert first.pk == again.pk and first.next_step["label"] == "Waiting for a manager to close it"
    assert after["reviews"].rows[0].pk == again.pk


def test_home_list_refuses_a_distinct_list_it_would_miscount(world):
    # COUNT(*) OVER () counts the rows before DISTINCT removes the repeats.
    with pytest.raises(ValueError, match="DISTINCT"):
        home.home_list(Plan.objects.distinct())
