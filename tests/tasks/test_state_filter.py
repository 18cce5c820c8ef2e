"""Task templates name states by their TaskState member (plans.templatetags.plan_tags.in_state)."""

import pytest
from django.template import Context, Template

from plans.models import Task, TaskState


def render(task, names):
    return Template("{% load plan_tags %}{% if task|in_state:names %}yes{% else %}no{% endif %}").render(
        Context({"task": task, "names": names})
    )


@pytest.mark.parametrize(
    ("state", "names", "shown"),
    [
        (TaskState.OPEN, "OPEN", "yes"),
        (TaskState.IN_PROGRESS, "OPEN", "no"),
        (TaskState.IN_PROGRESS, "OPEN, IN_PROGRESS", "yes"),
        (TaskState.CANCELLED, "OPEN,IN_PROGRESS,BLOCKED,DONE", "no"),
    ],
)
def test_a_state_is_matched_by_its_member_name(state, names, shown):
    assert render(Task(state=state), names) == shown


def test_a_misspelt_state_fails_instead_of_never_matching():
    with pytest.raises(KeyError):
        render(Task(state=TaskState.OPEN), "OPNE")
