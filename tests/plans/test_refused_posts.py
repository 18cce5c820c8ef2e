"""A refused POST on a plan page is recorded as `<action>.refused`; a look at a form, or a 404, is not."""

import pytest
from django.urls import reverse

from audit.models import Event

pytestmark = pytest.mark.django_db

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
    ("plans:retention", lambda w: {"pk": w.plan.pk}, "plan.retention_keep"),
]


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
    assert Event.objects.count() == before + 1


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
