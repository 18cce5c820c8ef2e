"""What each event says, in words: the one module that turns an event into text for a person.

Every surface that shows events (the plan's history, the audit search, the audit CSV's words
columns, the plan PDF) calls `describe(events)`, which puts an `EventWords` on each event:
who did it ("Priya Shah, Leicestershire Police"), what they did ("Changed the plan"), and each
change as its field's label with old and new values in words ("Stage: In progress → Done"), or
as a sentence ("Street Pastors can now see this plan"). Version numbers and internal ids are
never shown.

Audit knows nothing of plans: each app registers the words for its own models and fields when
it is ready (`register_model`, `register_field`, `register_sentence`, `register_event`; see
plans/words.py). A change nobody registered reads as its name, and `has_words` says so (the test
tests/audit/test_event_words.py fails on one).
"""

import dataclasses
import datetime
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.utils.text import capfirst

from . import personal

# Every action the product writes (tests/audit/test_every_service_audits.py holds services to it):
# the audit pages show these words, and the search offers them.
ACTION_WORDS = {
    "auth.login": "Signed in",
    "auth.logout": "Signed out",
    "auth.login_failed": "Failed to sign in",
    "auth.mfa_enrol": "Set up a second factor",
    "auth.mfa_verify": "Entered a second factor code",
    "auth.mfa_recovery_code": "Used a recovery code",
    "auth.mfa_failed": "Entered a wrong second factor code",
    "auth.mfa_reset": "Reset a user's second factor",
    "auth.password_change": "Changed a password",
    "auth.password_change_failed": "Entered a wrong current password when changing it",
    "auth.password_reset": "Reset a password with an emailed link",
    "user.create": "Created a user account",
    "user.update": "Changed a user account",
    "plan.create": "Created the plan",
    "plan.update": "Changed the plan",
    "plan.view": "Viewed the plan",
    "plan.transition": "Moved the plan to another stage",
    "plan.closure_request": "Asked a manager to close the plan",
    "plan.closure_return": "Sent back the request to close the plan",
    "plan.retention_review": "Reviewed the plan for retention",
    "plan.retention_keep": "Kept the plan at its review for retention",
    "plan.dispose": "Disposed of the plan's personal data",
    "plan.partner_add": "Added a partner organisation",
    "plan.partner_remove": "Removed a partner organisation",
    "plan.source_add": "Added a source",
    "plan.source_remove": "Removed a source",
    "plan.objective_add": "Added an objective",
    "plan.objective_update": "Changed an objective",
    "plan.objective_remove": "Removed an objective",
    "plan.objective_baseline": "Set an objective's baseline from the figures",
    "plan.response_add": "Added a response",
    "plan.response_update": "Changed a response",
    "plan.response_remove": "Removed a response",
    "task.view": "Viewed a task",
    "tasks.list_view": "Listed the plan's tasks in Our tasks",
    "task.update": "Changed a task",
    "task.assign": "Assigned a task",
    "task.reassign": "Reassigned a task",
    "task.start": "Started a task",
    "task.block": "Marked a task blocked",
    "task.resume": "Resumed a task",
    "task.complete": "Completed a task",
    "task.cancel": "Cancelled a task",
    "task.reminders_sent": "Sent overdue task reminders",
    "comment.add": "Commented",
    "attachment.upload": "Uploaded an attachment",
    "storage.orphans_remove": "Removed evidence files no record held",
    "attachment.download": "Downloaded an attachment",
    "report.export": "Exported a report",
    "organisation.create": "Created an organisation",
    "organisation.update": "Changed an organisation",
    "membership.add": "Added a member to an organisation",
    "membership.change": "Changed a member's role",
    "membership.remove": "Removed a member from an organisation",
    "patrol.log": "Logged a patrol",
    "patrol.update": "Corrected a patrol",
    "patrol.delete": "Removed a patrol",
    "rota.create": "Planned a patrol rota",
    "rota.update": "Changed a patrol rota",
    "rota.delete": "Removed a patrol rota",
    "rota.exception": "Cancelled or moved a rota slot",
    "rota.confirm": "Confirmed a patrol rota",
    "target.set": "Set the funded patrol hours target",
    "area.create": "Created an area",
    "scan.plan_start": "Started a plan from Scan",
    "area.update": "Changed an area",
    "area.delete": "Removed an area",
    "crimefamily.create": "Created a crime family",
    "crimefamily.update": "Changed a crime family",
    "crimefamily.delete": "Deleted a crime family",
    "incidents.import": "Imported a month of police.uk incidents",
    "audit.checkpoint": "Wrote a signed checkpoint of the audit trail",
    "audit.search_consult": "Read police-only values in the audit search",
}

