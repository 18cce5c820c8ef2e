"""Writes to organisations and memberships: each in one transaction, each audited."""

from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.text import slugify

from audit.services import log_event, log_refused

from .models import Membership, Organisation


def _require(actor, permission: str, *, action: str, target=None) -> None:
    """Refuse (and audit the refusal) unless the actor holds this model permission: administrators do."""
    if not (getattr(actor, "is_active", False) and actor.has_perm(permission)):
        log_refused(action=action, actor=actor, target=target)
        raise PermissionDenied("Only administrators may change organisations and their members.")


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
            changes={"user": [user.get_username(), None], "organisation": [organisation.name, None]},
        )
        membership.delete()
        user.groups.remove(organisation.group)
