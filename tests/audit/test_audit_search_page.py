"""The audit search: managers and administrators only, every filter, paged, a pinned query count."""

import datetime

import pytest
from django.urls import reverse

from audit.services import log_event
from tests.audit.chain import extend_chain

pytestmark = pytest.mark.django_db

URL = reverse("audit:search")


@pytest.fixture
def events(world):
    users = world.users
    log_event(action="plan.view", actor=users["owner"], target=world.plan, plan=world.plan)
    log_event(
        action="plan.update",
        actor=users["owner"],
        target=world.plan,
        plan=world.plan,
        changes={"title": ["Old title", "Night-time disorder at the Clock Tower"]},
        reason="Fresh analysis",
    )
    log_event(
        action="plan.update",
        actor=users["owner"],
        target=world.plan,
        plan=world.plan,
        changes={"victim_details": ["", "POLICE-ONLY-VALUE victim aged 17"]},
        police_only=True,
    )
    log_event(action="task.update", actor=users["partner_on"], target=world.task, plan=world.plan)
    log_event(action="plan.view", actor=users["officer2"], target=world.other_plan, plan=world.other_plan)
    return world


def page(client, user, **params):
    client.force_login(user)
    return client.get(URL, params)


def test_a_manager_sees_every_event_newest_first(client, events):
    response = page(client, events.users["manager"])
    assert response.status_code == 200
    shown = [e.action for e in response.context["page_obj"].object_list]
    assert shown[:5] == ["auth.login", "plan.view", "task.update", "plan.update", "plan.update"]
    html = response.content.decode()
    assert "POLICE-ONLY-VALUE" in html
    assert "Night-time disorder at the Clock Tower" in html
    assert "Changed the plan" in html


def test_an_administrator_who_is_not_police_sees_no_police_only_events(client, events, admin_user):
    response = page(client, admin_user)
    assert response.status_code == 200
    html = response.content.decode()
    assert "POLICE-ONLY-VALUE" not in html
    assert "Police-only events are not shown to you" in html
    assert all(not e.police_only for e in response.context["page_obj"].object_list)


@pytest.mark.parametrize("persona", ["owner", "officer2", "partner_on", "partner_off"])
def test_officers_and_partners_are_refused(client, events, persona):
    assert page(client, events.users[persona]).status_code == 403


def test_anonymous_is_sent_to_sign_in(client, events):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_it_filters_by_person(client, events):
    response = page(client, events.users["manager"], person="PASTORS")
    assert [e.action for e in response.context["page_obj"].object_list] == ["task.update"]


def test_it_filters_by_organisation(client, events):
    response = page(client, events.users["manager"], organisation="Street Pastors")
    assert [e.actor_username for e in response.context["page_obj"].object_list] == ["pastors"]


def test_it_filters_by_plan_reference(client, events):
    response = page(client, events.users["manager"], plan=events.other_plan.reference.lower())
    listed = response.context["page_obj"].object_list
    assert [e.plan_id for e in listed] == [events.other_plan.pk]
    assert events.other_plan.reference in response.content.decode()


def test_it_filters_by_action_and_its_family(client, events):
    exact = page(client, events.users["manager"], action="plan.update")
    assert {e.action for e in exact.context["page_obj"].object_list} == {"plan.update"}
    family = page(client, events.users["manager"], action="plan")
    assert {e.action for e in family.context["page_obj"].object_list} == {"plan.update", "plan.view"}


def test_it_filters_by_date_range(client, events):
    today = datetime.date.today()
    inside = page(client, events.users["manager"], date_from=today.isoformat(), date_to=today.isoformat())
    assert inside.context["page_obj"].paginator.count == 6
    before = page(client, events.users["manager"], date_to=(today - datetime.timedelta(days=1)).isoformat())
    assert before.context["page_obj"].paginator.count == 0


def test_an_unknown_plan_reference_is_a_clear_error(client, events):
    response = page(client, events.users["manager"], plan="PSP-9999")
    html = response.content.decode()
    assert "There is a problem" in html
    assert "There is no plan with the reference PSP-9999" in html
    assert 'value="PSP-9999"' in html


def test_a_date_range_backwards_is_a_clear_error(client, events):
    response = page(client, events.users["manager"], date_from="2026-05-01", date_to="2026-04-01")
    assert "The end date must be the same as or after the start date" in response.content.decode()


def test_a_malformed_date_is_a_clear_error(client, events):
    response = page(client, events.users["manager"], date_from="yesterday")
    assert "Start date must be a real date" in response.content.decode()


