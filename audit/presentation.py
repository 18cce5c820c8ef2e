"""How an event reads to a person: the action in words, and each change as old → new."""

import json

# Every action the product writes (tests/audit/test_every_service_audits.py holds services to it):
# the audit pages show these words, and the search offers them.
ACTION_WORDS = {
    "auth.login": "Signed in",
    "auth.logout": "Signed out",
    "auth.login_failed": "Failed to sign in",
    "auth.mfa_enrol": "Set up a second factor",
    "auth.mfa_verify": "Entered a second factor code",
    "auth.mfa_recovery_code": "Used a recovery code",
    "auth.mfa_failed": "Entered a wrong second factor code",
    "auth.mfa_reset": "Reset a user's second factor",
    "auth.password_change": "Changed a password",
    "auth.password_change_failed": "Entered a wrong current password when changing it",
    "auth.password_reset": "Reset a password with an emailed link",
    "user.create": "Created a user account",
    "user.update": "Changed a user account",
    "plan.create": "Created the plan",
    "plan.update": "Changed the plan",
    "plan.view": "Viewed the plan",
    "plan.transition": "Moved the plan to another stage",
    "plan.closure_request": "Asked a manager to close the plan",
    "plan.closure_return": "Sent back the request to close the plan",
    "plan.retention_review": "Reviewed the plan for retention",
    "plan.retention_keep": "Kept the plan at its review for retention",
    "plan.dispose": "Disposed of the plan's personal data",
    "plan.partner_add": "Added a partner organisation",
    "plan.partner_remove": "Removed a partner organisation",
    "plan.source_add": "Added a source",
    "plan.source_remove": "Removed a source",
    "plan.objective_add": "Added an objective",
    "plan.objective_update": "Changed an objective",
    "plan.objective_remove": "Removed an objective",
    "plan.objective_baseline": "Set an objective's baseline from the figures",
    "plan.response_add": "Added a response",
    "plan.response_update": "Changed a response",
    "plan.response_remove": "Removed a response",
    "task.view": "Viewed a task",
    "tasks.list_view": "Listed the plan's tasks in Our tasks",
    "task.update": "Changed a task",
    "task.assign": "Assigned a task",
    "task.reassign": "Reassigned a task",
    "task.start": "Started a task",
    "task.block": "Marked a task blocked",
    "task.resume": "Resumed a task",
    "task.complete": "Completed a task",
    "task.cancel": "Cancelled a task",
    "task.reminders_sent": "Sent overdue task reminders",
    "comment.add": "Commented",
    "attachment.upload": "Uploaded an attachment",
    "storage.orphans_remove": "Removed evidence files no record held",
    "attachment.download": "Downloaded an attachment",
    "report.export": "Exported a report",
    "organisation.create": "Created an organisation",
    "organisation.update": "Changed an organisation",
    "membership.add": "Added a member to an organisation",
    "membership.change": "Changed a member's role",
    "membership.remove": "Removed a member from an organisation",
    "patrol.log": "Logged a patrol",
    "patrol.update": "Corrected a patrol",
    "patrol.delete": "Removed a patrol",
    "area.create": "Created an area",
    "scan.plan_start": "Started a plan from Scan",
    "area.update": "Changed an area",
    "area.delete": "Removed an area",
    "crimefamily.create": "Created a crime family",
    "crimefamily.update": "Changed a crime family",
    "crimefamily.delete": "Deleted a crime family",
    "incidents.import": "Imported a month of police.uk incidents",
    "audit.checkpoint": "Wrote a signed checkpoint of the audit trail",
    "audit.search_consult": "Read police-only values in the audit search",
}

MAX_VALUE = 300
EMPTY = "(empty)"


def action_words(action: str) -> str:
    """`plan.transition` → "Moved the plan to another stage"; unknown actions read as their parts."""
    if action.endswith(".refused"):
        return f"Refused: {action_words(action.removesuffix('.refused')).lower()}"
    if action in ACTION_WORDS:
        return ACTION_WORDS[action]
    return action.replace(".", " ").replace("_", " ").capitalize()


def _text(value) -> str:
    if value is None or value == "":
        return EMPTY
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, dict | list):
        value = json.dumps(value, ensure_ascii=False, sort_keys=True)
    value = str(value)
    return value if len(value) <= MAX_VALUE else value[: MAX_VALUE - 1] + "…"


def change_rows(changes) -> list[dict]:
    """Each changed field with its label, old and new value (a lone value is shown as new)."""
    if not isinstance(changes, dict):
        return []
    rows = []
    for field, value in changes.items():
        label = str(field).replace("_", " ").capitalize()
        if isinstance(value, list | tuple) and len(value) == 2:
            old, new = value
            rows.append({"field": label, "old": None if old is None else _text(old), "new": _text(new)})
        else:
            rows.append({"field": label, "old": None, "new": _text(value)})
    return rows
