"""Deployment checks of sign-in: production needs every user's second factor."""

from django.conf import settings
from django.core import checks


def second_factor_required(app_configs, **kwargs):
    errors = []
    if not settings.MFA_REQUIRED:
        errors.append(
            checks.Error(
                "MFA_REQUIRED is off: users could sign in to OFFICIAL-SENSITIVE data with a password alone.",
                hint="Unset MFA_REQUIRED (it defaults to on) or set it to true.",
                id="partners.E001",
            )
        )
    if settings.MFA_EXEMPT_USERNAMES:
        errors.append(
            checks.Error(
                f"MFA_EXEMPT_USERNAMES lets {', '.join(settings.MFA_EXEMPT_USERNAMES)} sign in without a second factor.",
                hint="Unset MFA_EXEMPT_USERNAMES: only the development settings exempt the demo users.",
                id="partners.E002",
            )
        )
    return errors


def register() -> None:
    checks.register(second_factor_required, checks.Tags.security, deploy=True)
