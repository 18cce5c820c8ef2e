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

The package: the actions' words (actions), what each app registers (registry), a value in
words (values) and the events in words (events); this module is its public face.
"""

from .actions import ACTION_WORDS, action_words
from .events import Change, EventWords, change_rows, changes_in_words, describe, people_words
from .registry import (
    ARROW,
    CHOICE,
    COUNT,
    DATE,
    FLAG,
    HIDDEN,
    LINK,
    NAMES,
    OUTLINE,
    PEOPLE,
    PERSON,
    TEXT,
    TIME,
    Field,
    field_for,
    has_words,
    register_event,
    register_field,
    register_model,
    register_sentence,
)
from .values import EMPTY, MAX_VALUE, counted, joined, value_words

__all__ = [
    "ACTION_WORDS",
    "ARROW",
    "CHOICE",
    "COUNT",
    "DATE",
    "EMPTY",
    "FLAG",
    "HIDDEN",
    "LINK",
    "MAX_VALUE",
    "NAMES",
    "OUTLINE",
    "PEOPLE",
    "PERSON",
    "TEXT",
    "TIME",
    "Change",
    "EventWords",
    "Field",
    "action_words",
    "change_rows",
    "changes_in_words",
    "counted",
    "describe",
    "field_for",
    "has_words",
    "joined",
    "people_words",
    "register_event",
    "register_field",
    "register_model",
    "register_sentence",
    "value_words",
]
