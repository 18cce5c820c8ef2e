from django.contrib.auth import get_user_model

from partners import services
from partners.models import Membership


def _admin():
    # Organisations and memberships are the administrator's (the world's personas include one).
    return get_user_model().objects.get(username="admin")


def organisation_create(w):
    admin = _admin()
    org = services.organisation_create(actor=admin, name="Street Outreach", kind="charity")
    return {"action": "organisation.create", "actor": admin, "target": org}


def organisation_update(w):
    admin = _admin()
    org = w.task.organisation
    services.organisation_update(actor=admin, organisation=org, name=org.name, kind="other", is_active=True)
    return {"action": "organisation.update", "actor": admin, "target": org}


def membership_add(w):
    admin = _admin()
    user = get_user_model().objects.create_user("volunteer")
    m = services.membership_add(actor=admin, user=user, organisation=w.task.organisation)
    return {"action": "membership.add", "actor": admin, "target": m}


def membership_change_role(w):
    admin = _admin()
    m = Membership.objects.get(user=w.users["partner_on"])
    services.membership_change_role(actor=admin, membership=m, role="member")
    return {"action": "membership.change", "actor": admin, "target": m}


def membership_remove(w):
    admin = _admin()
    m = Membership.objects.get(user=w.users["partner_on"])
    pk = m.pk
    services.membership_remove(actor=admin, membership=m)
    m.pk = pk
    return {"action": "membership.remove", "actor": admin, "target": m}


CASES = {
    "partners.services.organisation_create": organisation_create,
    "partners.services.organisation_update": organisation_update,
    "partners.services.membership_add": membership_add,
    "partners.services.membership_change_role": membership_change_role,
    "partners.services.membership_remove": membership_remove,
}
