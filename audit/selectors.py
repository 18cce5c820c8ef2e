"""Audit reads: a plan's timeline and the search, each filtered by who is reading.

Who reads what:
- a plan's timeline: whoever may see the plan (the caller checked); police-only events
  and police-only values only for police (officers and managers);
- the audit search and its CSV export: managers and administrators. Managers are police
  and see every event. An administrator who is not police (runs accounts, organisations
  and imports) sees every event except the police-only ones: those carry police-only
  values, which PRODUCT.md keeps to police. An administrator who is also a manager or
  officer sees them as police.
"""

import datetime
from collections.abc import Callable, Iterable

from django.apps import apps
from django.conf import settings
from django.db.models import Count, Exists, Min, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from partners.permissions import may

from . import personal, presentation
from .models import Event

# Events about evidence: an attachment as the target, or the file a task was completed with.
ATTACHMENT_TARGET = "plans.attachment"
TASK_TARGET = "plans.task"
EVIDENCE_CHANGE = "evidence"
# An export's event: its stated purpose and recipient (which may name a person).
DISCLOSURE_ACTION = "report.export"
# Events that only police and the acting user's own organisation read on a plan's history: an
# export's recipient and purpose, and a patrol's record (its note is the organisation's own, and
# another organisation's patrols are not theirs to read: hotspots.selectors).
ORGANISATION_ONLY_ACTIONS = (DISCLOSURE_ACTION, "patrol.log", "patrol.update", "patrol.delete")
# A page of the plan (or of one of its parts) consulted.
CONSULTATION_ACTION = "plan.view"
# Every consultation about a plan: its own pages, a task's page, and "Our tasks" listing it. The
# trail keeps them all; a plan's history counts only the first as "Viewed the plan".
CONSULTATION_ACTIONS = (CONSULTATION_ACTION, "task.view", "tasks.list_view")


def newest_change() -> tuple[int, str] | None:
    """The newest event that records something done, not something read (any but a
    consultation): its sequence and hash, or None while the trail has none. Every write is a
    service's, audited in its transaction, so a figure worked out from the records can be kept
    under this: when it moves, something the figure may count has changed."""
    return (
        Event.objects.exclude(action__in=CONSULTATION_ACTIONS)
        .order_by("-sequence")
        .values_list("sequence", "hash")
        .first()
    )


def _plan_model():
    """The model an event's plan_id refers to (settings.AUDIT_PLAN_MODEL), named as a foreign key
    names its model: audit imports nothing from the app that writes plans."""
    return apps.get_model(settings.AUDIT_PLAN_MODEL)


def events_visible_to(user) -> QuerySet[Event]:
    """Every event this user may read in the audit search (none for anyone else)."""
    if not may(user, "audit.search_events"):
        return Event.objects.none()
    if may(user, "audit.see_police_only_events"):
        return Event.objects.all()
    return Event.objects.filter(police_only=False)


def _reader_is_police(user):
    """`partners.roles.is_police` as a subquery: the same single query whatever is cached on the user."""
    from django.contrib.auth.models import Group

    from partners.roles import Role

    return Exists(Group.objects.filter(user=user.pk, name__in=[Role.OFFICER.value, Role.MANAGER.value]))


def _colleagues(user) -> QuerySet:
    """Ids of the members of the user's organisations (the user among them), as a subquery."""
    from partners.models import Membership

    return Membership.objects.filter(organisation__group__user=user.pk).values("user_id")


def _target_pk(event) -> int | None:
    try:
        return int(event.target_id)
    except (TypeError, ValueError):
        return None


