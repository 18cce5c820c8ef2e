"""Second factors (django-otp): enrolment, verification at sign-in and an administrator's reset.

A user's factors are one TOTP device (an authenticator app) and one static device holding
their recovery codes, each usable once. Every write here is one transaction with its event.
"""

import re
import time

from django.contrib.auth import SESSION_KEY
from django.db import transaction
from django.utils import timezone
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from audit.services import log_event

from .permissions import require

RECOVERY_CODE_COUNT = 10
TOTP_STEP, TOTP_DIGITS, TOTP_TOLERANCE = 30, 6, 1


def _normalise_code(code: str) -> str:
    """What was typed, without the spaces and hyphens people copy codes with, lower case."""
    return re.sub(r"[\s-]+", "", code or "").lower()


def mfa_enrol(*, user, key: str, code: str) -> list[str] | None:
    """Set up the user's authenticator app (TOTP `key`, hex) once `code` proves it, with new
    recovery codes: returns the codes (shown once) or None for a wrong code (audited)."""
    code = _normalise_code(code)
    totp = TOTP(bytes.fromhex(key), step=TOTP_STEP, digits=TOTP_DIGITS)
    totp.time = time.time()
    accepted = code.isdigit() and len(code) == TOTP_DIGITS and totp.verify(int(code), TOTP_TOLERANCE)
    with transaction.atomic():
        if not accepted:
            _failed(user, reason="Wrong code while setting up a second factor")
            return None
        # One set of factors a user: an administrator's reset removes them to start again.
        TOTPDevice.objects.filter(user=user).delete()
        StaticDevice.objects.filter(user=user).delete()
        # last_t: the code just used cannot sign in again.
        TOTPDevice.objects.create(
            user=user,
            name="Authenticator app",
            key=key,
            step=TOTP_STEP,
            digits=TOTP_DIGITS,
            tolerance=TOTP_TOLERANCE,
            last_t=totp.t(),
            confirmed=True,
        )
        codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
        static = StaticDevice.objects.create(user=user, name="Recovery codes", confirmed=True)
        StaticToken.objects.bulk_create(StaticToken(device=static, token=c) for c in codes)
        log_event(
            action="auth.mfa_enrol",
            actor=user,
            target=user,
            target_label=user.get_username(),
            changes={"second factor": [None, "authenticator app"], "recovery codes": [None, len(codes)]},
        )
    return codes


def mfa_verify(*, user, code: str):
    """Check a sign-in's second factor: a code from the app, or a recovery code (then spent).

    Returns the device that accepted it, or None (audited; the sign-in view counts it
    toward the lockout as it does a wrong password).
    """
    code = _normalise_code(code)
    with transaction.atomic():
        device = None
        if code.isdigit() and len(code) == TOTP_DIGITS:
            # The app's device alone: a mistyped app code does not slow the recovery codes down.
            for candidate in TOTPDevice.objects.select_for_update().filter(user=user, confirmed=True):
                if candidate.verify_token(code):  # spends the time step; throttles after failures
                    device = candidate
                    break
        elif code:
            for candidate in StaticDevice.objects.select_for_update().filter(user=user, confirmed=True):
                if candidate.verify_token(code):  # deletes the code: each works once
                    device = candidate
                    break
        if device is None:
            _failed(user, reason="Wrong second factor code")
            return None
        if isinstance(device, StaticDevice):
            left = device.token_set.count()
            log_event(
                action="auth.mfa_recovery_code",
                actor=user,
                target=user,
                target_label=user.get_username(),
                changes={"recovery codes left": [left + 1, left]},
            )
        else:
            log_event(action="auth.mfa_verify", actor=user, target=user, target_label=user.get_username())
    return device


def mfa_reset(*, actor, user) -> int:
    """Remove a user's second factors (a lost phone) and end their sessions: they set one up
    again at their next sign-in.

    Administrators only, and a superuser's only by a superuser (as for their password).
    Returns how many devices went.
    """
    require(actor, "partners.reset_second_factor", user, action="auth.mfa_reset", target=user)
    with transaction.atomic():
        _, apps = TOTPDevice.objects.filter(user=user).delete()
        _, recovery = StaticDevice.objects.filter(user=user).delete()
        removed = apps.get("otp_totp.TOTPDevice", 0) + recovery.get("otp_static.StaticDevice", 0)
        ended = _end_sessions(user)
        log_event(
            action="auth.mfa_reset",
            actor=actor,
            target=user,
            target_label=user.get_username(),
            changes={
                "second factor": ["set up" if removed else "none", "none"],
                "sessions ended": [None, ended],
            },
        )
    return removed


def _end_sessions(user) -> int:
    """Sign the user out everywhere: whoever holds the lost phone may be signed in as them.

    Sessions are in the database (expired ones go daily with clearsessions), read here only.
    """
    from django.contrib.sessions.models import Session

    ended = [
        session.pk
        for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator()
        if str(session.get_decoded().get(SESSION_KEY)) == str(user.pk)
    ]
    Session.objects.filter(pk__in=ended).delete()
    return len(ended)


def _failed(user, *, reason: str) -> None:
    log_event(
        action="auth.mfa_failed", actor=None, target=user, target_label=user.get_username(), reason=reason
    )
