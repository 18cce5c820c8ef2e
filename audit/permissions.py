"""Who may read the audit trail (the search and its CSV export): the only place these rules live.

Managers are police and read every event; an administrator who is not police (runs accounts,
organisations and imports) reads every event but the police-only ones. A plan's own timeline is
read by whoever sees the plan (plans.selectors), its police-only events by police only.
"""

from partners.permissions import active, administrator, manager, police, register_rule

searches_the_trail = active & (manager | administrator)

register_rule(
    "audit.search_events",
    searches_the_trail,
    "Only managers and administrators may read the audit trail.",
    module=__name__,
)
register_rule(
    "audit.export_events",
    searches_the_trail,
    "Only managers and administrators may export the audit trail.",
    module=__name__,
)
register_rule(
    "audit.see_police_only_events",
    searches_the_trail & police,
    "Only police read police-only events.",
    module=__name__,
)
