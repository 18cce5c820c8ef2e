"""A manager's share of the funded patrol hours for one organisation, beside the programme's:
keyword-only, atomic, audited (the programme's own target is hotspots.rota_services)."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum

from audit.services import log_event
from partners.permissions import require

from .rota_models import FundedTarget, OrganisationTarget

MOST_HOURS = 10_000_000


def organisation_target_set(*, actor, organisation, hours: int | None) -> OrganisationTarget | None:
    """A manager sets an organisation's funded patrol hours over the programme's funded period,
    or clears it (`hours` None). The organisations' hours together may not exceed the programme's."""
    require(actor, "hotspots.set_funded_target", action="target.organisation_set", target=organisation)
    if hours is not None and not 1 <= int(hours) <= MOST_HOURS:
        raise ValidationError({"hours": "Enter the hours as a whole number, at least 1"})
    with transaction.atomic():
        programme = FundedTarget.objects.select_for_update().first()
        if programme is None:
            raise ValidationError("Set the programme's funded period and hours first")
        row = OrganisationTarget.objects.select_for_update().filter(organisation=organisation).first()
        old = row.hours if row else None
        if hours is None and row is None:
            raise ValidationError({"hours": f"{organisation.name} has no funded hours of its own to clear"})
        if hours is not None:
            others = (
                OrganisationTarget.objects.exclude(organisation=organisation).aggregate(total=Sum("hours"))[
                    "total"
                ]
                or 0
            )
            if others + hours > programme.hours:
                said = (
                    f"other organisations have {others:,} of them"
                    if others
                    else f"enter at most {programme.hours:,}"
                )
                raise ValidationError(
                    {
                        "hours": f"The organisations' hours would come to {others + hours:,}, more than "
                        f"the programme's {programme.hours:,}: {said}"
                    }
                )
        if hours is None:
            row.delete()
            row = None
        elif row is None:
            row = OrganisationTarget.objects.create(organisation=organisation, hours=hours, set_by=actor)
        else:
            row.hours, row.set_by = hours, actor
            row.save(update_fields=["hours", "set_by", "set_at"])
        log_event(
            action="target.organisation_set",
            actor=actor,
            target=organisation,
            changes={"hours": [old, hours]},
        )
    return row
