"""API clients: another system of one organisation (an ASB case management system, the
force's analysts' tools, a partner's patrol records) calling `/api/v1/` with a bearer token.

Each client acts as a user of its own, made for it when it is registered: a member of its
organisation's group (so guardian's grants on plans and tasks are its organisation's, exactly as
its lead's) and of one role group (a partner organisation's client is a partner lead; a police
client an officer, a manager for the managers' systems, or an administrator for the
administrators' systems: the police.uk imports). Every call then goes through the same
selectors and services as the pages, and the audit trail names the client ("API client <name>").
That user has no password and no membership row: it never signs in to the pages, is never offered
as a plan owner or task assignee, and is made inactive when the client is revoked.

The secret is 32 random bytes shown once at registration; only its SHA-256 is stored. A slow
password hash buys nothing for a random 256-bit secret (it cannot be guessed from a dictionary),
and every call checks it.
"""

import hashlib
import hmac
import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone

# Tokens read "hpp_<key id>_<secret>": a scanner can spot one leaked in a repository.
TOKEN_PREFIX = "hpp"  # noqa: S105 (a prefix, not a secret)


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def new_key_id() -> str:
    return secrets.token_hex(8)


def new_secret() -> str:
    return secrets.token_urlsafe(32)


def token_for(key_id: str, secret: str) -> str:
    return f"{TOKEN_PREFIX}_{key_id}_{secret}"


def split_token(token: str) -> tuple[str, str] | None:
    """(key id, secret) of a bearer token, or None when it is not one of ours."""
    parts = token.split("_", 2)
    if len(parts) != 3 or parts[0] != TOKEN_PREFIX or not parts[1] or not parts[2]:
        return None
    return parts[1], parts[2]


class ApiClient(models.Model):
    class Scope(models.TextChoices):
        READ = "read", "Read"
        WRITE = "write", "Write"

    # The role its user holds: what its organisation's lead (or officer, or manager) sees.
    # Role group names (partners.roles.Role: not imported, as partners.models imports this module).
    ROLES = {
        "partner lead": "Partner lead",
        "officer": "Officer",
        "manager": "Manager",
        "administrator": "Administrator",
    }

    organisation = models.ForeignKey(
        "partners.Organisation", on_delete=models.PROTECT, related_name="api_clients"
    )
    name = models.CharField(max_length=100)
    role = models.CharField(max_length=20, choices=list(ROLES.items()))
    scopes = models.JSONField(default=list)  # ["read"] or ["read", "write"]
    key_id = models.CharField(max_length=16, unique=True)
    secret_hash = models.CharField(max_length=64)
    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="api_client")
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["organisation__name", "name"]
        verbose_name = "API client"
        constraints = [
            models.UniqueConstraint(fields=["organisation", "name"], name="api_client_unique_name"),
        ]

    def __str__(self):
        return f"{self.name} ({self.organisation})"

    def secret_matches(self, secret: str) -> bool:
        return hmac.compare_digest(self.secret_hash, hash_secret(secret))

    def may_write(self) -> bool:
        return self.Scope.WRITE in self.scopes

    @property
    def is_usable(self) -> bool:
        return self.revoked_at is None and self.expires_at > timezone.now() and self.user.is_active
