"""Writes to organisations, memberships and user accounts: each in one transaction, each audited."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils.text import slugify

from audit.models import Event
from audit.services import log_event

from .models import Membership, Organisation
from .permissions import may, refusal, require
from .refusals import Refused


def _require(actor, permission: str, *, action: str, target=None) -> None:
    """Refuse (and audit the refusal) unless the actor holds this model permission: administrators do."""
    require(actor, "partners.administer", permission, action=action, target=target)


def organisation_create(*, actor, name: str, kind: str, is_active: bool = True) -> Organisation:
    """Create an organisation with its own auth group."""
    _require(actor, "partners.add_organisation", action="organisation.create")
    with transaction.atomic():
        slug = slugify(name)[:60]
        group = Group.objects.create(name=f"org:{slug}")
        organisation = Organisation.objects.create(
            name=name, slug=slug, kind=kind, is_active=is_active, group=group
        )
        log_event(
            action="organisation.create",
            actor=actor,
            target=organisation,
            changes={"name": [None, name], "kind": [None, kind], "is_active": [None, is_active]},
        )
    return organisation


def organisation_update(
    *, actor, organisation: Organisation, name: str, kind: str, is_active: bool
) -> Organisation:
    """Rename, re-kind or (de)activate an organisation."""
    _require(actor, "partners.change_organisation", action="organisation.update", target=organisation)
    with transaction.atomic():
        organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
        old = {"name": organisation.name, "kind": organisation.kind, "is_active": organisation.is_active}
        organisation.name, organisation.kind, organisation.is_active = name, kind, is_active
        organisation.save(update_fields=["name", "kind", "is_active"])
        changes = {k: [v, getattr(organisation, k)] for k, v in old.items() if v != getattr(organisation, k)}
        log_event(action="organisation.update", actor=actor, target=organisation, changes=changes)
    return organisation


def membership_add(
    *, actor, user, organisation: Organisation, role: str = Membership.Role.MEMBER
) -> Membership:
    """Put a user in an organisation (and so in its group)."""
    _require(actor, "partners.add_membership", action="membership.add", target=organisation)
    with transaction.atomic():
        membership = Membership.objects.create(user=user, organisation=organisation, role=role)
        user.groups.add(organisation.group)
        log_event(
            action="membership.add",
            actor=actor,
            target=membership,
            changes={
                "user": [None, user.get_username()],
                "organisation": [None, organisation.name],
                "role": [None, role],
            },
        )
    return membership


def membership_change_role(*, actor, membership: Membership, role: str) -> Membership:
    """Make a member a lead or a lead a member."""
    _require(actor, "partners.change_membership", action="membership.change", target=membership)
    with transaction.atomic():
        membership = Membership.objects.select_for_update().get(pk=membership.pk)
        old_role = membership.role
        membership.role = role
        membership.save(update_fields=["role"])
        log_event(
            action="membership.change",
            actor=actor,
            target=membership,
            changes={"role": [old_role, role]} if old_role != role else {},
        )
    return membership


def membership_remove(*, actor, membership: Membership) -> None:
    """Take a user out of an organisation and its group."""
    _require(actor, "partners.delete_membership", action="membership.remove", target=membership)
    with transaction.atomic():
        user, organisation = membership.user, membership.organisation
        label = str(membership)
        log_event(
            action="membership.remove",
            actor=actor,
            target=membership,
            target_label=label,
            changes={
                "user": [user.get_username(), None],
                "organisation": [organisation.name, None],
                "role": [membership.role, None],
            },
        )
        membership.delete()
        user.groups.remove(organisation.group)


# User accounts: global roles and organisation groups are auth groups, so a change of groups is
# a permission grant or revoke, and is recorded field by field like any other change.

ACCOUNT_FIELDS = ["username", "first_name", "last_name", "email", "is_active", "is_staff", "is_superuser"]


def _account(user) -> dict:
    """What an account event records: never the password, only whether one can be used."""
    values = {name: getattr(user, name) for name in ACCOUNT_FIELDS}
    values["password"] = "set" if user.has_usable_password() else "not usable"
    if user.pk is not None:
        values["groups"] = sorted(user.groups.values_list("name", flat=True))
        values["user_permissions"] = sorted(
            f"{app}.{codename}"
            for app, codename in user.user_permissions.values_list("content_type__app_label", "codename")
        )
    return values


def user_save(*, actor, user, groups=None, user_permissions=None):
    """Create or change an account (the admin's user form), with its groups and direct permissions.

    `user` carries the new values, unsaved; `groups` and `user_permissions` replace the
    account's when given. One `user.create` or `user.update` event names every changed field.
    """
    creating = user.pk is None
    action = "user.create" if creating else "user.update"
    _require(
        actor,
        "auth.add_user" if creating else "auth.change_user",
        action=action,
        target=None if creating else user,
    )
    with transaction.atomic():
        before = {} if creating else _account(get_user_model().objects.select_for_update().get(pk=user.pk))
        user.save()
        if groups is not None:
            user.groups.set(groups)
        if user_permissions is not None:
            user.user_permissions.set(user_permissions)
        after = _account(user)
        changes = {
            name: [before.get(name), value]
            for name, value in after.items()
            if (before.get(name) != value) and not (creating and value in ("", None, []))
        }
        if changes:
            log_event(
                action=action, actor=actor, target=user, target_label=user.get_username(), changes=changes
            )
    return user


def user_password_record_failure(*, user, locked_out: bool = False) -> Event:
    """Record a wrong current password on the change-password page: a guess at the password of a
    signed-in account, counted toward the sign-in lockout (the caller told axes) and audited."""
    require(user, "partners.change_password", user, action="auth.password_change")
    with transaction.atomic():
        return log_event(
            action="auth.password_change_failed",
            actor=user,
            target=user,
            target_label=user.get_username(),
            reason="Refused: too many failed attempts, signed out"
            if locked_out
            else "Wrong current password",
        )


def user_password_record(*, actor, user, reset: bool = False) -> Event:
    """Record, in the transaction that saved it, that a password was changed (never the password).

    By the user themselves (`reset` when through an emailed link) or by an administrator. Its
    callers have already checked who may; anyone else is refused here, which undoes the change
    (the refusal cannot be recorded: it would roll back with it).
    """
    if not may(actor, "partners.change_password", user):
        raise Refused(refusal("partners.change_password"))
    return log_event(
        action="auth.password_reset" if reset else "auth.password_change",
        actor=actor,
        target=user,
        target_label=user.get_username(),
        changes={"password": [None, "set" if user.has_usable_password() else "not usable"]},
    )
