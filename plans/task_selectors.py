"""Reads of tasks, partners, comments and attachments that depend on who is asking.

Seeing a task follows seeing its plan; acting on a task needs the `change_task` grant that
assignment gives the organisation's group (or being the plan's owner or co-owner).
Evidence files belong to the organisation they were added for (`Attachment.organisation`), not
to whichever organisation holds the task now: police who see the plan and that organisation's
members read them; other partners, the task's organisation after a reassignment among them,
never reach them.
"""

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet, Value
from django.http import Http404
from django.utils import timezone

from audit.presentation import people_words
from partners.models import POLICE_KINDS, Membership, Organisation
from partners.permissions import may
from partners.roles import (
    is_police,
    organisation_ids,
    partner_group_ids,
    permission_id,
    task_holder_names,
)

from .models import (
    OPEN_WORK,
    Attachment,
    Comment,
    Plan,
    Task,
    TaskGroupObjectPermission,
    overdue_work,
)
from .selectors import plans_visible_to


def _signed_in(user) -> bool:
    return getattr(user, "is_authenticated", False) and user.is_active


def tasks_visible_to(user) -> QuerySet[Task]:
    """Tasks this user may read: those on the plans they may see (police: all)."""
    if not _signed_in(user):
        return Task.objects.none()
    if is_police(user):
        return Task.objects.all()
    return Task.objects.filter(plan__in=plans_visible_to(user).values("pk"))


def tasks_of_my_organisation(user) -> QuerySet[Task]:
    """Tasks whose change right the user's organisation holds (assignment grants it, removal revokes it).

    The grant is the rule: guardian's direct foreign-key table, as `plans.task_permissions.in_assigned_organisation`
    reads it, and never a global permission. Assignment only ever grants a task's own
    organisation, so the organisation condition changes no answer; it lets the database walk
    the organisation's tasks by index instead of every task in the programme.

    The grant is asked of each of those tasks (EXISTS, a probe of the grant table's unique
    index) rather than listed (IN): given the list, SQLite walked the organisation's grants and
    read every task they name, 6,200 of them at the benchmark's full scale, even for the list to
    do, which the index on (organisation, state, due date) finds among a hundred (5.6 ms against
    0.3 ms for "Our tasks"' page).
    """
    if not _signed_in(user):
        return Task.objects.none()
    groups = partner_group_ids(user)
    granted = TaskGroupObjectPermission.objects.filter(
        content_object_id=OuterRef("pk"),
        group_id__in=groups,
        permission_id=permission_id("plans.change_task"),
    )
    return Task.objects.filter(Exists(granted), organisation_id__in=organisation_ids(user))


def task_holders_of(user) -> list[str]:
    """The names of the organisations whose tasks are this user's "Our tasks": their partner
    organisation, or the police teams they are in (never the force itself, which holds none).
    Read with the user's groups (partners.roles), so no query of its own."""
    if not _signed_in(user):
        return []
    return list(task_holder_names(user))


# The two "Our tasks" lists: to do, earliest due first (so overdue first); finished, latest first.
TO_DO_ORDER = ("due_date", "pk")
FINISHED_ORDER = (F("completed_at").desc(nulls_last=True), "-due_date", "-pk")


def our_tasks(user, *, finished: bool = False) -> QuerySet[Task]:
    """The organisation's tasks still to do, or finished, in the lists' order, to count and page
    through. An organisation finishes thousands of tasks over the years, so the two are separate
    lists and the one that is worked on stays short. `task_rows` gives a page's rows.

    To do: the rows themselves, with what each row shows. The list's filter joins each task to
    its plan already (is the plan still open?), and the list is short, so the page is read with
    its rows in one query. Finished: the ids, chosen on the task table and the plan alone, since
    joined first to everything a row shows, the database would join every finished task of the
    years before sorting them.
    """
    # A task left unfinished when its plan closed or was withdrawn can no longer change: it is
    # listed with the finished ones, not as work to do.
    tasks = tasks_of_my_organisation(user)
    if finished:
        return tasks.exclude(OPEN_WORK).order_by(*FINISHED_ORDER).values("pk")
    return _with_what_a_row_shows(tasks.filter(OPEN_WORK)).order_by(*TO_DO_ORDER)