MAX_VALUE = 300
EMPTY = "(empty)"


def action_words(action: str) -> str:
    """`plan.transition` → "Moved the plan to another stage"; unknown actions read as their parts."""
    if action.endswith(".refused"):
        return f"Refused: {action_words(action.removesuffix('.refused')).lower()}"
    if action in ACTION_WORDS:
        return ACTION_WORDS[action]
    return action.replace(".", " ").replace("_", " ").capitalize()


def change_rows(changes, *, action: str = "", target_type: str = "", people=None) -> list[dict]:
    """Each change as a dict (label as `field`, `old`, `new`, or a sentence as `text`): the
    changes_in_words of an event, for a template or a caller that has only its changes."""
    return [
        {"field": change.label, "old": change.old, "new": change.new, "text": change.text}
        for change in changes_in_words(changes, people or {}, action=action, target_type=target_type)
    ]


# What a value is, so it reads as a person reads it.
TEXT, CHOICE, DATE, TIME, FLAG, PERSON, PEOPLE, NAMES, COUNT, LINK, OUTLINE, HIDDEN = (
    "text",
    "choice",
    "date",
    "time",
    "flag",
    "person",
    "people",
    "names",
    "count",
    "link",
    "outline",
    "hidden",
)
ARROW = "→"


@dataclass(frozen=True)
class Field:
    """How one change reads: its label, what kind of value it holds, and for a choice its labels.
    For COUNT, `noun` names what is counted ("task": "2 tasks"); ids themselves are never shown."""

    label: str
    kind: str = TEXT
    choices: dict = dataclasses.field(default_factory=dict)
    noun: str = ""


# target type ("plans.plan") or action ("plan.dispose") -> field name -> Field; "" for any event.
_BY_TARGET: dict[str, dict[str, Field]] = {}
_BY_ACTION: dict[str, dict[str, Field]] = {}
# A field whose change is a sentence of its own: (changes, people, event) -> text or None.
_SENTENCES: dict[str, Callable] = {}
# An action whose changes read as sentences together: (changes, people, event) -> list of texts.
_EVENTS: dict[str, Callable] = {}


def register_field(
    name: str,
    label: str,
    *,
    kind: str = TEXT,
    choices=None,
    noun: str = "",
    target_type: str = "",
    action: str = "",
) -> None:
    """Words for a change named `name`: in one action's events, on one target type, or anywhere."""
    table, key = (_BY_ACTION, action) if action else (_BY_TARGET, target_type)
    table.setdefault(key, {})[name] = Field(label=label, kind=kind, choices=dict(choices or {}), noun=noun)


def register_model(model, *, labels: dict | None = None, kinds: dict | None = None, nouns=None) -> None:
    """Words for every field of a model, as events about it name them: the form's label where
    `labels` gives one, else the model's verbose name; choices by their labels; dates, times,
    flags and people as such. A foreign key reads also as `<name>_id` (a link, counted)."""
    from django.conf import settings
    from django.db import models

    labels, kinds, nouns = labels or {}, kinds or {}, nouns or {}
    target = model._meta.label_lower
    table = _BY_TARGET.setdefault(target, {})
    for model_field in [*model._meta.concrete_fields, *model._meta.many_to_many]:
        name = model_field.name
        label = labels.get(name) or capfirst(str(model_field.verbose_name))
        kind, choices = kinds.get(name), {}
        if model_field.choices:
            choices = {str(key): str(value) for key, value in model_field.flatchoices}
        if kind is None:
            related = getattr(model_field, "related_model", None)
            if related is not None and related._meta.label == settings.AUTH_USER_MODEL:
                kind = PEOPLE if model_field.many_to_many else PERSON
            elif model_field.many_to_many:
                kind = NAMES
            elif choices:
                kind = CHOICE
            elif isinstance(model_field, models.DateTimeField):
                kind = TEXT
            elif isinstance(model_field, models.DateField):
                kind = DATE
            elif isinstance(model_field, models.TimeField):
                kind = TIME
            elif isinstance(model_field, models.BooleanField):
                kind = FLAG
            else:
                kind = TEXT
        table[name] = Field(label=label, kind=kind, choices=choices, noun=nouns.get(name, ""))
        if model_field.many_to_one:
            table.setdefault(f"{name}_id", Field(label=label, kind=LINK, noun=nouns.get(name, "")))


def register_sentence(name: str, write: Callable) -> None:
    """A change that reads as a sentence of its own, whatever the event (a permission granted)."""
    _SENTENCES[name] = write


def register_event(action: str, write: Callable) -> None:
    """An action whose changes read together as sentences (a disposal: what was erased)."""
    _EVENTS[action] = write


