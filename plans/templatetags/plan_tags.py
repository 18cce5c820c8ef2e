"""Small display helpers for plan pages."""

import functools

from django import template
from django.utils.dates import MONTHS
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from plans.models import TaskState

register = template.Library()


@register.filter
def in_state(task, names: str) -> bool:
    """`task|in_state:"OPEN"` or `"OPEN,IN_PROGRESS"`: states named as in TaskState, so a
    misspelt one fails (KeyError) instead of never matching."""
    return task.state in _states(names)


@functools.cache
def _states(names: str) -> frozenset[TaskState]:
    return frozenset(TaskState[name.strip()] for name in names.split(","))


@register.filter
def long_date(value) -> str:
    """A date as `date:"j F Y"` draws it ("7 March 2026"), without the general date formatter,
    which took a fifth of each row's drawing on "Our tasks"."""
    if not value:
        return ""
    return f"{value.day} {MONTHS[value.month]} {value.year}"


TASK_STATE_TAG_CLASSES = {
    TaskState.OPEN: "govuk-tag--grey",
    TaskState.IN_PROGRESS: "govuk-tag--blue",
    TaskState.BLOCKED: "govuk-tag--orange",
    TaskState.DONE: "govuk-tag--green",
    TaskState.CANCELLED: "govuk-tag--grey",
}


def _tag(css_class: str, words: str) -> str:
    return format_html('<strong class="govuk-tag {}">{}</strong>', css_class, words)


# Each tag's markup is the same every time: drawn once here, not in each of a page's rows.
_STATE_TAGS = {state: _tag(TASK_STATE_TAG_CLASSES[state], state.label) for state in TaskState}
_OVERDUE_TAG = _tag("govuk-tag--red", "Overdue")
_REASSIGNMENT_TAG = _tag("govuk-tag--yellow", "Needs reassignment")


@register.simple_tag
def task_tags(task):
    """The task's state as a GOV.UK tag, then "Overdue" when its due date has passed and "Needs
    reassignment" when its organisation left the plan. One tag rather than an include: "Our
    tasks" draws it in each of 25 rows."""
    tags = [_STATE_TAGS[task.state]]
    if task.is_overdue:
        tags.append(_OVERDUE_TAG)
    if task.needs_reassignment:
        tags.append(_REASSIGNMENT_TAG)
    return mark_safe(" ".join(tags))  # noqa: S308 (the tags above, each escaped by format_html)


STAGE_TAG_CLASSES = {
    "scan": "govuk-tag--grey",
    "analyse": "govuk-tag--light-blue",
    "respond": "govuk-tag--purple",
    "assess": "govuk-tag--yellow",
    "closed": "govuk-tag--green",
    "withdrawn": "govuk-tag--red",
}

PRIORITY_TAG_CLASSES = {"high": "govuk-tag--red", "medium": "govuk-tag--yellow", "low": "govuk-tag--grey"}

STATUS_TAG_CLASSES = {
    "Completed": "",
    "In progress": "govuk-tag--light-blue",
    "Not started": "govuk-tag--grey",
    "Not yet started": "govuk-tag--blue",
    "Not reached": "govuk-tag--grey",
    "Withdrawn": "govuk-tag--red",
}


@register.filter
def stage_tag(state: str) -> str:
    return STAGE_TAG_CLASSES.get(state, "govuk-tag--grey")


@register.filter
def priority_tag(priority: str) -> str:
    return PRIORITY_TAG_CLASSES.get(priority, "govuk-tag--grey")


@register.filter
def status_tag(status: str) -> str:
    return STATUS_TAG_CLASSES.get(status, "govuk-tag--grey")
