"""Reads of plans that depend on who is asking. No view queries Plan unfiltered."""

import datetime

from django.db.models import Case, IntegerField, Prefetch, Q, QuerySet, Value, When
from django.db.models.functions import Lower
from django.http import Http404
from django.utils import timezone

from audit import personal
from partners.permissions import may
from partners.roles import Role, is_officer, is_police, partner_group_ids, permission_id

from .models import (
    POLICE_ONLY_FIELDS,
    Attachment,
    ClosureRequest,
    Comment,
    Plan,
    PlanGroupObjectPermission,
    PlanPartner,
    Response,
    Stage,
    review_overdue,
)


def plans_visible_to(user) -> QuerySet[Plan]:
    """Plans this user may see: police see all; partners only plans their organisation is on."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return Plan.objects.none()
    if is_police(user):
        return Plan.objects.all()
    # A grant to the organisation's group on this plan (guardian's direct FK table): one
    # indexed semi-join, no content-type lookup, and never a global permission. The group ids
    # come with the roles read above, so the plan query joins no membership tables.
    granted = PlanGroupObjectPermission.objects.filter(
        group_id__in=partner_group_ids(user), permission_id=permission_id("plans.view_plan")
    ).values("content_object_id")
    return Plan.objects.filter(pk__in=granted)


def in_operation_between(plans: QuerySet[Plan], start: datetime.date, end: datetime.date) -> QuerySet[Plan]:
    """The plans in operation at some time from `start` to `end`: started by the end, and neither
    closed nor withdrawn before the start (a plan counts in every period up to the day it ended)."""
    return plans.filter(
        Q(start_date__lte=end),
        Q(closed_at__isnull=True) | Q(closed_at__date__gte=start),
        Q(withdrawn_at__isnull=True) | Q(withdrawn_at__date__gte=start),
    )


def plan_for_user_or_404(user, pk, queryset: QuerySet[Plan] | None = None) -> Plan:
    """The plan if this user may see it; 404 otherwise, so its existence is not revealed."""
    qs = plans_visible_to(user) if queryset is None else queryset & plans_visible_to(user)
    try:
        return qs.get(pk=pk)
    except (Plan.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404("No such plan") from exc


def officers() -> QuerySet:
    """Users who may own or co-own a plan."""
    from django.contrib.auth import get_user_model

    return (
        get_user_model()
        .objects.filter(groups__name=Role.OFFICER.value, is_active=True)
        .filter(api_client__isnull=True)  # a police system's API client acts as an officer, owns nothing
        .order_by("first_name", "last_name", "username")
    )


STAGE_ORDER = Case(
    *(When(state=stage, then=Value(i)) for i, stage in enumerate(Stage)), output_field=IntegerField()
)
PRIORITY_ORDER = Case(
    *(When(priority=value, then=Value(i)) for i, value in enumerate(Plan.Priority)),
    output_field=IntegerField(),
)
# The list's sort columns (plans.filter_forms.PLAN_SORTS) as orderings, ascending; the primary key
# last, so the order is total and a page never repeats or skips a plan.
PLAN_LIST_ORDERINGS = {
    "reference": ("reference",),
    "title": (Lower("title"), "reference"),
    "area": (Lower("area__name"), "reference"),
    "stage": (STAGE_ORDER, "reference"),
    "owner": (Lower("owner__last_name"), Lower("owner__first_name"), "reference"),
    "priority": (PRIORITY_ORDER, "reference"),
    "review": ("next_review_date", "reference"),
}


def plan_list_for(
    user,
    *,
    search: str = "",
    stage: str = "",
    area_id: int | None = None,
    owner_id: int | None = None,
    organisation_id: int | None = None,
    priority: str = "",
    overdue: bool = False,
    closure_requested: bool = False,
    sort: str = "",
    descending: bool = False,
) -> QuerySet[Plan]:
    """The plan list: what this user may see, searched and filtered; sorted by a column, or else
    an officer's own plans first, then the most recently changed."""
    qs = plans_visible_to(user).select_related("owner", "area")
    if search:
        qs = qs.filter(
            Q(reference__icontains=search)
            | Q(title__icontains=search)
            | Q(hotspot_name__icontains=search)
            | Q(area__name__icontains=search)
        )
    if stage:
        qs = qs.filter(state=stage)
    if area_id:
        qs = qs.filter(area_id=area_id)
    if owner_id:
        qs = qs.filter(owner_id=owner_id)
    if organisation_id:
        qs = qs.filter(pk__in=PlanPartner.objects.filter(organisation_id=organisation_id).values("plan_id"))
    if priority:
        qs = qs.filter(priority=priority)
    if overdue:
        qs = qs.filter(review_overdue(timezone.localdate()))
    if closure_requested and may(user, "plans.see_closure_requests"):
        qs = qs.filter(
            pk__in=ClosureRequest.objects.filter(status=ClosureRequest.Status.WAITING).values("plan_id")
        )
    if sort in PLAN_LIST_ORDERINGS:
        ordering = [*PLAN_LIST_ORDERINGS[sort], "pk"]
        return qs.order_by(
            *(
                (term.desc() if descending else term.asc())
                if not isinstance(term, str)
                else (f"-{term}" if descending else term)
                for term in ordering
            )
        )
    if is_officer(user):
        qs = qs.annotate(
            mine=Case(When(owner_id=user.pk, then=Value(0)), default=Value(1), output_field=IntegerField())
        ).order_by("mine", "-updated_at", "-pk")
    else:
        qs = qs.order_by("-updated_at", "-pk")
    return qs