def test_it_pages_fifty_at_a_time_keeping_the_filters(client, events):
    extend_chain(120, actor=events.users["owner"])
    response = page(client, events.users["manager"], person="officer", page=2)
    page_obj = response.context["page_obj"]
    assert page_obj.number == 2
    assert len(page_obj.object_list) == 50
    assert "person=officer&amp;page=3" in response.content.decode()


def test_the_query_count_does_not_grow_with_the_trail(client, events, django_assert_max_num_queries):
    manager = events.users["manager"]
    client.force_login(manager)
    client.get(URL)  # warm the session
    with django_assert_max_num_queries(12):
        assert client.get(URL, {"organisation": "Leicestershire Police"}).status_code == 200
    extend_chain(500, actor=events.users["owner"])
    with django_assert_max_num_queries(12):
        assert client.get(URL, {"organisation": "Leicestershire Police"}).status_code == 200


def test_a_first_page_that_holds_every_match_is_not_counted_again(client, events, django_assert_num_queries):
    manager = events.users["manager"]
    client.force_login(manager)
    client.get(URL)  # warm the session
    with django_assert_num_queries(11) as few:
        response = client.get(URL, {"person": "officer"})
    assert response.context["page_obj"].paginator.count == 3
    assert "<strong>3</strong> events found" in response.content.decode()
    assert not any("COUNT(" in query["sql"].upper() for query in few.captured_queries)
    extend_chain(60, actor=events.users["owner"])
    with django_assert_num_queries(12) as full:  # a full first page: the matches are counted
        response = client.get(URL, {"person": "officer"})
    assert response.context["page_obj"].paginator.count == 63
    assert len(response.context["page_obj"].object_list) == 50
    assert sum("COUNT(" in query["sql"].upper() for query in full.captured_queries) == 1


def _actors(response):
    return {e.actor_username for e in response.context["page_obj"].object_list}


@pytest.mark.parametrize("person", ["Priya Shah", "shah", "OFFICER"])
def test_a_person_is_found_by_name_or_username(client, events, person):
    response = page(client, events.users["manager"], person=person, action="plan")
    assert _actors(response) == {"officer"}


def test_a_name_several_people_share_finds_them_all(client, events):
    # "h" is in Priya Shah's and Tom Hughes's names, and in more: every match is listed.
    response = page(client, events.users["manager"], person="h", action="plan.view")
    assert _actors(response) == {"officer", "officer2"}


def test_the_events_of_a_removed_account_are_found_by_its_username(client, events):
    from django.contrib.auth import get_user_model

    temporary = get_user_model().objects.create_user("temp-analyst")
    log_event(action="plan.view", actor=temporary, target=events.plan, plan=events.plan)
    temporary.delete()
    response = page(client, events.users["manager"], person="temp-analyst")
    assert _actors(response) == {"temp-analyst"}


def test_the_action_list_speaks_in_words_and_refuses_anything_else(client, events):
    html = page(client, events.users["manager"]).content.decode()
    assert '<option value="plan.transition">Moved the plan to another stage</option>' in html
    assert '<option value="plan">Plans: any</option>' in html
    response = page(client, events.users["manager"], action="plan.nonsense")
    assert "Choose an action from the list" in response.content.decode()


def test_an_action_includes_its_refused_attempts(client, events):
    from audit.services import log_refused

    log_refused(action="plan.update", actor=events.users["officer2"], target=events.plan, plan=events.plan)
    response = page(client, events.users["manager"], action="plan.update")
    assert {e.action for e in response.context["page_obj"].object_list} == {
        "plan.update",
        "plan.update.refused",
    }


def test_person_and_action_match_exact_stored_values(events):
    """Exact values (no LIKE, no UPPER) are what the (username, sequence) and (action, sequence)
    indexes serve: a search stays quick on a million events."""
    from audit.selectors import events_search

    sql = str(events_search(user=events.users["manager"], username="Priya", action="plan").query)
    assert '"audit_event"."actor_username" IN (Priya, officer)' in sql
    assert '"audit_event"."action" IN (' in sql
    assert "LIKE" not in sql.upper() and "UPPER(" not in sql.upper()


def test_past_the_cap_the_newest_are_listed_and_the_page_says_so(client, events, monkeypatch):
    from audit.views import NewestPaginator

    monkeypatch.setattr(NewestPaginator, "CAP", 4)
    response = page(client, events.users["manager"])
    paginator = response.context["page_obj"].paginator
    assert paginator.capped and paginator.num_pages == 1
    assert "More than 4</strong> events found: the newest 4 are listed" in response.content.decode()
    assert len(response.context["page_obj"].object_list) == 4
    narrowed = page(client, events.users["manager"], person="officer")
    assert not narrowed.context["page_obj"].paginator.capped
    assert "<strong>3</strong> events found" in narrowed.content.decode()
