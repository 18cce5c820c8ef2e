import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser, Group
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError

from audit.models import Event
from partners import services
from partners.models import Membership, Organisation

pytestmark = pytest.mark.django_db


def test_adding_a_member_puts_them_in_the_organisation_group_and_audits_it(admin_user, pastors_org):
    user = get_user_model().objects.create_user("newbie")
    membership = services.membership_add(actor=admin_user, user=user, organisation=pastors_org, role="member")
    assert pastors_org.group in user.groups.all()
    event = Event.objects.get(action="membership.add")
    assert event.actor == admin_user
    assert event.target_id == str(membership.pk)
    assert event.changes["organisation"] == [None, "Street Pastors"]


def test_a_user_is_a_member_of_an_organisation_once(admin_user, pastors):
    with pytest.raises(IntegrityError):
        Membership.objects.create(user=pastors, organisation=pastors.memberships.get().organisation)


def test_removing_a_member_takes_them_out_of_the_group(admin_user, pastors, pastors_org):
    services.membership_remove(actor=admin_user, membership=pastors.memberships.get())
    assert pastors_org.group not in pastors.groups.all()
    assert Event.objects.filter(action="membership.remove").count() == 1


def test_organisation_create_makes_its_own_group(admin_user, roles):
    org = services.organisation_create(actor=admin_user, name="Street Outreach", kind="charity")
    assert org.group.name == "org:street-outreach"
    assert Event.objects.get(action="organisation.create").target_label == "Street Outreach"


def _refusals(action):
    return Event.objects.filter(action=f"{action}.refused")


@pytest.mark.parametrize("persona", ["manager", "officer", "pastors"])
def test_only_administrators_create_organisations(request, persona, roles):
    actor = request.getfixturevalue(persona)
    with pytest.raises(PermissionDenied):
        services.organisation_create(actor=actor, name="Street Outreach", kind="charity")
    assert not Organisation.objects.filter(name="Street Outreach").exists()
    assert not Group.objects.filter(name="org:street-outreach").exists()
    assert _refusals("organisation.create").get().actor == actor


def test_a_partner_lead_cannot_rename_their_own_organisation(pastors, pastors_org):
    with pytest.raises(PermissionDenied):
        services.organisation_update(
            actor=pastors, organisation=pastors_org, name="Pastors Ltd", kind="other", is_active=True
        )
    pastors_org.refresh_from_db()
    assert (pastors_org.name, pastors_org.kind) == ("Street Pastors", "charity")
    assert _refusals("organisation.update").get().target_id == str(pastors_org.pk)


def test_a_partner_lead_cannot_add_members_to_their_organisation(pastors, pastors_org):
    outsider = get_user_model().objects.create_user("outsider")
    with pytest.raises(PermissionDenied):
        services.membership_add(actor=pastors, user=outsider, organisation=pastors_org)
    assert not outsider.groups.exists()
    assert not Membership.objects.filter(user=outsider).exists()
    assert _refusals("membership.add").count() == 1


def test_a_manager_cannot_change_or_remove_a_membership(manager, pastors, pastors_org):
    membership = pastors.memberships.get()
    with pytest.raises(PermissionDenied):
        services.membership_change_role(actor=manager, membership=membership, role="member")
    with pytest.raises(PermissionDenied):
        services.membership_remove(actor=manager, membership=membership)
    membership.refresh_from_db()
    assert membership.role == "lead"
    assert pastors_org.group in pastors.groups.all()
    assert _refusals("membership.change").count() == _refusals("membership.remove").count() == 1


def test_a_deactivated_administrator_is_refused(admin_user, roles):
    admin_user.is_active = False
    admin_user.save()
    with pytest.raises(PermissionDenied):
        services.organisation_create(actor=admin_user, name="Street Outreach", kind="charity")
    assert not Organisation.objects.filter(name="Street Outreach").exists()


def test_nobody_signed_in_is_refused(roles):
    with pytest.raises(PermissionDenied):
        services.organisation_create(actor=AnonymousUser(), name="Street Outreach", kind="charity")
    assert _refusals("organisation.create").get().actor is None
