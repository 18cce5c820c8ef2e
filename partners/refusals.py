"""The one way an action is refused: `Refused`, carrying the sentence the user reads and the
HTTP status of the page that says it (403 may not, 404 not seen, 409 in the way of someone
else's change). Services raise it through `refuse` (or `partners.permissions.require`), which
records the attempt first; `partners.middleware.RefusalMiddleware` turns it into the page.
"""

from typing import NoReturn

from django.core.exceptions import PermissionDenied

from audit.services import log_refused


class Refused(PermissionDenied):
    """An action refused, with the reason the user is told and the page's status.

    A PermissionDenied, so code and tests that expect Django's refusal still see one.
    """

    def __init__(self, reason: str, *, status: int = 403):
        if status not in (403, 404, 409):
            raise ValueError(f"A refusal is a 403, 404 or 409, not {status}")
        self.reason = reason
        self.status = status
        super().__init__(reason)


def refuse(
    reason: str,
    *,
    action: str,
    actor,
    target=None,
    plan=None,
    record: bool = True,
    status: int = 403,
    logged: str = "",
) -> NoReturn:
    """Raise Refused; with `record` (a service's call, or a view's POST) the attempt is written to
    the audit trail first as `<action>.refused`. Call it outside the refused action's transaction,
    which rolls back, so the record stays.

    A view refusing a GET passes record=False: nothing was attempted. A 404 records nothing either:
    the event would name what the user may not know exists. `logged`: the event's reason when it
    says more than the user's sentence (which file was refused, say).
    """
    if record and status != 404:
        log_refused(action=action, actor=actor, target=target, plan=plan, reason=logged or reason)
    raise Refused(reason, status=status)