def review_queue_for(user) -> dict:
    """A manager's queue: closure requests waiting, plans in Assess awaiting closure, open plans past their review date,
    and closed or withdrawn plans due for their review for retention."""
    visible = plans_visible_to(user).select_related("owner")
    return {
        "closure_requests": list(closure_requests_waiting_for(user)),
        "awaiting_closure": list(visible.filter(state=Stage.ASSESS).order_by("updated_at", "pk")),
        "review_overdue": list(
            visible.filter(review_overdue(timezone.localdate())).order_by("next_review_date", "pk")
        ),
        "retention_due": list(
            visible.filter(
                state__in=[Stage.CLOSED, Stage.WITHDRAWN], retention_review_date__lte=timezone.localdate()
            ).order_by("retention_review_date", "pk")
        ),
    }


def closure_requests_waiting_for(user) -> QuerySet[ClosureRequest]:
    """Closure requests waiting for a manager, oldest first, on plans this user may see; police
    only (the owner's note is written to managers)."""
    if not is_police(user):
        return ClosureRequest.objects.none()
    return (
        ClosureRequest.objects.filter(status=ClosureRequest.Status.WAITING, plan__in=plans_visible_to(user))
        .select_related("plan", "requested_by")
        .order_by("requested_at", "pk")
    )


def plan_for_detail(user, pk) -> Plan:
    """The plan with everything its page shows, in a fixed number of queries, or 404."""
    queryset = Plan.objects.select_related("owner", "area").prefetch_related(
        "co_owners",
        "sources",
        "objectives",
        Prefetch("responses", queryset=Response.objects.select_related("lead_organisation")),
    )
    return plan_for_user_or_404(user, pk, queryset)


def disposal_summary(plan: Plan) -> dict:
    """What a disposal would remove, in counts: the page shows it before the manager confirms."""
    return {
        "fields": [
            Plan._meta.get_field(name).verbose_name for name in POLICE_ONLY_FIELDS if getattr(plan, name)
        ],
        "comments": Comment.objects.filter(plan=plan, police_only=True).count(),
        "evidence_files": Attachment.objects.filter(task__plan=plan).count(),
        "audit_values": personal.unerased(plan.pk).count(),
    }
