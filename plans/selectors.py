"""Reads of plans that depend on who is asking. No view queries Plan unfiltered."""

from django.db.models import QuerySet
from django.http import Http404

from partners.roles import is_police

from .models import Plan, PlanGroupObjectPermission


def _partner_group_ids(user):
    return user.groups.filter(organisation__isnull=False).values("pk")


def plans_visible_to(user) -> QuerySet[Plan]:
    """Plans this user may see: police see all; partners only plans their organisation is on."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return Plan.objects.none()
    if is_police(user):
        return Plan.objects.all()
    # A grant to the organisation's group on this plan (guardian's direct FK table):
    # one indexed semi-join, no content-type lookup, and never a global permission.
    granted = PlanGroupObjectPermission.objects.filter(
        group__in=_partner_group_ids(user), permission__codename="view_plan"
    ).values("content_object_id")
    return Plan.objects.filter(pk__in=granted)


def plan_for_user_or_404(user, pk, queryset: QuerySet[Plan] | None = None) -> Plan:
    """The plan if this user may see it; 404 otherwise, so its existence is not revealed."""
    qs = plans_visible_to(user) if queryset is None else queryset & plans_visible_to(user)
    try:
        return qs.get(pk=pk)
    except (Plan.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404("No such plan") from exc


def can_edit_plan(user, plan: Plan) -> bool:
    """Owner or co-owner of an open plan may edit its content (PRODUCT.md permission table)."""
    if not getattr(user, "is_authenticated", False) or not plan.is_open:
        return False
    if plan.owner_id == user.pk:
        return True
    return plan.co_owners.filter(pk=user.pk).exists()
