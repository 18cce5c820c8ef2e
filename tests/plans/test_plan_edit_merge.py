"""No update lost: two people edit one section from the same version. The second is shown the
first's changes beside their own; saving again writes only what they changed, and where both
changed a field, their choice for it decides (and the event records both values)."""

import pytest
from django.test import Client
from django.urls import reverse

from audit.models import Event
from plans.models import Plan
from tests.page_forms import form_on

pytestmark = pytest.mark.django_db


def browser(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def editors(world):
    """The owner (Priya) and a co-owner (Tom), both with the Analyse section open at version 1."""
    world.plan.co_owners.add(world.users["officer2"])
    url = reverse("plans:edit", kwargs={"pk": world.plan.pk, "section": "analyse"})
    priya, tom = browser(world.users["owner"]), browser(world.users["officer2"])
    return url, priya, form_on(priya.get(url)), tom, form_on(tom.get(url))


def test_different_fields_both_survive_the_second_save(world, editors):
    url, priya, priyas_form, tom, toms_form = editors
    assert tom.post(url, {**toms_form, "hypothesis": "Taxi queues at closing time"}).status_code == 302

    stale = priya.post(url, {**priyas_form, "pat_guardian": "Door staff at the Clock Tower"})
    assert stale.status_code == 409
    page = stale.content.decode()
    assert "Someone else saved this section after you opened it" in page
    assert "Taxi queues at closing time" in page  # theirs ...
    assert "Door staff at the Clock Tower" in page  # ... beside hers
    assert "You did not change this: theirs stays." in page
    assert Plan.objects.get(pk=world.plan.pk).pat_guardian == ""  # nothing of hers written yet

    # The form now shows his hypothesis; she saves the page as drawn: her field is written.
    again = form_on(stale)
    assert again["hypothesis"] == "Taxi queues at closing time"
    assert again["pat_guardian"] == "Door staff at the Clock Tower"
    assert priya.post(url, again).status_code == 302
    plan = Plan.objects.get(pk=world.plan.pk)
    assert (plan.hypothesis, plan.pat_guardian) == (
        "Taxi queues at closing time",
        "Door staff at the Clock Tower",
    )
    assert plan.version == 3
    event = Event.objects.filter(action="plan.update", actor=world.users["owner"]).get()
    assert set(event.changes) == {"pat_guardian", "version"}


def test_the_same_field_asks_which_to_keep_and_the_users_choice_wins(world, editors):
    url, priya, priyas_form, tom, toms_form = editors
    assert tom.post(url, {**toms_form, "hypothesis": "His hypothesis"}).status_code == 302

    stale = priya.post(url, {**priyas_form, "hypothesis": "Her hypothesis", "pat_victim": "Students"})
    assert stale.status_code == 409
    page = stale.content.decode()
    assert "You both changed working hypothesis: choose which to keep" in page
    assert 'name="keep_hypothesis"' in page and "Saved by someone else: His hypothesis" in page
    assert "There is a problem" not in page  # the question is new, not an error

    again = form_on(stale)
    refused = priya.post(url, again)  # no choice made
    assert refused.status_code == 200
    assert "Choose whether to keep the saved working hypothesis or use yours" in refused.content.decode()
    assert Plan.objects.get(pk=world.plan.pk).hypothesis == "His hypothesis"

    assert priya.post(url, {**again, "keep_hypothesis": "mine"}).status_code == 302
    plan = Plan.objects.get(pk=world.plan.pk)
    assert (plan.hypothesis, plan.pat_victim) == ("Her hypothesis", "Students")
    event = Event.objects.filter(action="plan.update", actor=world.users["owner"]).get()
    assert event.changes["hypothesis"] == ["His hypothesis", "Her hypothesis"]  # both recorded


def test_keeping_theirs_writes_only_the_users_other_changes(world, editors):
    url, priya, priyas_form, tom, toms_form = editors
    assert tom.post(url, {**toms_form, "hypothesis": "His hypothesis"}).status_code == 302
    stale = priya.post(url, {**priyas_form, "hypothesis": "Her hypothesis", "pat_victim": "Students"})
    assert priya.post(url, {**form_on(stale), "keep_hypothesis": "theirs"}).status_code == 302
    plan = Plan.objects.get(pk=world.plan.pk)
    assert (plan.hypothesis, plan.pat_victim) == ("His hypothesis", "Students")
    event = Event.objects.filter(action="plan.update", actor=world.users["owner"]).get()
    assert "hypothesis" not in event.changes


def test_a_third_save_meanwhile_is_a_new_conflict(world, editors):
    url, priya, priyas_form, tom, toms_form = editors
    assert tom.post(url, {**toms_form, "hypothesis": "His hypothesis"}).status_code == 302
    stale = priya.post(url, {**priyas_form, "pat_victim": "Students"})
    later = form_on(tom.get(url))
    assert tom.post(url, {**later, "pat_offender": "Groups leaving the bars"}).status_code == 302
    again = priya.post(url, form_on(stale))
    assert again.status_code == 409
    assert priya.post(url, form_on(again)).status_code == 302
    plan = Plan.objects.get(pk=world.plan.pk)
    assert (plan.hypothesis, plan.pat_offender, plan.pat_victim) == (
        "His hypothesis",
        "Groups leaving the bars",
        "Students",
    )


def test_a_forged_base_is_ignored_and_the_version_still_guards(world, editors):
    url, priya, priyas_form, tom, toms_form = editors
    assert tom.post(url, {**toms_form, "hypothesis": "His hypothesis"}).status_code == 302
    response = priya.post(url, {**priyas_form, "base": "not-signed", "pat_victim": "Students"})
    assert response.status_code == 409
    assert Plan.objects.get(pk=world.plan.pk).pat_victim == ""


def test_co_owners_are_ticked_and_merged_like_any_other_field(world):
    world.plan.co_owners.add(world.users["officer2"])
    url = reverse("plans:edit", kwargs={"pk": world.plan.pk, "section": "details"})
    priya, tom = browser(world.users["owner"]), browser(world.users["officer2"])
    priyas_page = priya.get(url).content.decode()
    assert (
        'type="checkbox"' in priyas_page and "Hold Ctrl" not in priyas_page and "<select" not in priyas_page
    )
    priyas_form, toms_form = form_on(priyas_page), form_on(tom.get(url))
    assert priyas_form["co_owners"] == str(world.users["officer2"].pk)  # ticked

    assert tom.post(url, {**toms_form, "title": "Violence at the Clock Tower taxi rank"}).status_code == 302
    unticked = {k: v for k, v in priyas_form.items() if k != "co_owners"}  # she unticks Tom
    stale = priya.post(url, unticked)
    assert stale.status_code == 409
    assert priya.post(url, form_on(stale)).status_code == 302
    plan = Plan.objects.get(pk=world.plan.pk)
    assert plan.title == "Violence at the Clock Tower taxi rank"
    assert list(plan.co_owners.all()) == []
