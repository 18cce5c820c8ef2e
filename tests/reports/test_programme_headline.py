"""The manager's home headline (reports.programme.headline): the programme page's sentences for
the financial quarter so far, worked out once for each day and each state of the records, and
worked out again as soon as a change is recorded, never on a consultation."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from plans import services
from reports import programme
from reports.periods import Quarter

HOME = "/"


def _fresh(today):
    quarter = Quarter.of(today)
    figures = programme.figures_for_scope(
        programme.whole_programme(), start=quarter.start, end=today, today=today
    )
    return programme.statement_sentences(figures)


def _in_operation(sentences) -> str:
    (sentence,) = [s for s in sentences if "in operation on" in s]
    return sentence


def test_the_headline_is_the_programme_pages_own_sentences(world):
    today = timezone.localdate()
    headline = programme.quarter_headline(today)
    assert headline.sentences == _fresh(today)
    assert headline.quarter == Quarter.of(today)
    assert headline.worked_out_at <= timezone.now()


def test_a_recorded_change_is_counted_at_once_and_a_consultation_works_nothing_out(world):
    today = timezone.localdate()
    manager, owner = world.users["manager"], world.users["owner"]
    before = programme.quarter_headline(today)
    services.plan_record_view(actor=manager, plan=world.plan)  # read, not changed
    assert programme.quarter_headline(today) is not None
    assert programme.quarter_headline(today).worked_out_at == before.worked_out_at
    services.plan_create(actor=owner, title="Robbery at the bus station", hotspot_name="Bus station")
    after = programme.quarter_headline(today)
    assert after.sentences == _fresh(today)
    assert _in_operation(after.sentences) != _in_operation(before.sentences)
    assert after.worked_out_at >= before.worked_out_at


def test_a_new_day_works_the_headline_out_again(world):
    today = timezone.localdate()
    tomorrow = today + datetime.timedelta(days=1)
    programme.quarter_headline(today)
    assert programme.quarter_headline(tomorrow).sentences == _fresh(tomorrow)


def test_the_home_page_says_when_its_headline_was_worked_out(world, client_for):
    html = client_for(world.users["manager"]).get(HOME).content.decode()
    worked_out = timezone.localtime(programme.quarter_headline(timezone.localdate()).worked_out_at)
    assert f"Worked out at {worked_out:%H:%M} from the records as they were then" in html


# Kept, the headline costs the page one query (the newest change) whatever the programme holds.
KEPT = 14


@pytest.mark.parametrize("grown", [1, 10])
def test_a_kept_headline_costs_the_same_queries_at_any_size(world, client_for, grown):
    from tests.plans.test_home_page import _grow

    browser = client_for(world.users["manager"])
    _grow(world, 2 * grown)
    assert browser.get(HOME).status_code == 200  # works it out
    with CaptureQueriesContext(connection) as kept:
        response = browser.get(HOME)
    assert response.status_code == 200
    assert len(kept.captured_queries) == KEPT
    assert not any("hotspots_importedmonth" in q["sql"] for q in kept.captured_queries)  # no figure
