"""A value in words, as a person reads it: dates, choices, people, outlines, counts."""

import datetime
import json
from collections.abc import Iterable

from .. import personal
from .registry import CHOICE, COUNT, DATE, FLAG, LINK, OUTLINE, PEOPLE, PERSON, TIME, Field

MAX_VALUE = 300
EMPTY = "(empty)"


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
