"""A refused POST on a plan page is recorded as `<action>.refused`; a look at a form, or a 404, is not."""

import pytest
from django.urls import reverse

from audit.models import Event

pytestmark = pytest.mark.django_db

# Each page, its URL's arguments, the action refused, and what the refusal names: the item
# edited or removed where there is one (as the service's own refusal would), else the plan.
PAGES = [
    ("plans:edit", lambda w: {"pk": w.plan.pk, "section": "scan"}, "plan.update"),
    ("plans:source_add", lambda w: {"pk": w.plan.pk}, "plan.source_add"),
    ("plans:objective_add", lambda w: {"pk": w.plan.pk}, "plan.objective_add"),
    (
        "plans:objective_edit",
        lambda w: {"pk": w.plan.pk, "item_pk": w.plan.objectives.first().pk},
        "plan.objective_update",
    ),
    ("plans:response_add", lambda w: {"pk": w.plan.pk}, "plan.response_add"),
    (
        "plans:response_edit",
        lambda w: {"pk": w.plan.pk, "item_pk": w.plan.responses.first().pk},
        "plan.response_update",
    ),
    (
        "plans:source_remove",
        lambda w: {"pk": w.plan.pk, "item_pk": w.plan.sources.first().pk},
        "plan.source_remove",
    ),
    ("plans:transition", lambda w: {"pk": w.plan.pk, "name": "withdraw"}, "plan.transition"),
    ("plans:retention", lambda w: {"pk": w.plan.pk}, "plan.retention_review"),
]
ITEMS = {"objective_edit": "objective", "response_edit": "response", "source_remove": "source"}


def named_target(world, name, kwargs):
    """(target_type, target_id) the refusal of this page should name."""
    kind = ITEMS.get(name.removeprefix("plans:"))
    if kind is None:
        return ("plans.plan", str(world.plan.pk))
    return (f"plans.{kind}", str(kwargs(world)["item_pk"]))


@pytest.mark.parametrize(("name", "kwargs", "action"), PAGES, ids=[p[0] for p in PAGES])
def test_a_refused_post_is_recorded_against_the_plan(world, client_for, name, kwargs, action):
    url = reverse(name, kwargs=kwargs(world))
    browser = client_for(world.users["officer2"])  # sees the plan, may not change it
    before = Event.objects.count()
    assert browser.get(url).status_code == 403
    assert Event.objects.count() == before  # looking is not an attempt
    assert browser.post(url, {"reason": "x"}).status_code == 403
    event = Event.objects.latest("sequence")
    assert (event.action, event.actor, event.plan_id) == (
        f"{action}.refused",
        world.users["officer2"],
        world.plan.pk,
    )
    assert (event.target_type, event.target_id) == named_target(world, name, kwargs)
    assert Event.objects.count() == before + 1


@pytest.mark.parametrize(
    ("decision", "action"),
    [("keep", "plan.retention_keep"), ("dispose", "plan.dispose"), ("", "plan.retention_review")],
)
def test_a_refused_retention_review_is_recorded_as_the_decision_sent(world, client_for, decision, action):
    browser = client_for(world.users["owner"])  # the owner, not a manager
    url = reverse("plans:retention", kwargs={"pk": world.plan.pk})
    assert browser.post(url, {"decision": decision}).status_code == 403
    assert Event.objects.latest("sequence").action == f"{action}.refused"


@pytest.mark.parametrize(("name", "kwargs", "action"), PAGES, ids=[p[0] for p in PAGES])
def test_a_post_on_a_plan_the_user_cannot_see_is_a_plain_404(world, client_for, name, kwargs, action):
    url = reverse(name, kwargs=kwargs(world))
    browser = client_for(world.users["partner_off"])
    before = Event.objects.count()
    assert browser.post(url, {"reason": "x"}).status_code == 404
    assert Event.objects.count() == before


def test_a_partner_posting_a_new_plan_is_recorded(world, client_for):
    browser = client_for(world.users["partner_on"])
    response = browser.post(reverse("plans:create"), {"title": "Mine"})
    assert response.status_code == 403
    event = Event.objects.latest("sequence")
    assert (event.action, event.actor, event.plan_id) == (
        "plan.create.refused",
        world.users["partner_on"],
        None,
    )


@pytest.mark.parametrize(
    ("url", "persona"),
    [
        ("/audit/export/", "owner"),
        ("/programme/funder-return.csv", "partner_on"),
        ("/programme/report.pdf", "partner_on"),
    ],
)
def test_a_refused_export_is_recorded(world, client_for, url, persona):
    from django.urls import resolve

    resolve(url)  # the path is real
    browser = client_for(world.users[persona])
    before = Event.objects.count()
    assert browser.get(url).status_code == 403
    assert Event.objects.count() == before
    assert browser.post(url, {"purpose": "x", "recipient": "y"}).status_code == 403
    event = Event.objects.latest("sequence")
    assert (event.action, event.actor) == ("report.export.refused", world.users[persona])
