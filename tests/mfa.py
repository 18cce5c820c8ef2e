"""Second-factor helpers for tests: the code an authenticator app would show, and enrolment."""

import time

from django_otp.oath import TOTP
from django_otp.util import random_hex

from partners import mfa_services


def totp_code(key: str, *, steps_ahead: int = 0) -> str:
    """The 6-digit code an app set up with `key` (hex) shows now, or `steps_ahead` steps later."""
    totp = TOTP(bytes.fromhex(key), step=mfa_services.TOTP_STEP, digits=mfa_services.TOTP_DIGITS)
    totp.time = time.time() + steps_ahead * mfa_services.TOTP_STEP
    return f"{totp.token():0{mfa_services.TOTP_DIGITS}d}"


def enrol(user) -> str:
    """Set up an app for `user` through the service; returns its key (hex)."""
    key = random_hex(20)
    assert mfa_services.mfa_enrol(user=user, key=key, code=totp_code(key)) is not None
    return key
