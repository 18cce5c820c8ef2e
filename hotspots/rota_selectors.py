"""Rota reads that depend on who is asking: police see every organisation's slots; a partner lead
sees its own organisation's, in the areas of its plans, and nothing else."""

import datetime

from django.db.models import F, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from partners.permissions import may
from partners.roles import is_police, organisation_of

from .compliance import Compliance, compliance, slots_with_delivery
from .models import Area
from .rota import local_minutes, week_start
from .rota_models import RotaException, RotaPattern, RotaSlot
from .selectors import patrol_areas_for, patrols_visible_to


def _sees_rota(user) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and may(user, "hotspots.see_rota")


def rota_areas_for(user) -> QuerySet[Area]:
    """The areas whose rota this user reads: police any, a partner lead those of its plans."""
    if not _sees_rota(user):
        return Area.objects.none()
    return patrol_areas_for(user)


def _own(queryset, user):
    if is_police(user):
        return queryset
    organisation = organisation_of(user)
    if organisation is None:
        return queryset.none()
    return queryset.filter(organisation=organisation, area__in=rota_areas_for(user))


def patterns_visible_to(user) -> QuerySet[RotaPattern]:
    """Rota patterns this user may see."""
    if not _sees_rota(user):
        return RotaPattern.objects.none()
    return _own(RotaPattern.objects.all(), user)


def slots_visible_to(user) -> QuerySet[RotaSlot]:
    """Planned slots this user may see."""
    if not _sees_rota(user):
        return RotaSlot.objects.none()
    return _own(RotaSlot.objects.all(), user)


def rota_area_for_user_or_404(user, pk) -> Area:
    """An area whose rota this user may read; 404 otherwise."""
    try:
        return rota_areas_for(user).get(pk=pk)
    except (Area.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404("No such area") from exc


def pattern_for_user_or_404(user, pk) -> RotaPattern:
    """A pattern this user may see; 404 otherwise, so another organisation's stay hidden."""
    try:
        return patterns_visible_to(user).select_related("area", "organisation").get(pk=pk)
    except (RotaPattern.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404("No such rota") from exc


def exception_for_user_or_404(user, pk) -> RotaException:
    """A cancelled or moved date of a pattern this user may see; 404 otherwise."""
    try:
        return (
            RotaException.objects.select_related("pattern")
            .filter(pattern__in=patterns_visible_to(user))
            .get(pk=pk)
        )
    except (RotaException.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404("No such rota date") from exc


def compliance_for(
    user, *, first: datetime.date, last: datetime.date, area: Area | None = None
) -> Compliance:
    """Compliance of the slots and patrols this user may see (of one area, or the whole programme)."""
    slots = slots_visible_to(user)
    patrols = patrols_visible_to(user)
    if not is_police(user):
        patrols = patrols.filter(area__in=rota_areas_for(user))
    if area is not None:
        slots = slots.filter(area=area)
        patrols = patrols.filter(area=area)
    return compliance(slots=slots, patrols=patrols, first=first, last=last)


def last_week(today: datetime.date) -> tuple[datetime.date, datetime.date]:
    """Monday to Sunday of the week before `today`'s."""
    monday = week_start(today) - datetime.timedelta(weeks=1)
    return monday, monday + datetime.timedelta(days=6)


def slots_short_of_delivery(user, *, first: datetime.date, last: datetime.date, areas=None):
    """The slots this user may see, starting from `first` to `last` and over by now, that were
    missed or part-delivered (annotated `delivered` minutes), oldest first; of `areas` only if given."""
    slots = slots_visible_to(user).filter(
        date__gte=first,
        date__lte=last,
        local_end__lte=local_minutes(*_now_local()),
    )
    if areas is not None:
        slots = slots.filter(area__in=areas)
    patrols = patrols_visible_to(user)
    return (
        slots_with_delivery(slots, patrols)
        .filter(delivered__lt=F("minutes"))
        .select_related("area", "organisation")
        .order_by("starts_at", "pk")
    )


def _now_local():
    now = timezone.localtime()
    return now.date(), now.time().replace(second=0, microsecond=0)


def rota_organisations_for(area: Area):
    """Who a pattern in this area may be for: the police, and the partners on its open plans."""
    from partners.models import POLICE_KINDS, Organisation
    from plans.models import OPEN_STAGES

    return (
        Organisation.objects.filter(is_active=True)
        .filter(
            Q(kind__in=POLICE_KINDS) | Q(plan_links__plan__area=area, plan_links__plan__state__in=OPEN_STAGES)
        )
        .distinct()
        .order_by("name")
    )


def rota_areas_with_open_plans(user) -> QuerySet[Area]:
    """The areas whose rota this user reads that may have one: those with an open plan."""
    from plans.models import OPEN_STAGES, Plan

    open_areas = Plan.objects.filter(state__in=OPEN_STAGES, area__isnull=False).values("area_id")
    return rota_areas_for(user).filter(pk__in=open_areas).order_by("name")


def funded_target():
    """The funded target in force (the newest set), or None."""
    from .rota_models import FundedTarget

    return FundedTarget.objects.first()


def funded_target_progress_for(user, *, today: datetime.date):
    """The programme's progress against its funded target: every organisation's hours, so police only."""
    from .target import progress

    if not is_police(user):
        return None
    target = funded_target()
    if target is None:
        return None
    return progress(target, patrols=patrols_visible_to(user), today=today)


def organisation_targets():
    """Each organisation's own share of the funded hours (managers' page; the view checks)."""
    from .rota_models import OrganisationTarget

    return OrganisationTarget.objects.select_related("organisation").order_by("organisation__name")
