"""The quarterly hotspot refresh's decisions: a programme manager records whether each current
hotspot continues this quarter, with an optional note; audited, shown on the refresh page for
that quarter; officers refused, partners told nothing; the same form sent twice records once."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from audit.models import Event
from audit.presentation import describe
from hotspots import refresh_services
from hotspots.claims import FinancialQuarter
from hotspots.refresh_models import HotspotDecision
from partners.refusals import Refused

from .test_hotspot_refresh import city  # noqa: F401 - the fixture: Clock Tower and Granby Street current

pytestmark = pytest.mark.django_db

QUESTION = {"family": "asb", "start": "2022-01", "end": "2022-02", "kind": "cell", "size": "150"}


def _decide(client, area, decision="continue", note=""):
    url = f"{reverse('scan:refresh_decide')}?family=asb&start=2022-01&end=2022-02&kind=cell&size=150"
    return client.post(url, {"area": str(area.pk), "decision": decision, "note": note})


def _page(client):
    return client.get(reverse("scan:refresh"), QUESTION).content.decode()


def test_a_manager_records_a_decision_and_the_page_shows_it(client, manager, city):  # noqa: F811
    clock, _granby = city
    client.force_login(manager)
    assert "Not decided yet." in _page(client)
    response = _decide(client, clock, "stop", note="  The cell has gone quiet  ")
    assert response.status_code == 302
    assert (
        response.url
        == f"{reverse('scan:refresh')}?family=asb&start=2022-01&end=2022-02&kind=cell&size=150#decisions"
    )
    row = HotspotDecision.objects.get()
    quarter = FinancialQuarter.of(timezone.localdate())
    assert (row.area, row.quarter, row.decision, row.note, row.decided_by) == (
        clock,
        quarter.code,
        "stop",
        "The cell has gone quiet",
        manager,
    )
    today = timezone.localdate()
    name = f"{manager.get_full_name() or manager.username}, {manager.memberships.get().organisation.name}"
    text = _page(client)
    assert f"Decided on {today:%-d %B} by {name}: stop. Note: The cell has gone quiet" in text
    assert f"Decisions for {quarter.code}" in text
    assert 'value="stop" checked' in text


def test_the_decision_is_audited_in_words(manager, city):  # noqa: F811
    clock, _granby = city
    refresh_services.hotspot_decide(actor=manager, area=clock, decision="continue")
    refresh_services.hotspot_decide(actor=manager, area=clock, decision="stop", note="Quiet since March")
    first, second = Event.objects.filter(action="scan.refresh_decide").order_by("pk")
    assert first.changes == {"decision": [None, "continue"]}
    assert second.changes == {"decision": ["continue", "stop"], "note": [None, "Quiet since March"]}
    (event,) = describe([second])
    assert event.words.what == "Decided whether a hotspot continues at the quarterly refresh"
    # (in the order the database keeps the changes: PostgreSQL's JSON sorts them)
    assert {str(change) for change in event.words.changes} == {
        "Decision: Continue → Stop",
        "Note: Quiet since March",
    }
    assert str(clock) in second.target_label
    assert HotspotDecision.objects.count() == 1  # one an area and quarter, changed in place


def test_sent_twice_it_records_once(client, manager, city):  # noqa: F811
    clock, _granby = city
    client.force_login(manager)
    assert _decide(client, clock, "continue", "Still busy").status_code == 302
    assert _decide(client, clock, "continue", "Still busy").status_code == 302
    assert HotspotDecision.objects.count() == 1
    assert Event.objects.filter(action="scan.refresh_decide").count() == 1


def test_each_quarter_has_its_own_decision(manager, city):  # noqa: F811
    clock, _granby = city
    refresh_services.hotspot_decide(
        actor=manager, area=clock, decision="continue", today=datetime.date(2026, 4, 3)
    )
    refresh_services.hotspot_decide(
        actor=manager, area=clock, decision="stop", today=datetime.date(2026, 7, 2)
    )
    assert sorted(HotspotDecision.objects.values_list("quarter", "decision")) == [
        ("2026/27 Q1", "continue"),
        ("2026/27 Q2", "stop"),
    ]


def test_an_officer_is_refused_and_a_partner_told_nothing(client, officer, pastors, manager, city):  # noqa: F811
    clock, _granby = city
    client.force_login(officer)
    assert _decide(client, clock).status_code == 403
    assert Event.objects.filter(action="scan.refresh_decide.refused").count() == 1
    client.force_login(pastors)
    assert _decide(client, clock).status_code == 404
    assert not HotspotDecision.objects.exists()
    with pytest.raises(Refused):
        refresh_services.hotspot_decide(actor=officer, area=clock, decision="continue")
    client.force_login(manager)
    assert "Record the decision" in _page(client)
    assert "Decisions for" in _page(client)


def test_an_area_without_an_open_plan_or_no_choice_is_refused_on_the_page(client, manager, city):  # noqa: F811
    from hotspots.models import Area

    market = Area.objects.get(name="Market")  # its plan is closed
    client.force_login(manager)
    response = _decide(client, market)
    assert response.status_code == 400
    assert "Market has no open plan: only a current hotspot is decided on" in response.content.decode()
    clock, _granby = city
    response = _decide(client, clock, decision="")
    assert response.status_code == 400
    text = response.content.decode()
    assert "Choose whether the hotspot continues or stops" in text and "Error: Quarterly" in text
    assert not HotspotDecision.objects.exists()
    with pytest.raises(ValidationError):
        refresh_services.hotspot_decide(actor=manager, area=clock, decision="maybe")


def test_a_refused_decision_keeps_what_was_typed(client, manager, city):  # noqa: F811
    clock, granby = city
    client.force_login(manager)
    refresh_services.hotspot_decide(actor=manager, area=clock, decision="stop", note="Quiet since May")
    # No choice made: the note typed is still in the box, beside the error, not the saved one.
    response = _decide(client, clock, decision="", note="Patrols moved to the station")
    text = response.content.decode()
    assert response.status_code == 400
    assert 'value="Patrols moved to the station"' in text
    assert f'id="decision-{clock.pk}-stop" name="decision" type="radio" value="stop" checked' not in text
    # Another area's form still shows what was saved for it (nothing here).
    assert f'id="decision-{granby.pk}-note" name="note" type="text" maxlength="500" value=""' in text
    # A refusal for an area that is not current (its plan closed) leaves the saved one alone.
    from hotspots.models import Area

    market = Area.objects.get(name="Market")
    response = _decide(client, market, decision="continue", note="Keep it going")
    assert response.status_code == 400
    assert HotspotDecision.objects.get(area=clock).note == "Quiet since May"
