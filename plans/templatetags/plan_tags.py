"""Small display helpers for plan pages."""

from django import template

from plans.models import TaskState

register = template.Library()


@register.filter
def in_state(task, names: str) -> bool:
    """`task|in_state:"OPEN"` or `"OPEN,IN_PROGRESS"`: states named as in TaskState, so a
    misspelt one fails (KeyError) instead of never matching."""
    return task.state in {TaskState[name.strip()] for name in names.split(",")}


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
