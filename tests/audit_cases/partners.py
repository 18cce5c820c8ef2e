from django.contrib.auth import get_user_model

from partners import services
from partners.models import Membership


def organisation_create(w):
    org = services.organisation_create(actor=w.users["manager"], name="Street Outreach", kind="charity")
    return {"action": "organisation.create", "actor": w.users["manager"], "target": org}


def organisation_update(w):
    org = w.task.organisation
    services.organisation_update(
        actor=w.users["manager"], organisation=org, name=org.name, kind="other", is_active=True
    )
    return {"action": "organisation.update", "actor": w.users["manager"], "target": org}


def membership_add(w):
    user = get_user_model().objects.create_user("volunteer")
    m = services.membership_add(actor=w.users["manager"], user=user, organisation=w.task.organisation)
    return {"action": "membership.add", "actor": w.users["manager"], "target": m}


def membership_change_role(w):
    m = Membership.objects.get(user=w.users["partner_on"])
    services.membership_change_role(actor=w.users["manager"], membership=m, role="member")
    return {"action": "membership.change", "actor": w.users["manager"], "target": m}


def membership_remove(w):
    m = Membership.objects.get(user=w.users["partner_on"])
    pk = m.pk
    services.membership_remove(actor=w.users["manager"], membership=m)
    m.pk = pk
    return {"action": "membership.remove", "actor": w.users["manager"], "target": m}


CASES = {
    "partners.services.organisation_create": organisation_create,
    "partners.services.organisation_update": organisation_update,
    "partners.services.membership_add": membership_add,
    "partners.services.membership_change_role": membership_change_role,
    "partners.services.membership_remove": membership_remove,
}
