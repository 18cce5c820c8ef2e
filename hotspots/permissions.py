"""Who may do what with areas, patrols, crime families and imports (PRODUCT.md permission
table): the only place these rules live. Which areas a partner lead logs patrols in, and which
patrols it reads, are list filters (hotspots.selectors)."""

import rules

from partners.permissions import (
    active,
    administrator,
    in_an_organisation,
    manager,
    officer,
    partner_lead,
    police,
    register_rule,
)
from partners.roles import organisation_of


@rules.predicate
def own_organisations_patrol(user, patrol) -> bool:
    organisation = organisation_of(user)
    return patrol is not None and organisation is not None and patrol.organisation_id == organisation.pk


@rules.predicate
def holds_crime_family_permission(user, verb) -> bool:
    """The administrators' model permission to `verb` ("add", "change", "delete") a crime family
    (partners.roles.ROLE_PERMISSIONS): checked as `may(user, "hotspots.change_crime_families", verb)`."""
    return verb in ("add", "change", "delete") and user.has_perm(f"hotspots.{verb}_crimefamily")


@rules.predicate
def in_a_police_organisation(user) -> bool:
    organisation = organisation_of(user)
    return organisation is not None and organisation.is_police


@rules.predicate
def uploaded_it(user, batch) -> bool:
    return batch is not None and batch.uploaded_by_id == getattr(user, "pk", None)


@rules.predicate
def batch_undoable_now(user, batch) -> bool:
    """Not undone yet, and within hotspots.batch_models.UNDO_DAYS of its upload."""
    return batch is not None and batch.undoable_now


# Officers log for the police; partner leads for their own organisation (PRODUCT.md).
logs_patrols = (officer | partner_lead) & in_an_organisation


def _register(name: str, predicate, refusal: str) -> None:
    register_rule(name, predicate, refusal, module=__name__)


_register(
    "hotspots.see_areas",
    police | administrator,
    "Only police and administrators see the area pages.",
)
# Officers draw the hotspots they work; managers and administrators keep them right.
_register(
    "hotspots.manage_areas",
    officer | manager | administrator,
    "Only officers, managers and administrators add, change or remove areas.",
)
# Scan ranks the whole force's incidents: police only (partners get 404).
_register("hotspots.scan", police, "Only police use Scan.")
# The quarterly hotspot refresh reads Scan's ranking: police managers only (partners get 404).
_register(
    "hotspots.review_hotspot_refresh",
    police & manager,
    "Only programme managers review the quarterly hotspot refresh.",
)
_register(
    "hotspots.decide_hotspot_refresh",
    police & manager,
    "Only programme managers decide which hotspots continue.",
)
_register("hotspots.see_patrols", police | partner_lead, "Only police and partner leads see patrols.")
_register("hotspots.log_patrols", logs_patrols, "Only officers and partner leads may log patrols.")
# Whoever may log patrols corrects or removes their own organisation's, and no other's.
_register(
    "hotspots.change_patrol",
    logs_patrols & own_organisations_patrol,
    "Only your own organisation's patrols can be changed.",
)
_register("hotspots.import_incidents", administrator, "Only administrators may import police.uk data.")
_register(
    "hotspots.change_crime_families",
    active & holds_crime_family_permission,
    "Only administrators may change crime families.",
)

# The patrol rota (hotspots.rota_services): the police plan every organisation's slots; a partner
# lead sees its own organisation's (hotspots.rota_selectors) and confirms them.
_register(
    "hotspots.see_rota",
    police | partner_lead,
    "Only police and partner leads see the patrol rota.",
)
_register(
    "hotspots.plan_rota",
    officer | manager,
    "Only officers and managers plan the patrol rota.",
)
_register(
    "hotspots.confirm_rota",
    partner_lead & own_organisations_patrol,
    "Only a lead of the organisation on these slots may confirm them.",
)
_register(
    "hotspots.set_funded_target",
    manager,
    "Only programme managers set the funded patrol hours target.",
)

# Patrols in bulk (hotspots.batch_services): a spreadsheet is uploaded by whoever logs patrols
# (hotspots.log_patrols); GPS pings by officers and administrators, for the police.
_register(
    "hotspots.derive_gps_visits",
    (officer | administrator) & in_a_police_organisation,
    "Only police officers and administrators in a police force upload GPS pings.",
)
_register(
    "hotspots.see_patrol_batches",
    police | partner_lead | administrator,
    "Only police, partner leads and administrators see uploaded patrol batches.",
)
_register(
    "hotspots.undo_patrol_batch",
    uploaded_it,
    "Only the person who uploaded a batch may undo it.",
)
_register(
    "hotspots.undo_patrol_batch_in_time",
    batch_undoable_now,
    "A batch can be undone only once, within 7 days of its upload.",
)
# Partners' quarterly claims (hotspots.claim_services): managers set rates and decide claims; a
# partner lead reads its own organisation's statements (hotspots.claim_selectors).
_register(
    "hotspots.see_claims",
    manager | partner_lead,
    "Only programme managers and partner leads see patrol claims.",
)
_register(
    "hotspots.decide_claims",
    manager,
    "Only programme managers set partners' rates and approve or query their claims.",
)
