"""Sign-in, sign-out and failed sign-in: one audit event each, from Django's auth signals."""

from .services import log_event

# Never more of what was typed than a username could be (the password is never here:
# Django replaces it in `credentials` before sending the signal).
MAX_USERNAME = 150


def record_login(sender, request, user, **kwargs) -> None:
    log_event(action="auth.login", actor=user, target=user, target_label=user.get_username())


def record_logout(sender, request, user, **kwargs) -> None:
    if user is None:  # signing out when not signed in: nothing happened
        return
    log_event(action="auth.logout", actor=user, target=user, target_label=user.get_username())


def record_login_failed(sender, credentials, request=None, **kwargs) -> None:
    if credentials.get("second_factor"):
        return  # a wrong second-factor code: partners.mfa_services recorded it (auth.mfa_failed)
    if credentials.get("password_change"):
        return  # a wrong current password: partners.services recorded it (auth.password_change_failed)
    username = str(credentials.get("username") or "")[:MAX_USERNAME]
    locked_out = bool(getattr(request, "axes_locked_out", False))
    log_event(
        action="auth.login_failed",
        actor=None,
        changes={"username": [None, username]},
        reason="Refused: too many failed attempts" if locked_out else "Wrong username or password",
    )


def connect() -> None:
    from django.contrib.auth import signals

    signals.user_logged_in.connect(record_login, dispatch_uid="audit.auth.login")
    signals.user_logged_out.connect(record_logout, dispatch_uid="audit.auth.logout")
    signals.user_login_failed.connect(record_login_failed, dispatch_uid="audit.auth.login_failed")