def field_for(name: str, *, action: str = "", target_type: str = "") -> Field | None:
    """The words registered for a change, most particular first; None if there are none."""
    anywhere = _BY_TARGET.get("", {}).get(name)
    if anywhere is not None and anywhere.kind == HIDDEN:
        return anywhere  # hidden everywhere (a version number), whatever a model calls it
    for table, key in ((_BY_ACTION, action), (_BY_TARGET, target_type)):
        found = table.get(key, {}).get(name)
        if found is not None:
            return found
    return anywhere


def has_words(name: str, *, action: str = "", target_type: str = "") -> bool:
    """Whether a change has words of its own (not its name made readable)."""
    return (
        action in _EVENTS
        or name in _SENTENCES
        or field_for(name, action=action, target_type=target_type) is not None
    )


# --- Values in words ----------------------------------------------------------------------------


def joined(items: Iterable[str]) -> str:
    """ "a", "a and b", "a, b and c"."""
    items = [str(item) for item in items]
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} and {items[-1]}"


def counted(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


def _short(text: str) -> str:
    return text if len(text) <= MAX_VALUE else text[: MAX_VALUE - 1] + "…"


def _outline(value) -> str:
    if not isinstance(value, dict) or "coordinates" not in value:
        return EMPTY
    points = 0
    stack = [value.get("coordinates")]
    while stack:
        item = stack.pop()
        if isinstance(item, list) and item and all(isinstance(v, int | float) for v in item):
            points += 1
        elif isinstance(item, list):
            stack.extend(item)
    return f"an outline of {counted(points, 'point')}"


def value_words(value, spec: Field, people: dict[str, str]) -> str:
    """One value as a person reads it; never an internal id."""
    if spec.choices and isinstance(value, str | int) and str(value) in spec.choices:
        return spec.choices[str(value)]  # "" too, where a choice names it ("Not assessed yet")
    if value is None or value == "" or value == []:
        return EMPTY
    if personal.is_reference(value):  # a sealed value not revealed to this reader
        return "(police only)"
    kind = spec.kind
    if kind == LINK:  # a link to another record, by its id: there is one, or none
        return f"a {spec.noun or spec.label.lower()}"
    if kind == COUNT:
        number = len(value) if isinstance(value, list) else 1
        return counted(number, spec.noun or "item")
    if kind == OUTLINE or (isinstance(value, dict) and "coordinates" in value):
        return _outline(value)
    if isinstance(value, list):
        return joined(value_words(item, spec, people) for item in value)
    if kind == CHOICE or spec.choices:
        return spec.choices.get(str(value), str(value))
    if kind in (PERSON, PEOPLE):
        return people.get(str(value), str(value))
    if isinstance(value, bool) or kind == FLAG:
        return "yes" if value in (True, "true", "True") else "no"
    if kind == DATE:
        try:
            return f"{datetime.date.fromisoformat(str(value)[:10]):%-d %B %Y}"
        except ValueError:
            return str(value)
    if kind == TIME:
        return str(value)[:5]
    if isinstance(value, dict):
        return _short(json.dumps(value, ensure_ascii=False, sort_keys=True))
    return _short(str(value))


# --- Events in words ----------------------------------------------------------------------------


@dataclass
class Change:
    """A change as a row: its label and old and new values in words, or a sentence (`text`)."""

    label: str = ""
    old: str | None = None
    new: str = ""
    text: str = ""
    kind: str = TEXT

    @property
    def brief(self) -> str:
        """The change without free text (the PDF's summary): a sentence, a choice, a date or a
        number in full; what was written only by its label."""
        if not self.text and self.kind in (TEXT, OUTLINE):
            return self.label
        return str(self)

    def __str__(self) -> str:
        if self.text:
            return self.text
        if self.old is None:
            return f"{self.label}: {self.new}"
        return f"{self.label}: {self.old} {ARROW} {self.new}"


@dataclass
class EventWords:
    who: str
    what: str
    changes: list[Change]
    # What it was about, as the event names it; a person by their name, not their username.
    target: str = ""

    def sentence(self) -> str:
        """The whole event on one line (the CSV's words column)."""
        parts = [self.what]
        if self.changes:
            parts.append("; ".join(str(change) for change in self.changes))
        return ". ".join(parts)


def _pair(value):
    """A change as (old, new): [old, new] pairs, or a lone value as new."""
    if isinstance(value, list | tuple) and len(value) == 2:
        return value[0], value[1], True
    return None, value, False


def changes_in_words(
    changes, people: dict[str, str], *, action: str = "", target_type: str = ""
) -> list[Change]:
    """Each change of an event in words, in the order the event holds them; hidden ones left out."""
    if not isinstance(changes, dict) or not changes:
        return []
    if action in _EVENTS:
        return [Change(text=text) for text in _EVENTS[action](changes, people, action) if text]
    rows = []
    for name, value in changes.items():
        if name in _SENTENCES:
            text = _SENTENCES[name](changes, people, action)
            if text:
                rows.append(Change(text=text))
            continue
        spec = field_for(name, action=action, target_type=target_type)
        if spec is None:
            spec = Field(label=capfirst(str(name).replace("_", " ")))
        if spec.kind == HIDDEN:
            continue
        old, new, paired = _pair(value)
        rows.append(
            Change(
                label=spec.label,
                old=value_words(old, spec, people) if paired and old is not None else None,
                new=value_words(new, spec, people),
                kind=spec.kind,
            )
        )
    return rows


def _is_account(event) -> bool:
    from django.conf import settings

    return event.target_type == settings.AUTH_USER_MODEL.lower()


def _people_named(event) -> set[str]:
    names = {event.actor_username} if event.actor_username else set()
    if _is_account(event) and getattr(event, "target_label", ""):
        names.add(event.target_label)
    if isinstance(event.changes, dict):
        for name, value in event.changes.items():
            spec = field_for(name, action=event.action, target_type=event.target_type)
            if spec is not None and spec.kind in (PERSON, PEOPLE):
                for item in value if isinstance(value, list) else [value]:
                    for username in item if isinstance(item, list) else [item]:
                        if isinstance(username, str) and username:
                            names.add(username)
    return names


def people_words(usernames: Iterable[str]) -> dict[str, str]:
    """Username -> "Priya Shah, Leicestershire Police" (their full name, else the username, and
    their organisation), in one query. An account since removed reads as its username."""
    from django.contrib.auth import get_user_model
    from django.db.models import OuterRef, Subquery

    from partners.models import Membership

    usernames = sorted({name for name in usernames if name})
    if not usernames:
        return {}
    organisation = (
        Membership.objects.filter(user=OuterRef("pk")).order_by("pk").values("organisation__name")[:1]
    )
    rows = (
        get_user_model()
        .objects.filter(username__in=usernames)
        .annotate(organisation_name=Subquery(organisation))
        .values_list("username", "first_name", "last_name", "organisation_name")
    )
    words = {}
    for username, first, last, organisation_name in rows:
        name = f"{first} {last}".strip() or username
        words[username] = f"{name}, {organisation_name}" if organisation_name else name
    return words


def _who(event, people: dict[str, str]) -> str:
    if not event.actor_username:
        return "Not signed in" if event.action.startswith("auth.") else "The system"
    known = people.get(event.actor_username, event.actor_username)
    name = known.split(", ")[0] if event.actor_username in people else event.actor_username
    # The organisation they acted for then (the event's snapshot), not the one they are in now.
    return f"{name}, {event.actor_organisation}" if event.actor_organisation else name


def _target(event, people: dict[str, str]) -> str:
    label = getattr(event, "target_label", "")
    return people.get(label, label) if _is_account(event) else label


def describe(events) -> list:
    """The events with `.words` (an EventWords) on each: one query for every person they name."""
    events = list(events)
    people = people_words(name for event in events for name in _people_named(event))
    for event in events:
        event.words = EventWords(
            who=_who(event, people),
            what=action_words(event.action),
            changes=changes_in_words(
                event.changes, people, action=event.action, target_type=event.target_type
            ),
            target=_target(event, people),
        )
    return events


def _search_words(changes, people, action: str) -> list[str]:
    """What a search that revealed police-only values searched for, and how many events it showed."""
    filters = changes.get("filters")
    filters = filters[1] if isinstance(filters, list) and len(filters) == 2 else filters
    shown = changes.get("events")
    shown = shown[1] if isinstance(shown, list) and len(shown) == 2 else shown
    said = []
    for name, value in (filters or {}).items():
        if name == "action":
            value = action_words(str(value))
        elif name == "person":
            value = people.get(str(value), value)
        said.append(f"{name.replace('_', ' ')} {value}")
    searched = f"Searched by {joined(said)}" if said else "Searched every event"
    return [searched, f"{counted(len(shown or []), 'event')} with police-only values shown"]


# Audit's own events, and what every event may carry.
register_field("version", "Version", kind=HIDDEN)  # a version number means nothing to a reader
register_field("checkpoint_sequence", "Checkpoint", kind=HIDDEN, action="audit.checkpoint")
register_field("checkpoint_hash", "Hash of the trail at the checkpoint", action="audit.checkpoint")
register_event("audit.search_consult", _search_words)
