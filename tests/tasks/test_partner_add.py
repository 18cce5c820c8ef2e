"""Adding a partner organisation to a plan: owner or manager; grants its group view rights."""

import pytest
from django.core.exceptions import PermissionDenied

from audit.models import Event
from plans.models import PlanGroupObjectPermission, PlanPartner
from plans.partner_services import plan_partner_add
from plans.selectors import plans_visible_to


def test_owner_adds_a_partner_and_its_lead_then_sees_the_plan(world, wardens_org):
    wardens = world.users["partner_off"]
    assert not plans_visible_to(wardens).filter(pk=world.plan.pk).exists()

    plan_partner_add(actor=world.users["owner"], plan=world.plan, organisation=wardens_org)

    assert PlanPartner.objects.filter(plan=world.plan, organisation=wardens_org).exists()
    grant = PlanGroupObjectPermission.objects.get(content_object=world.plan, group=wardens_org.group)
    assert grant.permission.codename == "view_plan"
    assert plans_visible_to(wardens).filter(pk=world.plan.pk).exists()


def test_the_event_names_the_permission_granted(world, wardens_org):
    plan_partner_add(actor=world.users["manager"], plan=world.plan, organisation=wardens_org)
    event = Event.objects.filter(action="plan.partner_add").get()
    assert event.plan_id == world.plan.pk
    assert event.changes["partners"] == [None, "City Street Wardens"]
    assert "plans.view_plan" in event.changes["permission"][1]


@pytest.mark.parametrize("persona", ["officer2", "partner_on"])
def test_others_are_refused_and_the_refusal_is_recorded(persona, world, wardens_org):
    with pytest.raises(PermissionDenied):
        plan_partner_add(actor=world.users[persona], plan=world.plan, organisation=wardens_org)
    assert not PlanPartner.objects.filter(plan=world.plan, organisation=wardens_org).exists()
    assert Event.objects.filter(action="plan.partner_add.refused").count() == 1


def test_the_page_adds_the_partner(world, wardens_org, client_for):
    response = client_for(world.users["owner"]).post(
        f"/plans/{world.plan.pk}/partners/add/", {"organisation": wardens_org.pk}
    )
    assert response.status_code == 302
    assert PlanPartner.objects.filter(plan=world.plan, organisation=wardens_org).exists()


def test_the_page_offers_only_organisations_not_on_the_plan(world, client_for):
    response = client_for(world.users["owner"]).get(f"/plans/{world.plan.pk}/partners/add/")
    choices = [str(o) for o in response.context["form"].fields["organisation"].queryset]
    assert choices == ["City Street Wardens"]  # BID and Street Pastors are on it; police is no partner


def test_an_organisation_already_on_the_plan_is_refused_with_a_message(world, bid_org, client_for):
    response = client_for(world.users["owner"]).post(
        f"/plans/{world.plan.pk}/partners/add/", {"organisation": bid_org.pk}
    )
    assert response.status_code == 200
    assert "There is a problem" in response.content.decode()
    assert PlanPartner.objects.filter(plan=world.plan).count() == 2


def test_choosing_nothing_shows_an_error(world, client_for):
    response = client_for(world.users["owner"]).post(f"/plans/{world.plan.pk}/partners/add/", {})
    assert "Choose the organisation to add" in response.content.decode()


def test_adding_one_already_on_the_plan_says_so(world, wardens_org, pastors_org, client_for):
    """A form opened before someone else added the organisation: not a bare "from the list"."""
    from django.urls import reverse

    page = reverse("tasks:partner_add", kwargs={"pk": world.plan.pk})
    browser = client_for(world.users["owner"])
    response = browser.post(page, {"organisation": pastors_org.pk})
    assert response.status_code == 200
    assert "Street Pastors is already a partner on this plan" in response.content.decode()
    assert PlanPartner.objects.filter(plan=world.plan).count() == 2
    unknown = browser.post(page, {"organisation": "999999"}).content.decode()
    assert "Choose an organisation from the list" in unknown


def test_the_form_sent_twice_adds_the_partner_once_and_says_so(world, wardens_org, client_for):
    """The repeat is recognised before the "already on this plan" check: the second sending
    is shown the plan its first sending added the partner to, not told the partner is there."""
    from plans.submissions import SENT_TWICE
    from tests.factories import form_token

    browser = client_for(world.users["owner"])
    url = f"/plans/{world.plan.pk}/partners/add/"
    data = {"organisation": wardens_org.pk, "submission": form_token(browser.get(url))}
    assert browser.post(url, data).status_code == 302
    again = browser.post(url, data, follow=True)
    page = again.content.decode()
    assert again.redirect_chain[-1][0] == f"/plans/{world.plan.pk}/#tasks"
    assert SENT_TWICE in page and "already" not in page
    assert PlanPartner.objects.filter(plan=world.plan, organisation=wardens_org).count() == 1
    assert Event.objects.filter(action="plan.partner_add").count() == 1


def test_a_used_token_with_another_organisation_on_the_plan_is_still_refused(
    world, wardens_org, bid_org, client_for
):
    from tests.factories import form_token

    browser = client_for(world.users["owner"])
    url = f"/plans/{world.plan.pk}/partners/add/"
    token = form_token(browser.get(url))
    browser.post(url, {"organisation": wardens_org.pk, "submission": token})
    again = browser.post(url, {"organisation": bid_org.pk, "submission": token})
    assert again.status_code == 200
    assert "BID Leicester is already on this plan" in again.content.decode()
    assert PlanPartner.objects.filter(plan=world.plan).count() == 3


def test_the_service_claims_the_token_before_the_already_on_the_plan_check(world, wardens_org):
    import uuid

    from plans.submissions import AlreadySubmitted

    token = uuid.uuid4()
    owner = world.users["owner"]
    plan_partner_add(actor=owner, plan=world.plan, organisation=wardens_org, submission=token)
    with pytest.raises(AlreadySubmitted) as repeat:
        plan_partner_add(actor=owner, plan=world.plan, organisation=wardens_org, submission=token)
    assert repeat.value.plan_id == world.plan.pk