def task_rows(page_of_tasks, *, finished: bool = False) -> list[Task]:
    """One page of `our_tasks`, with what each row shows. A row lists no evidence (the task's page
    does, through `task_evidence`).

    A page to do holds its rows already. A finished page holds ids: they are read first, then
    their rows in one query, rather than as a subquery: SQLite plans the page's LIMIT inside an
    IN subquery poorly (5.6 ms against 1.3 + 2.7 ms for the two at the benchmark's small scale).
    """
    if not finished:
        return list(page_of_tasks)
    ids = [row["pk"] for row in page_of_tasks]
    if not ids:
        return []
    return list(_with_what_a_row_shows(Task.objects.filter(pk__in=ids)).order_by(*FINISHED_ORDER))


def _with_what_a_row_shows(tasks: QuerySet[Task]) -> QuerySet[Task]:
    return tasks.select_related("plan", "assignee").defer(*_PLAN_FIELDS_NOT_IN_A_ROW)


# What a row of "Our tasks" reads of its plan (its name, whether it is open) and what the
# consultation it records names; the rest of the plan (its SARA sections, police-only fields
# among them) stays in the database. Loading whole plans with their organisation and response
# was most of the rows' time (2.7 ms of CPU against 1.7 ms for the 17 rows of the benchmark's
# partner lead).
_PLAN_FIELDS_IN_A_ROW = {"id", "reference", "title", "state"}
_PLAN_FIELDS_NOT_IN_A_ROW = [
    f"plan__{field.name}" for field in Plan._meta.concrete_fields if field.name not in _PLAN_FIELDS_IN_A_ROW
]


def our_task_counts(user) -> dict[str, int]:
    """How many of the organisation's tasks are to do, how many of those overdue (as
    Task.is_overdue) and how many finished or left when their plan ended (the rest).

    Two queries: the work to do is found by the index on (organisation, state, due date) and
    joined to its plans, and all the tasks are counted on the organisation's index alone. In
    one query every task of the years would be joined to its plan (6.7 ms against 2.8 ms at
    the benchmark's full scale, 6,200 tasks, 118 to do)."""
    tasks = tasks_of_my_organisation(user)
    to_do = tasks.filter(OPEN_WORK).aggregate(
        to_do=Count("pk"), overdue=Count("pk", filter=overdue_work(timezone.localdate()))
    )
    every = tasks.aggregate(every=Count("pk"))["every"]
    return {"to_do": to_do["to_do"], "overdue": to_do["overdue"], "finished": every - to_do["to_do"]}


