"""A plan's timeline: the audit events about it, with what plans decide about who reads them."""

import functools
import operator
from dataclasses import dataclass

from django.db.models import Q
from django.urls import reverse

from audit import selectors as audit_selectors
from audit.selectors import CONSULTATION_ACTION, CONSULTATION_ACTIONS
from partners.roles import is_police

from .models import POLICE_ONLY_FIELDS, Plan
from .task_selectors import evidence_readable_on_plan


def plan_timeline(*, plan: Plan, user, limit: int = 50, consultations: bool = True) -> list:
    """The newest events about a plan that this user may read (audit.selectors.plan_timeline),
    with what plans decide about them: the police-only fields partners never read, and the
    evidence a partner's organisation owns (plans.task_selectors.evidence_readable_on_plan).

    The caller has checked the user may see the plan. Without `consultations`, page views are
    left out (the PDF's summary counts them instead).
    """
    return audit_selectors.plan_timeline(
        plan=plan,
        user=user,
        hidden_fields=POLICE_ONLY_FIELDS,
        evidence_readable=evidence_readable_on_plan,
        limit=limit,
        consultations=consultations,
    )


# The plan history's kinds (issue 23): each a name for the address, its words, and the actions
# it shows. Without a kind, the history is everything but the consultations, which it counts
# instead ("Viewed 12 times by 3 people"); "views" lists the plan's own page views. Task pages
# and "Our tasks" (task.view, tasks.list_view) stay in the trail, never on the plan's history.
# "Not a consultation" as one inequality per action: SQLite tests `action NOT IN (...)` against
# a table it builds per query, which made counting a plan's 10,000 events half as slow again.
_NOT_CONSULTED = functools.reduce(operator.and_, (~Q(action=action) for action in CONSULTATION_ACTIONS))
_STAGE_MOVES = Q(action="plan.transition") | Q(action__startswith="plan.closure")
_TASKS = Q(action__startswith="task.") & _NOT_CONSULTED
_EVIDENCE = Q(action__startswith="attachment.")
_VIEWS = Q(action=CONSULTATION_ACTION)
HISTORY_KINDS = {
    "": ("Everything but views", _NOT_CONSULTED),
    "changes": ("Changes", _NOT_CONSULTED & ~_STAGE_MOVES & ~_TASKS & ~_EVIDENCE),
    "stages": ("Stage moves", _STAGE_MOVES),
    "tasks": ("Tasks", _TASKS),
    "evidence": ("Evidence", _EVIDENCE),
    "views": ("Views", _VIEWS),
}
HISTORY_PAGE_SIZE = 25
# The plan page's "Latest activity": its newest events, with a link to the history's own page.
LATEST_ACTIVITY = 5


def _history_events(*, plan: Plan, user, kind: str, police: bool):
    return audit_selectors.plan_history(
        plan=plan,
        user=user,
        hidden_fields=POLICE_ONLY_FIELDS,
        evidence_readable=evidence_readable_on_plan,
        actions=HISTORY_KINDS[kind][1],
        reader_is_police=police,
    )


@dataclass
class HistoryPage:
    """A page of the history, as includes/_pagination.html reads a page, without counting the
    whole history: a plan's events are counted on every view of it otherwise (thousands of them,
    read for "Page 3 of 400"), so the page says which events it shows ("Events 26 to 50") and
    links to the newer and older ones."""

    object_list: list
    number: int
    has_next: bool

    def has_previous(self) -> bool:
        return self.number > 1

    def has_other_pages(self) -> bool:
        return self.has_previous() or self.has_next

    def previous_page_number(self) -> int:
        return self.number - 1

    def next_page_number(self) -> int:
        return self.number + 1

    def start_index(self) -> int:
        return (self.number - 1) * HISTORY_PAGE_SIZE + 1 if self.object_list else 0

    def end_index(self) -> int:
        return (self.number - 1) * HISTORY_PAGE_SIZE + len(self.object_list)

    @property
    def position(self) -> str:
        """Which events the page shows, in words: "Events 26 to 50"."""
        first, last = self.start_index(), self.end_index()
        return f"Event {first}" if first == last else f"Events {first} to {last}"


# No plan has a billion pages of history: a larger number is read as past the last page (and
# never reaches the database as an offset too large for it).
_PAGE_LIMIT = 1_000_000_000


def _page_number(asked) -> int:
    try:
        number = int(asked)
    except (TypeError, ValueError):
        return 1
    return min(max(number, 1), _PAGE_LIMIT)


def history_page(events, asked) -> HistoryPage:
    """The page of `events` asked for (a number; anything else is the first page), read with
    one event more than a page holds to know whether there are older ones. A page past the last
    one is the last page: then, and only then, the events are counted."""
    number = _page_number(asked)
    start = (number - 1) * HISTORY_PAGE_SIZE
    rows = list(events[start : start + HISTORY_PAGE_SIZE + 1])
    if not rows and number > 1:
        number = max(1, -(-events.count() // HISTORY_PAGE_SIZE))
        start = (number - 1) * HISTORY_PAGE_SIZE
        rows = list(events[start : start + HISTORY_PAGE_SIZE + 1])
    return HistoryPage(
        object_list=rows[:HISTORY_PAGE_SIZE], number=number, has_next=len(rows) > HISTORY_PAGE_SIZE
    )


def plan_history(*, plan: Plan, user, kind: str = "", page_number=None) -> dict:
    """A page of the plan's history for its own page (plans:history): 25 events of one kind (or
    of all but views), newest first, read as plan_timeline reads them; the kinds to choose from;
    and the plan's views in one line. A kind not in the list is the whole history (and
    `kind_unknown` says so)."""
    unknown = kind not in HISTORY_KINDS
    kind = "" if unknown else kind
    police = is_police(user)
    events, present = _history_events(plan=plan, user=user, kind=kind, police=police)
    page = history_page(events, page_number)
    page.object_list = present(page.object_list)
    return {
        "history_page": page,
        "history_kind": kind,
        "history_kind_words": HISTORY_KINDS[kind][0],
        "history_kind_unknown": unknown,
        "history_kinds": [{"key": key, "words": words} for key, (words, _) in HISTORY_KINDS.items()],
        "history_views": audit_selectors.consultations_summary(plan=plan, user=user, reader_is_police=police),
        "history_url": reverse("plans:history", kwargs={"pk": plan.pk}),
    }


def latest_activity(*, plan: Plan, user) -> dict:
    """The plan page's "Latest activity": the newest events of the history's first page (all
    but views, read as plan_history reads them) and how many the whole history has."""
    events, present = _history_events(plan=plan, user=user, kind="", police=is_police(user))
    return {
        "latest_events": present(list(events[:LATEST_ACTIVITY])),
        "history_count": events.count(),
    }
