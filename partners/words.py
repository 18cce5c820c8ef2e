"""The words of partners' events (organisations, members, accounts, signing in), registered with
audit.presentation when the app is ready."""

from django.contrib.auth import get_user_model

from audit import presentation as words

from .models import ApiClient, Membership, Organisation

ACCOUNT_FIELDS = {
    "is_active": "Account active",
    "password": "Password",
    "second factor": "Second factor",
    "recovery codes": "Recovery codes",
    "sessions ended": "Sessions ended",
}


def groups_words(changes, people, action: str) -> str:
    """A user's roles and organisations as they were and are: "Roles: Officer → none"; the groups
    that give an organisation's rights (org:...) read as "membership of an organisation"."""
    value = changes.get("groups")
    if not isinstance(value, list) or len(value) != 2:
        return ""

    def roles(names) -> str:
        names = [str(name) for name in names or []]
        shown = [name.capitalize() for name in names if not name.startswith("org:")]
        return words.joined(shown) or "none"

    old, new = value
    if roles(old) == roles(new):
        return "Organisation membership changed"
    return f"Roles: {roles(old)} {words.ARROW} {roles(new)}"


def register() -> None:
    words.register_model(Organisation, labels={"is_active": "Active"}, kinds={"slug": words.HIDDEN})
    words.register_model(Membership, labels={"user": "Member", "organisation": "Organisation"})
    words.register_model(
        ApiClient,
        labels={"expires_at": "Expires", "revoked_at": "Revoked"},
        kinds={"key_id": words.HIDDEN, "secret_hash": words.HIDDEN},
    )
    User = get_user_model()
    words.register_model(User)
    for name, label in ACCOUNT_FIELDS.items():
        words.register_field(name, label, target_type=User._meta.label_lower)
    words.register_sentence("groups", groups_words)
