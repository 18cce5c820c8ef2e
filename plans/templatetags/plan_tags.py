"""Small display helpers for plan pages."""

from django import template
from django.utils.html import format_html_join

from plans.models import TaskState
from plans.task_links import task_links as _task_links

register = template.Library()


@register.filter
def in_state(task, names: str) -> bool:
    """`task|in_state:"OPEN"` or `"OPEN,IN_PROGRESS"`: states named as in TaskState, so a
    misspelt one fails (KeyError) instead of never matching."""
    return task.state in {TaskState[name.strip()] for name in names.split(",")}


@register.filter
def task_links(task) -> dict[str, str]:
    """`{% with links=task|task_links %}`: the addresses of the task's pages by name (detail,
    start, resume, complete, block), as `{% url 'tasks:<name>' task.pk %}` gives them, without
    resolving each through the URLconf (plans.task_links)."""
    return _task_links(task.pk)


TASK_STATE_TAG_CLASSES = {
    TaskState.OPEN: "govuk-tag--grey",
    TaskState.IN_PROGRESS: "govuk-tag--blue",
    TaskState.BLOCKED: "govuk-tag--orange",
    TaskState.DONE: "govuk-tag--green",
    TaskState.CANCELLED: "govuk-tag--grey",
}


@register.simple_tag
def task_tags(task):
    """The task's state as a GOV.UK tag, then "Overdue" when its due date has passed and "Needs
    reassignment" when its organisation left the plan. One tag rather than an include: "Our
    tasks" draws it in each of 25 rows."""
    tags = [(TASK_STATE_TAG_CLASSES[task.state], task.get_state_display())]
    if task.is_overdue:
        tags.append(("govuk-tag--red", "Overdue"))
    if task.needs_reassignment:
        tags.append(("govuk-tag--yellow", "Needs reassignment"))
    return format_html_join(" ", '<strong class="govuk-tag {}">{}</strong>', tags)


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
