"""The words of an export's event (`report.export`), registered with audit.presentation when the
app is ready: what was exported, in which file, to whom (the purpose is the event's reason)."""

from audit import presentation as words

EXPORT_KINDS = {
    "plan-pdf": "Plan report (PDF, police version)",
    "plan-pdf-partner": "Plan report (PDF, partner version)",
    "programme-pdf": "Programme report (PDF)",
    "funder-csv": "Funder return (CSV)",
    "audit-csv": "Audit trail events (CSV)",
    "claim-csv": "Partner's claim statement (CSV)",
    "claim-pdf": "Partner's claim statement (PDF)",
}


def register() -> None:
    words.register_field("kind", "Export", kind=words.CHOICE, choices=EXPORT_KINDS, action="report.export")
    words.register_field("filename", "File", action="report.export")
    words.register_field("recipient", "Given to", action="report.export")
