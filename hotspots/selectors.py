"""Hotspot reads that depend on who is asking, and the evidence panel on the plan page."""

from django.db.models import QuerySet
from django.http import Http404
from django.utils.safestring import mark_safe

from partners.permissions import may
from partners.roles import is_partner_lead, is_police, organisation_of

from .charts import line_chart_svg
from .figure_counts import all_imported_months
from .figure_periods import plan_periods
from .figures import area_figures_for_families
from .models import HEADLINE_FAMILIES, Area, CrimeFamily, PatrolLog
from .patrols import summarise


def areas_visible_to(user) -> QuerySet[Area]:
    if not getattr(user, "is_authenticated", False) or not may(user, "hotspots.see_areas"):
        return Area.objects.none()
    return Area.objects.all()


def patrol_areas_for(user) -> QuerySet[Area]:
    """Where this user may log a patrol: police anywhere, a partner lead only in its plans' areas."""
    from partners.roles import is_police
    from plans.selectors import plans_visible_to

    if is_police(user):
        return Area.objects.all()
    return Area.objects.filter(pk__in=plans_visible_to(user).filter(area__isnull=False).values("area_id"))


def area_for_user_or_404(user, pk) -> Area:
    try:
        return areas_visible_to(user).get(pk=pk)
    except (Area.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404("No such area") from exc


def patrols_visible_to(user) -> QuerySet[PatrolLog]:
    """Police see every patrol; a partner lead sees only their own organisation's."""
    if not getattr(user, "is_authenticated", False):
        return PatrolLog.objects.none()
    if is_police(user):
        return PatrolLog.objects.all()
    organisation = organisation_of(user)
    if is_partner_lead(user) and organisation is not None:
        return PatrolLog.objects.filter(organisation=organisation)
    return PatrolLog.objects.none()


def patrol_for_user_or_404(user, pk) -> PatrolLog:
    """A patrol this user may see; 404 otherwise, so another organisation's patrols stay hidden."""
    try:
        return patrols_visible_to(user).select_related("area", "organisation", "plan").get(pk=pk)
    except (PatrolLog.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404("No such patrol") from exc


def assess_families() -> list[CrimeFamily]:
    by_slug = {f.slug: f for f in CrimeFamily.objects.filter(slug__in=HEADLINE_FAMILIES)}
    return [by_slug[slug] for slug in HEADLINE_FAMILIES if slug in by_slug]


def default_family_slug() -> str:
    """Serious violence when it exists (administrators may rename or remove families)."""
    slugs = list(CrimeFamily.objects.values_list("slug", flat=True))
    for slug in HEADLINE_FAMILIES:
        if slug in slugs:
            return slug
    return slugs[0] if slugs else ""


def plan_assess_context(*, plan, user) -> dict:
    """Context for templates/hotspots/_plan_assess.html on the plan detail page."""
    if plan.area_id is None:
        return {"assess_area": None}
    area = plan.area
    # The plan page prefetches co-owners: read them from the cache rather than ask again.
    can_set_baseline = (
        getattr(user, "is_authenticated", False)
        and plan.is_open
        and (plan.owner_id == user.pk or any(u.pk == user.pk for u in plan.co_owners.all()))
    )
    covered = all_imported_months()
    before, after = plan_periods(plan, last_imported=max(covered) if covered else None)
    chosen = assess_families()
    families = [
        {"family": family, "figures": figures, "chart": mark_safe(line_chart_svg(figures))}  # noqa: S308 (escaped in charts)
        for family, figures in zip(
            chosen,
            area_figures_for_families(
                area=area, families=chosen, before=before, after=after, covered=covered
            ),
            strict=True,
        )
    ]
    return {
        "assess_area": area,
        "assess_area_link": may(user, "hotspots.see_areas"),
        "assess_before": before,
        "assess_after": after,
        "assess_families": families,
        "assess_patrols": summarise(PatrolLog.objects.filter(area=area)),
        "assess_can_set_baseline": can_set_baseline,
        "assess_objectives": list(plan.objectives.all()) if can_set_baseline else [],
    }
