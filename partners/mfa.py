"""Who needs a second factor, and the sign-in waiting for it.

The password step does not sign anyone in when a second factor is needed: it keeps the user's
id in the session as a pending sign-in, and only the second step (a code, or setting up an
app the first time) calls Django's login(). So no session is ever signed in on a password
alone, and `auth.login` (with the lockout's reset) happens once both factors passed.
"""

import time
from base64 import b32encode

import segno
from django.conf import settings
from django.contrib.auth import get_user_model
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp.util import random_hex

from . import roles

PENDING_KEY = "mfa_pending"
RECOVERY_CODES_KEY = "mfa_recovery_codes"


def second_factor_required(user) -> bool:
    """MFA_REQUIRED asks it of everyone; without it, of managers, administrators and anyone
    who has set one up. MFA_EXEMPT_USERNAMES (the demo users, development settings only)
    sign in without one."""
    if user.get_username() in settings.MFA_EXEMPT_USERNAMES:
        return False
    if settings.MFA_REQUIRED or user.is_staff or user.is_superuser:
        return True
    return roles.is_manager(user) or roles.is_administrator(user) or has_second_factor(user)


def has_second_factor(user) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def begin(request, user, *, next_url: str) -> None:
    """Hold a sign-in whose password was right until its second factor is."""
    request.session.cycle_key()
    request.session[PENDING_KEY] = {
        "user": user.pk,
        "backend": user.backend,
        "next": next_url,
        "since": time.time(),
    }


def pending_user(request):
    """The user whose password was right in this session, or None (none, or too long ago)."""
    pending = request.session.get(PENDING_KEY)
    if not pending:
        return None
    if time.time() - pending["since"] > settings.MFA_PENDING_SECONDS:
        abandon(request)
        return None
    user = get_user_model().objects.filter(pk=pending["user"], is_active=True).first()
    if user is None:
        abandon(request)
        return None
    user.backend = pending["backend"]
    return user


def pending_next(request) -> str:
    return (request.session.get(PENDING_KEY) or {}).get("next") or settings.LOGIN_REDIRECT_URL


def enrolment_key(request) -> str:
    """The new app's secret, kept in the pending sign-in until a code proves it was set up."""
    pending = request.session[PENDING_KEY]
    if "key" not in pending:
        pending["key"] = random_hex(20)
        request.session.modified = True
    return pending["key"]


def abandon(request) -> None:
    request.session.pop(PENDING_KEY, None)


def setup_url(user, key: str) -> str:
    """The otpauth:// address an authenticator app reads from the QR code."""
    return TOTPDevice(user=user, key=key).config_url


def qr_code_data_uri(url: str) -> str:
    """The address as a QR code, an SVG made here (nothing fetched), for an <img> tag."""
    return segno.make(url, error="m").svg_data_uri(scale=5, border=4, dark="#0b0c0c", light="#ffffff")


def key_for_typing(key: str) -> str:
    """The secret in base 32, in groups of four, for an app set up by typing it."""
    text = b32encode(bytes.fromhex(key)).decode()
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))