def plan_timeline(
    *,
    plan,
    user,
    hidden_fields: Iterable[str],
    evidence_readable: Callable[[object, object], tuple[set[int], set[int]]],
    limit: int = 50,
    consultations: bool = True,
) -> list[Event]:
    """The newest events about a plan that this user may read. Call it through
    plans.selectors.plan_timeline, which passes what is particular to plans:

    - `hidden_fields`: the plan's police-only fields;
    - `evidence_readable(user, plan)`: the ids of the tasks whose completion file, and of the
      attachments, this reader's organisation owns (called only when an event names evidence).

    The caller has checked the user may see the plan. Partners get no police-only events;
    as a second guard, a police-only field (`hidden_fields`) that a service put in a shared
    event by mistake is dropped from what they read. Evidence belongs to the organisation it
    was added for, not to the one holding the task now: for any other reader who is not
    police, events about an attachment they may not read are left out (older events take their
    place) and the file a task was completed with is dropped from its event. A partner's export,
    and a patrol it logged against the plan, are its organisation's business: other partners on
    the plan do not read them (police readers do).
    Without `consultations`, page views are left out (the PDF's summary counts them instead).
    """
    events = _plan_events_for(plan, user)
    if not consultations:  # a summary of what was done: page views would crowd it out
        events = events.exclude(action__in=CONSULTATION_ACTIONS)
    readable = _reader(plan, user, hidden_fields, evidence_readable)

    # One query as a rule; another, of older events, only when some had to be left out.
    shown, older_than = [], None
    while len(shown) < limit:
        chunk = list((events if older_than is None else events.filter(sequence__lt=older_than))[:limit])
        shown += [event for event in chunk if readable(event)]
        if len(chunk) < limit:
            break
        older_than = chunk[-1].sequence
    # Sealed personal values are only in police-only events, which only police readers got.
    return presentation.describe(personal.reveal(shown[:limit]))


def _plan_events_for(plan, user, *, reader_is_police: bool | None = None) -> QuerySet[Event]:
    """A plan's events, newest first, without those this reader may never read: police-only
    events for partners, and another organisation's exports and patrols. Whether the reader is
    police is asked of the database in the same query, unless the caller knows
    (`reader_is_police`, from partners.roles.is_police): police read every event."""
    events = Event.objects.filter(plan_id=plan.pk).order_by("-sequence")
    if reader_is_police:
        return events
    if reader_is_police is None and getattr(user, "is_authenticated", False):
        return events.annotate(reader_is_police=_reader_is_police(user)).filter(
            Q(reader_is_police=True)
            | Q(police_only=False)
            & (~Q(action__in=ORGANISATION_ONLY_ACTIONS) | Q(actor__in=_colleagues(user)))
        )
    if getattr(user, "is_authenticated", False):
        return events.filter(
            Q(police_only=False) & (~Q(action__in=ORGANISATION_ONLY_ACTIONS) | Q(actor__in=_colleagues(user)))
        )
    return events.filter(police_only=False).exclude(action__in=ORGANISATION_ONLY_ACTIONS)


def _reader(plan, user, hidden_fields, evidence_readable, evidence=None, *, police: bool = False):
    """`readable(event)`: False for an event about an attachment this reader may not read;
    otherwise True, with the police-only fields and another organisation's evidence file
    dropped from its changes. `evidence` (task ids, attachment ids), if known, saves a read.
    A police reader (`police`, or as the event's query found) reads every event whole."""
    hidden = tuple(hidden_fields)
    known = evidence

    def readable(event) -> bool:
        nonlocal known
        if police or getattr(event, "reader_is_police", False):
            return True
        if isinstance(event.changes, dict) and any(name in event.changes for name in hidden):
            event.changes = {k: v for k, v in event.changes.items() if k not in hidden}
        names_evidence = isinstance(event.changes, dict) and EVIDENCE_CHANGE in event.changes
        if event.target_type == ATTACHMENT_TARGET or names_evidence:
            if known is None:
                known = evidence_readable(user, plan)
            tasks, attachments = known
            if event.target_type == ATTACHMENT_TARGET and _target_pk(event) not in attachments:
                return False
            if names_evidence and not (event.target_type == TASK_TARGET and _target_pk(event) in tasks):
                event.changes = {k: v for k, v in event.changes.items() if k != EVIDENCE_CHANGE}
        return True

    return readable


def plan_history(
    *,
    plan,
    user,
    hidden_fields: Iterable[str],
    evidence_readable: Callable[[object, object], tuple[set[int], set[int]]],
    actions: Q,
    reader_is_police: bool,
) -> tuple[QuerySet[Event], Callable[[list[Event]], list[Event]]]:
    """A plan's history to page through: the events this reader may read whose action `actions`
    selects (plans.timeline names the kinds), newest first, as a query to slice (and count); and
    the function that makes a page of it readable (as `plan_timeline` does).

    For a reader who is not police, the events about attachments they may not read are left
    out in the query itself (one read of which are theirs), so every page is a full page and
    the count is what they may read.
    """
    events = _plan_events_for(plan, user, reader_is_police=reader_is_police).filter(actions)
    evidence = None
    if not reader_is_police:
        evidence = (
            evidence_readable(user, plan) if getattr(user, "is_authenticated", False) else (set(), set())
        )
        events = events.exclude(
            Q(target_type=ATTACHMENT_TARGET) & ~Q(target_id__in=[str(pk) for pk in evidence[1]])
        )
    readable = _reader(plan, user, hidden_fields, evidence_readable, evidence, police=reader_is_police)

    def present(page: list[Event]) -> list[Event]:
        return presentation.describe(personal.reveal([event for event in page if readable(event)]))

    return events, present


