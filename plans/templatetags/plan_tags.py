"""Small display helpers for plan pages."""

from django import template

register = template.Library()

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
