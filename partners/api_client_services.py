"""Registering and revoking API clients (partners.api_clients): administrators only, each one
transaction and one audit event. The secret is returned once, to be shown once; it is not kept."""

import datetime

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from audit.services import log_event

from .api_clients import ApiClient, hash_secret, new_key_id, new_secret, token_for
from .models import Organisation
from .permissions import require
from .roles import Role

PARTNER_ROLES = {Role.PARTNER_LEAD.value}
POLICE_ROLES = {Role.OFFICER.value, Role.MANAGER.value, Role.ADMINISTRATOR.value}


def _check(*, organisation: Organisation, name: str, role: str, scopes, expires_at) -> list[str]:
    errors = {}
    if not name.strip():
        errors["name"] = "Enter the client's name (the system that will call the API)"
    elif ApiClient.objects.filter(organisation=organisation, name=name.strip()).exists():
        errors["name"] = f"{organisation.name} already has a client called {name.strip()}"
    allowed = POLICE_ROLES if organisation.is_police else PARTNER_ROLES
    if role not in allowed:
        errors["role"] = f"A client of {organisation.name} acts as " + " or ".join(
            sorted(ApiClient.ROLES[r].lower() for r in allowed)
        )
    scopes = sorted(set(scopes or []))
    if not scopes or not set(scopes) <= set(ApiClient.Scope.values):
        errors["scopes"] = "Choose the scopes: read, or read and write"
    elif ApiClient.Scope.WRITE in scopes and ApiClient.Scope.READ not in scopes:
        errors["scopes"] = "A client that writes reads too: choose read and write"
    if expires_at is None or expires_at <= timezone.now():
        errors["expires_at"] = "The expiry must be in the future"
    elif expires_at > timezone.now() + datetime.timedelta(days=366 * 2):
        errors["expires_at"] = "A client expires within two years: register a new one then"
    if not organisation.is_active:
        errors["organisation"] = f"{organisation.name} is not active"
    if errors:
        raise ValidationError(errors)
    return scopes


def api_client_create(
    *,
    actor,
    organisation: Organisation,
    name: str,
    role: str,
    scopes,
    expires_at: datetime.datetime,
) -> tuple[ApiClient, str]:
    """Register a client for an organisation; returns it and its token (shown once, stored hashed)."""
    require(actor, "partners.administer", "partners.change_organisation", action="api_client.create")
    scopes = _check(organisation=organisation, name=name, role=role, scopes=scopes, expires_at=expires_at)
    key_id, secret = new_key_id(), new_secret()
    with transaction.atomic():
        user = get_user_model().objects.create(
            username=f"api-{key_id}", first_name="API client", last_name=name.strip()[:150]
        )
        user.set_unusable_password()
        user.save(update_fields=["password"])
        user.groups.add(organisation.group, Group.objects.get(name=role))
        client = ApiClient.objects.create(
            organisation=organisation,
            name=name.strip(),
            role=role,
            scopes=scopes,
            key_id=key_id,
            secret_hash=hash_secret(secret),
            user=user,
            expires_at=expires_at,
            created_by=actor,
        )
        log_event(
            action="api_client.create",
            actor=actor,
            target=client,
            changes={
                "organisation": [None, organisation.name],
                "name": [None, client.name],
                "role": [None, role],
                "scopes": [None, scopes],
                "expires_at": [None, expires_at.isoformat()],
            },
        )
    return client, token_for(key_id, secret)


def api_client_revoke(*, actor, client: ApiClient, reason: str = "") -> ApiClient:
    """Revoke a client: its next call is refused (401). Its user stays, inactive, for the trail."""
    require(
        actor,
        "partners.administer",
        "partners.change_organisation",
        action="api_client.revoke",
        target=client,
    )
    with transaction.atomic():
        client = ApiClient.objects.select_for_update().select_related("user").get(pk=client.pk)
        if client.revoked_at is not None:
            raise ValidationError("This client is revoked already")
        client.revoked_at = timezone.now()
        client.save(update_fields=["revoked_at"])
        client.user.is_active = False
        client.user.save(update_fields=["is_active"])
        log_event(
            action="api_client.revoke",
            actor=actor,
            target=client,
            changes={"revoked_at": [None, client.revoked_at.isoformat()]},
            reason=reason,
        )
    return client
