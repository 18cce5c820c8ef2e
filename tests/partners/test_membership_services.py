import pytest
from django.contrib.auth import get_user_model
from django.db import IntegrityError

from audit.models import Event
from partners import services
from partners.models import Membership

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
