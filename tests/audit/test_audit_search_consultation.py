"""A search page that reveals police-only values records that its reader read them (who, the
filters, which events), as the plan page records every view; one that reveals none records nothing."""

import pytest
from django.urls import reverse

from audit.models import Event

pytestmark = pytest.mark.django_db

URL = reverse("audit:search")


@pytest.fixture
def events(world):
    from audit.services import log_event

    log_event(
        action="plan.update",
        actor=world.users["owner"],
        target=world.plan,
        plan=world.plan,
        changes={"title": ["Old", "New"]},
    )
    revealing = log_event(
        action="plan.update",
        actor=world.users["owner"],
        target=world.plan,
        plan=world.plan,
        changes={"victim_details": ["", "POLICE-ONLY-VALUE victim aged 17"]},
        police_only=True,
        personal=("victim_details",),
    )
    world.revealing = revealing
    return world


def consultations():
    return list(Event.objects.filter(action="audit.search_consult").order_by("sequence"))


def test_a_page_showing_police_only_values_records_who_read_which_and_how(client, events):
    manager = events.users["manager"]
    client.force_login(manager)
    response = client.get(URL, {"plan": events.plan.reference, "action": "plan.update"})
    assert "POLICE-ONLY-VALUE" in response.content.decode()
    [record] = consultations()
    assert record.actor_id == manager.pk
    assert record.police_only
    assert record.changes["events"] == [None, [events.revealing.sequence]]
    assert record.changes["filters"] == [None, {"plan": events.plan.reference, "action": "plan.update"}]


def test_every_page_view_that_reveals_is_recorded(client, events):
    client.force_login(events.users["manager"])
    client.get(URL)
    client.get(URL, {"page": "1"})
    assert len(consultations()) == 2


def test_a_page_without_police_only_values_records_nothing(client, events):
    client.force_login(events.users["manager"])
    response = client.get(URL, {"action": "auth"})
    assert "POLICE-ONLY-VALUE" not in response.content.decode()
    assert consultations() == []


def test_an_administrator_who_is_not_police_reads_none_and_records_nothing(client, events, admin_user):
    client.force_login(admin_user)
    response = client.get(URL)
    assert response.status_code == 200
    assert "POLICE-ONLY-VALUE" not in response.content.decode()
    assert consultations() == []


def test_the_record_reads_in_words(client, events):
    from audit.presentation import action_words

    assert action_words("audit.search_consult") == "Read police-only values in the audit search"


def test_recording_does_not_grow_the_query_count(client, events, django_assert_max_num_queries):
    from audit.services import log_event
    from tests.audit.chain import extend_chain

    client.force_login(events.users["manager"])
    client.get(URL)  # warm the session
    with django_assert_max_num_queries(16):
        assert client.get(URL, {"action": "plan.update"}).status_code == 200
    extend_chain(200, actor=events.users["owner"])
    for n in range(20):
        log_event(
            action="plan.update",
            actor=events.users["owner"],
            target=events.plan,
            plan=events.plan,
            changes={"offender_details": ["", f"offender {n}"]},
            police_only=True,
            personal=("offender_details",),
        )
    with django_assert_max_num_queries(16):
        assert client.get(URL, {"action": "plan.update"}).status_code == 200
