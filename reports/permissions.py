"""Who may export which report and read the programme figures: the only place these rules live.

Which plans a report may be of is the plan's visibility (plans.selectors, 404 otherwise); which
figures the programme page counts for a user is its scope (reports.programme.scope_for).
"""

from partners.permissions import manager, partner_lead, police, register_rule


def _register(name: str, predicate, refusal: str) -> None:
    register_rule(name, predicate, refusal, module=__name__)


_register(
    "reports.export_plan_report",
    police | partner_lead,
    "Only police and partner leads may export a plan report.",
)
# Everyone else who exports a plan report gets the partner version, without police-only values.
_register(
    "reports.export_police_version",
    police,
    "Only police export a plan report with its police-only values.",
)
_register(
    "reports.see_programme",
    police | partner_lead,
    "Only police and partner leads have a programme view.",
)
_register(
    "reports.export_programme_report",
    manager,
    "Only programme managers may export the programme report.",
)
_register(
    "reports.export_funder_return",
    manager,
    "Only programme managers may export the funder return.",
)
_register(
    "reports.export_plan_list",
    manager,
    "Only programme managers may export the plan list.",
)
