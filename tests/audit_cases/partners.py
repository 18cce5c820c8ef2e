from django.contrib.auth import get_user_model
from django.db import transaction
from django_otp.util import random_hex

from partners import mfa_services, services
from partners.models import Membership
from tests.mfa import enrol, totp_code


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


def user_save(w):
    admin = _admin()
    user = w.users["officer2"]
    user.is_active = False
    services.user_save(actor=admin, user=user, groups=user.groups.exclude(name="officer"))
    return {"action": "user.update", "actor": admin, "target": user}


def user_password_record(w):
    user = w.users["officer2"]
    with transaction.atomic():
        user.set_password("a-new-long-passphrase-9")
        user.save(update_fields=["password"])
        event = services.user_password_record(actor=user, user=user)
    return {"action": "auth.password_change", "actor": user, "target": user, "event": event}


def mfa_enrol(w):
    user = w.users["officer2"]
    key = random_hex(20)
    codes = mfa_services.mfa_enrol(user=user, key=key, code=totp_code(key))
    assert codes and len(codes) == mfa_services.RECOVERY_CODE_COUNT
    return {"action": "auth.mfa_enrol", "actor": user, "target": user}


def mfa_verify(w):
    user = w.users["officer2"]
    key = enrol(user)
    # The code of the next time step: the one enrolment used cannot be used again.
    assert mfa_services.mfa_verify(user=user, code=totp_code(key, steps_ahead=1)) is not None
    # Two events: the setup's and the verification's.
    return {"action": "auth.mfa_verify", "actor": user, "target": user, "count": 2}


def mfa_reset(w):
    admin = _admin()
    user = w.users["officer2"]
    enrol(user)
    assert mfa_services.mfa_reset(actor=admin, user=user) == 2
    return {"action": "auth.mfa_reset", "actor": admin, "target": user, "count": 2}  # setup, reset


CASES = {
    "partners.services.organisation_create": organisation_create,
    "partners.services.organisation_update": organisation_update,
    "partners.services.membership_add": membership_add,
    "partners.services.membership_change_role": membership_change_role,
    "partners.services.membership_remove": membership_remove,
    "partners.services.user_save": user_save,
    "partners.services.user_password_record": user_password_record,
    "partners.mfa_services.mfa_enrol": mfa_enrol,
    "partners.mfa_services.mfa_verify": mfa_verify,
    "partners.mfa_services.mfa_reset": mfa_reset,
}


def user_password_record_failure(w):
    # A wrong current password on the change-password page (the view told axes).
    user = w.users["officer2"]
    services.user_password_record_failure(user=user)
    return {"action": "auth.password_change_failed", "actor": user, "target": user}


CASES["partners.services.user_password_record_failure"] = user_password_record_failure
