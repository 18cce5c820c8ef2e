"""Setting an objective's baseline from the police.uk figures of its plan's area."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction

from audit.edits import record_edit
from audit.models import Event
from audit.services import log_event
from hotspots.figure_counts import family_count_in_areas, imported_months
from hotspots.figure_measures import month_runs
from hotspots.measures import months_between, period_label
from hotspots.models import CrimeFamily
from partners.permissions import require
from partners.refusals import refuse

from .models import Objective


def objective_baseline_from_figures(*, actor, objective, family: CrimeFamily, period) -> Objective:
    """Set an objective's baseline to the target-area count of a crime family over a period."""
    plan = objective.plan
    require(actor, "plans.edit_plan", plan, action="plan.objective_baseline", target=objective, plan=plan)
    if plan.area_id is None:
        refuse(
            "Choose the plan's hotspot area before setting a baseline from its figures.",
            action="plan.objective_baseline",
            actor=actor,
            target=objective,
            plan=plan,
        )
    start, end = period
    months = months_between(start, end)
    missing = sorted(set(months) - imported_months(months))
    if missing:
        # Whole periods only: a count over a period with months missing is not its baseline.
        raise ValidationError(
            f"No baseline can be taken from {period_label(start, end)}: police.uk data is not imported "
            f"for {month_runs(missing)}. Import those months first."
        )
    value = family_count_in_areas(areas=[plan.area], family=family, start=start, end=end)
    note = f"{family.described} in {plan.area.name}, {period_label(start, end)}: {value} incidents"
    with transaction.atomic():
        objective = Objective.objects.select_for_update().get(pk=objective.pk)
        # Not a form's edit: no version to check, but a change moves the version on, so an edit
        # form opened before this cannot write the old baseline back.
        changes = record_edit(
            objective,
            fields=["baseline", "baseline_note"],
            values={"baseline": Decimal(value).quantize(Decimal("0.01")), "baseline_note": note[:300]},
            version=None,
            events=Event.objects.none(),
        )
        if changes:
            objective.save(update_fields=["baseline", "baseline_note", "version"])
        log_event(action="plan.objective_baseline", actor=actor, target=objective, plan=plan, changes=changes)
    return objective