def task_for_user_or_404(user, pk) -> Task:
    """The task if this user may see its plan; 404 otherwise, so its existence is not revealed."""
    try:
        return (
            tasks_visible_to(user).select_related("plan", "organisation", "response", "assignee").get(pk=pk)
        )
    except (Task.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404("No such task") from exc


def _evidence_readable_by(user) -> QuerySet[Attachment]:
    """The evidence files this user may read on tasks they see: police every one, a partner its
    own organisations' (whoever holds the task now). Callers have checked the user sees the task."""
    if not _signed_in(user):
        return Attachment.objects.none()
    if is_police(user):
        return Attachment.objects.all()
    return Attachment.objects.filter(organisation__group_id__in=partner_group_ids(user))


def task_evidence(user, task: Task, *, can_add: bool) -> list[Attachment] | None:
    """The evidence the task's page lists to this user (one query): police every file, a partner
    its own organisation's. None, and no Evidence section, for a partner whose organisation
    neither holds the task (`can_add`: it may add some) nor has files of its own on it; after a
    reassignment the organisation before keeps its files, on a task it can no longer update."""
    evidence = list(
        _evidence_readable_by(user).filter(task=task).select_related("uploaded_by", "organisation")
    )
    # Who added each file, by name and organisation (one query), and its task in hand for the rules.
    people = people_words(attachment.uploaded_by.username for attachment in evidence)
    for attachment in evidence:
        attachment.task = task
        attachment.uploaded_by_words = people.get(attachment.uploaded_by.username, "")
    if evidence or can_add or is_police(user):
        return evidence
    return None


def evidence_readable_on_plan(user, plan: Plan) -> tuple[set[int], set[int]]:
    """What a partner may read about evidence on this plan, in one query: ids of the tasks whose
    completion file is its organisation's, and of the attachments that are.

    A task is completed once and never reassigned after, so the file it was completed with
    belongs to the organisation it is assigned to (police completing it add the file for that
    organisation, as any police upload does). For what other pages say about evidence, such as
    the plan's audit timeline; police read every file and do not need this.
    """
    if not _signed_in(user):
        return set(), set()
    groups = partner_group_ids(user)
    tasks = (
        Task.objects.filter(plan=plan, organisation__group_id__in=groups)
        .annotate(kind=Value("task"))
        .values_list("kind", "pk")
        .order_by()
    )
    attachments = (
        Attachment.objects.filter(task__plan=plan, organisation__group_id__in=groups)
        .annotate(kind=Value("attachment"))
        .values_list("kind", "pk")
        .order_by()
    )
    readable = {"task": set(), "attachment": set()}
    for kind, pk in tasks.union(attachments, all=True):
        readable[kind].add(pk)
    return readable["task"], readable["attachment"]


def attachment_for_user_or_404(user, pk) -> Attachment:
    """The attachment if the user sees its task and may read it ("plans.read_evidence"); 404 otherwise."""
    try:
        attachment = Attachment.objects.select_related("task__plan", "organisation").get(
            pk=pk, task__in=tasks_visible_to(user).values("pk")
        )
    except (Attachment.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404("No such attachment") from exc
    if not may(user, "plans.read_evidence", attachment):
        raise Http404("No such attachment")
    return attachment


def comments_visible_to(user, plan: Plan) -> QuerySet[Comment]:
    """Comments on a plan the user sees; police-only ones only for police."""
    qs = Comment.objects.filter(plan=plan).select_related("author")
    if not is_police(user):
        qs = qs.filter(police_only=False)
    return qs


def organisations_addable(plan: Plan, *, with_those_on_it: bool = False) -> QuerySet[Organisation]:
    """Active partner organisations not yet on the plan (`with_those_on_it`: and those on it,
    for a form that may be a repeat of the one that added them)."""
    organisations = Organisation.objects.filter(is_active=True).exclude(kind__in=POLICE_KINDS)
    if not with_those_on_it:
        organisations = organisations.exclude(plan_links__plan=plan)
    return organisations.order_by("name")


def organisations_on_plan(plan: Plan) -> QuerySet[Organisation]:
    return Organisation.objects.filter(plan_links__plan=plan).order_by("name")


def police_teams() -> QuerySet[Organisation]:
    """The force's active teams: assignable to a task on any plan, never put on one as partners."""
    return Organisation.objects.filter(is_active=True, kind=Organisation.Kind.POLICE_TEAM).order_by("name")


def organisations_assignable(plan: Plan) -> QuerySet[Organisation]:
    """Who a task on this plan may go to: the partners on it and every active police team."""
    return (
        Organisation.objects.filter(
            Q(plan_links__plan=plan) | Q(is_active=True, kind=Organisation.Kind.POLICE_TEAM)
        )
        .distinct()
        .order_by("name")
    )


def members_of_plan_organisations(plan: Plan):
    """Users who may be named as a task's assignee: members of the organisations on the plan and
    of the police teams."""
    from django.contrib.auth import get_user_model

    return (
        get_user_model()
        .objects.filter(
            Q(memberships__organisation__plan_links__plan=plan)
            | Q(
                memberships__organisation__kind=Organisation.Kind.POLICE_TEAM,
                memberships__organisation__is_active=True,
            ),
            is_active=True,
        )
        .distinct()
        .order_by("first_name", "last_name", "username")
    )


def is_member(user, organisation: Organisation) -> bool:
    return Membership.objects.filter(user=user, organisation=organisation).exists()
