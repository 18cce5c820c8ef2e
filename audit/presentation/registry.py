"""The words each app registers for its own models and fields when it is ready: what a value is
(its kind), its label, and the sentences a change or an event reads as."""

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass

from django.utils.text import capfirst

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
SENTENCES: dict[str, Callable] = {}


# An action whose changes read as sentences together: (changes, people, event) -> list of texts.
EVENTS: dict[str, Callable] = {}


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
    SENTENCES[name] = write


def register_event(action: str, write: Callable) -> None:
    """An action whose changes read together as sentences (a disposal: what was erased)."""
    EVENTS[action] = write


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
        action in EVENTS
        or name in SENTENCES
        or field_for(name, action=action, target_type=target_type) is not None
    )
