"""Disclosures: every PDF or CSV that leaves the system is recorded with its purpose and recipient."""

from audit.models import Event
from audit.services import log_event


def disclosure_record(
    *,
    actor,
    kind: str,
    purpose: str,
    recipient: str,
    filename: str,
    target=None,
    plan=None,
    police_only: bool = False,
) -> Event:
    """Write the `report.export` event for one export, before its bytes are sent."""
    purpose, recipient = purpose.strip(), recipient.strip()
    if not purpose or not recipient:
        raise ValueError("An export needs a stated purpose and recipient.")
    return log_event(
        action="report.export",
        actor=actor,
        target=target,
        plan=plan,
        police_only=police_only,
        changes={"kind": [None, kind], "filename": [None, filename], "recipient": [None, recipient]},
        reason=purpose,
    )
