"""The owner's review every 28 days (PRODUCT.md): recorded from the plan page, and no next review
set further off than that."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from audit.models import Event
from plans import services
from plans.models import Plan, Stage

pytestmark = pytest.mark.django_db


def today():
    """Read at each use: a constant read at import goes stale when a run crosses midnight."""
    return timezone.localdate()


def in_28_days():
    return today() + datetime.timedelta(days=28)


def review(client, plan, version=None):
    return client.post(
        reverse("plans:review", kwargs={"pk": plan.pk}),
        {"version": plan.version if version is None else version},
    )


def overdue(plan) -> Plan:
    Plan.objects.filter(pk=plan.pk).update(
        start_date=today() - datetime.timedelta(days=60),
        next_review_date=today() - datetime.timedelta(days=3),
    )
    plan.refresh_from_db()
    return plan


def test_the_owner_records_a_review_and_the_next_is_due_28_days_on(world, client_for):
    plan = overdue(world.plan)
    assert plan.review_overdue
    client = client_for(world.users["owner"])
    page = client.get(reverse("plans:detail", kwargs={"pk": plan.pk})).content.decode()
    assert "Record a review done today" in page
    response = review(client, plan)
    assert response.status_code == 302 and response["Location"].endswith(f"/plans/{plan.pk}/#details")
    plan.refresh_from_db()
    assert plan.next_review_date == in_28_days() and not plan.review_overdue
    event = Event.objects.filter(action="plan.update").last()
    assert event.changes["next_review_date"] == [
        (today() - datetime.timedelta(days=3)).isoformat(),
        in_28_days().isoformat(),
    ]
    assert event.reason == services.REVIEWED
    page = client.get(response["Location"]).content.decode()
    assert f"Review recorded. The next review is due on {in_28_days():%-d %B %Y}." in page
    # The manager's queue no longer lists it as overdue.
    queue = client_for(world.users["manager"]).get(reverse("plans:review_queue")).content.decode()
    assert plan.reference not in queue.split("Review overdue")[-1].split("</table>")[0]


def test_a_review_twice_the_same_day_changes_nothing_the_second_time(world, client_for):
    plan = overdue(world.plan)
    plan.co_owners.add(world.users["officer2"])  # a co-owner reviews as the owner does
    client = client_for(world.users["officer2"])
    review(client, plan)
    plan.refresh_from_db()
    events = Event.objects.filter(action="plan.update").count()
    assert review(client, plan).status_code == 302
    assert Event.objects.filter(action="plan.update").count() == events


def test_a_plan_starting_later_is_reviewed_28_days_after_its_start(world, client_for):
    start = today() + datetime.timedelta(days=10)
    Plan.objects.filter(pk=world.plan.pk).update(start_date=start, next_review_date=start)
    world.plan.refresh_from_db()
    review(client_for(world.users["owner"]), world.plan)
    world.plan.refresh_from_db()
    assert world.plan.next_review_date == start + datetime.timedelta(days=28)


def test_a_review_from_an_out_of_date_page_is_refused_and_says_so(world, client_for):
    plan = overdue(world.plan)
    client = client_for(world.users["owner"])
    seen = plan.version
    services.plan_update(
        actor=world.users["owner"],
        plan=plan,
        section="details",
        data={"next_review_date": today() + datetime.timedelta(days=7)},
        version=seen,
    )
    response = review(client, plan, version=seen)
    plan.refresh_from_db()
    assert plan.next_review_date == today() + datetime.timedelta(days=7)
    page = client.get(response["Location"]).content.decode()
    assert "Someone changed the plan&#x27;s details since you opened the page" in page
    assert review(client, plan, version="x").status_code == 302  # a damaged form: told, nothing saved
    plan.refresh_from_db()
    assert plan.next_review_date == today() + datetime.timedelta(days=7)


def test_a_details_form_opened_before_a_review_does_not_write_the_old_date_back(world, client_for):
    plan = overdue(world.plan)
    client = client_for(world.users["owner"])
    seen = plan.version
    review(client, plan)
    response = client.post(
        reverse("plans:edit", kwargs={"pk": plan.pk, "section": "details"}),
        {
            "version": seen,
            "title": plan.title,
            "start_date": plan.start_date.isoformat(),
            "next_review_date": (today() + datetime.timedelta(days=7)).isoformat(),
        },
    )
    assert response.status_code == 409
    plan.refresh_from_db()
    assert plan.next_review_date == in_28_days()


def test_only_an_editor_of_an_open_plan_records_a_review(world, client_for):
    plan = overdue(world.plan)
    for persona in ("officer2", "manager", "partner_on"):
        assert review(client_for(world.users[persona]), plan).status_code == 403, persona
    Plan.objects.filter(pk=plan.pk).update(state=Stage.CLOSED)
    assert review(client_for(world.users["owner"]), plan).status_code == 403
    plan.refresh_from_db()
    assert plan.next_review_date == today() - datetime.timedelta(days=3)
    assert Event.objects.filter(action="plan.update").count() == 0
    assert Event.objects.filter(action="plan.update.refused", plan_id=plan.pk).count() == 4


def _details(plan, **overrides):
    data = {
        "version": plan.version,
        "title": plan.title,
        "start_date": plan.start_date.isoformat(),
        "next_review_date": plan.next_review_date.isoformat(),
    }
    data.update(overrides)
    return data


def test_the_details_form_refuses_a_next_review_more_than_28_days_off(world, client_for):
    plan = world.plan
    client = client_for(world.users["owner"])
    too_far = in_28_days() + datetime.timedelta(days=1)
    response = client.post(
        reverse("plans:edit", kwargs={"pk": plan.pk, "section": "details"}),
        _details(plan, title="Kept?", next_review_date=too_far.isoformat()),
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert f"The next review must be within 28 days: {in_28_days():%-d %B %Y} at the latest" in page
    assert 'value="Kept?"' in page
    plan.refresh_from_db()
    assert plan.title != "Kept?"
    response = client.post(
        reverse("plans:edit", kwargs={"pk": plan.pk, "section": "details"}),
        _details(plan, next_review_date=in_28_days().isoformat()),
    )
    assert response.status_code == 302


def test_a_far_review_date_the_plan_already_has_does_not_block_another_change(world, client_for):
    far = today() + datetime.timedelta(days=90)  # set before the 28-day limit
    Plan.objects.filter(pk=world.plan.pk).update(next_review_date=far)
    world.plan.refresh_from_db()
    response = client_for(world.users["owner"]).post(
        reverse("plans:edit", kwargs={"pk": world.plan.pk, "section": "details"}),
        _details(world.plan, title="A clearer title"),
    )
    assert response.status_code == 302
    world.plan.refresh_from_db()
    assert (world.plan.title, world.plan.next_review_date) == ("A clearer title", far)


def test_a_new_plan_refuses_a_first_review_more_than_28_days_off(world, client_for):
    response = client_for(world.users["owner"]).post(
        reverse("plans:create"),
        {
            "title": "Begging on Gallowtree Gate",
            "hotspot_name": "Gallowtree Gate",
            "priority": "low",
            "start_date": today().isoformat(),
            "next_review_date": (in_28_days() + datetime.timedelta(days=1)).isoformat(),
        },
    )
    assert response.status_code == 200
    assert "The next review must be within 28 days" in response.content.decode()
    assert not Plan.objects.filter(title="Begging on Gallowtree Gate").exists()


def test_pressing_the_review_button_twice_reports_the_review_not_a_conflict(world, client_for):
    plan = overdue(world.plan)
    client = client_for(world.users["owner"])
    seen = plan.version
    review(client, plan, version=seen)
    response = review(client, plan, version=seen)  # the second press, from the same page
    page = client.get(response["Location"]).content.decode()
    assert "Someone changed" not in page
    assert f"Review recorded. The next review is due on {in_28_days():%-d %B %Y}." in page
    assert Event.objects.filter(action="plan.update", reason=services.REVIEWED).count() == 1


def test_a_next_review_cannot_be_set_in_the_past(world, client_for):
    plan = overdue(world.plan)  # started 60 days ago
    response = client_for(world.users["owner"]).post(
        reverse("plans:edit", kwargs={"pk": plan.pk, "section": "details"}),
        _details(plan, next_review_date=(today() - datetime.timedelta(days=1)).isoformat()),
    )
    assert response.status_code == 200
    assert "The next review date must be today or later" in response.content.decode()