def consultations_summary(*, plan, user, reader_is_police: bool | None = None) -> dict:
    """How often this plan's pages were viewed, by how many people, since when: of the views
    this reader may read, in one query (`reader_is_police` as for _plan_events_for)."""
    return (
        _plan_events_for(plan, user, reader_is_police=reader_is_police)
        .filter(action=CONSULTATION_ACTION)
        .order_by()
        # Counted by `sequence`, in the plan's index with every column read here, so PostgreSQL
        # reads the index alone (the primary key is not in it; SQLite's rowid is).
        .aggregate(times=Count("sequence"), people=Count("actor", distinct=True), since=Min("occurred_at"))
    )


def stage_withdrawn_from(plan) -> str | None:
    """The stage a withdrawn plan was in when it was withdrawn, from its withdrawal's event:
    nothing leaves Withdrawn, so its last transition is the withdrawal. None if there is none."""
    changes = (
        Event.objects.filter(plan_id=plan.pk, action="plan.transition")
        .order_by("-sequence")
        .values_list("changes", flat=True)
        .first()
    )
    state = (changes or {}).get("state") if isinstance(changes, dict) else None
    if isinstance(state, list) and len(state) == 2 and state[1] == "withdrawn":
        return state[0]
    return None


def plan_ids_created_in(request_id: str) -> QuerySet:
    """The ids of the plans whose creation was recorded under this request id (a command's run)."""
    return Event.objects.filter(action="plan.create", request_id=request_id).values("plan_id")


def plan_for_reference(reference: str):
    """The plan with this reference, or None (the search is for managers and administrators)."""
    return _plan_model().objects.filter(reference__iexact=reference.strip()).only("pk", "reference").first()


def _start_of(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def actor_usernames(person: str) -> list[str]:
    """The usernames a person filter names: accounts whose username is it (in any case) or whose
    full name contains it, and the text as typed, for an account since removed (events keep
    the username they were written with)."""
    from django.contrib.auth import get_user_model
    from django.db.models import Value
    from django.db.models.functions import Concat

    person = person.strip()
    accounts = (
        get_user_model()
        .objects.annotate(full_name=Concat("first_name", Value(" "), "last_name"))
        .filter(Q(username__iexact=person) | Q(full_name__icontains=person))
        .values_list("username", flat=True)
    )
    return sorted({person, *accounts})


def actions_matching(action: str) -> list[str]:
    """An action and its refusals, or a family of them ("plan": every plan action), as stored.

    Exact values, so the search reads the (action, sequence) index rather than every event.
    """
    from .presentation import ACTION_WORDS

    chosen = [name for name in ACTION_WORDS if name == action or name.startswith(f"{action}.")]
    return sorted(chosen + [f"{name}.refused" for name in chosen])


def events_search(
    *,
    user,
    username: str = "",
    organisation: str = "",
    plan_id: int | None = None,
    action: str = "",
    date_from: datetime.date | None = None,
    date_to: datetime.date | None = None,
) -> QuerySet[Event]:
    """The events this user may read that match every filter given, newest first, with plan references."""
    events = events_visible_to(user)
    if username:
        events = events.filter(actor_username__in=actor_usernames(username))
    if organisation:
        events = events.filter(actor_organisation=organisation)
    if plan_id is not None:
        events = events.filter(plan_id=plan_id)
    if action:
        events = events.filter(action__in=actions_matching(action))
    if date_from:
        events = events.filter(occurred_at__gte=_start_of(date_from))
    if date_to and date_to < datetime.date.max:  # up to 31 December 9999 is every event
        events = events.filter(occurred_at__lt=_start_of(date_to + datetime.timedelta(days=1)))
    # Without the plans' default order, which the subquery would otherwise sort its one row by.
    reference = _plan_model().objects.filter(pk=OuterRef("plan_id")).order_by().values("reference")[:1]
    return events.annotate(plan_reference=Subquery(reference)).order_by("-sequence")
