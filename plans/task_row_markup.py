"""A task's row on "Our tasks" and its update buttons, drawn in Python.

"Our tasks" draws up to 25 rows of a dozen values and up to three buttons each. Through the
template engine a row took about 0.15 ms (each variable or tag a few microseconds, some fifty
of them a row): most of the page's drawing. Here a row is a few `format_html` calls (`html`,
partners.markup's, the same escaping), every value escaped by it. The forms a button opens (`<details>` with their fields) stay a template,
`tasks/_task_form.html`: they are drawn once, in the one row that opened them or on the task's
own page, not 25 times.

"Our tasks", `tasks/_task_row.html` (the row htmx swaps after an update) and the task's page
draw them through the template tags `task_row` and `task_actions` (`{% load task_rows %}`),
so this is the one place their markup is written.
"""

from collections.abc import Callable
from urllib.parse import quote

from django.template.defaultfilters import linebreaksbr
from django.utils.safestring import SafeString

from partners.markup import html

from .models import TaskState
from .templatetags.plan_tags import long_date, task_tags

_ROW = """
<div class="app-task-row govuk-!-margin-bottom-6" id="{element_id}">
  <h2 class="govuk-heading-m govuk-!-margin-bottom-2"><a class="govuk-link" href="{detail}">{title}</a></h2>
  <p class="govuk-body govuk-!-margin-bottom-2">{tags}</p>
  <dl class="govuk-summary-list govuk-summary-list--no-border govuk-!-margin-bottom-3">
    <div class="govuk-summary-list__row"><dt class="govuk-summary-list__key">Plan</dt><dd class="govuk-summary-list__value">{reference} {plan_title}</dd></div>
    <div class="govuk-summary-list__row"><dt class="govuk-summary-list__key">Due</dt><dd class="govuk-summary-list__value">{due}</dd></div>
    {details}
  </dl>
  {notes}
</div>
"""
_DETAIL = (
    '<div class="govuk-summary-list__row"><dt class="govuk-summary-list__key">{}</dt>'
    '<dd class="govuk-summary-list__value">{}</dd></div>'
)
_ENDED = '<p class="govuk-body">Plan {} is {}: this task stays as it was left and can no longer change.</p>'
_DONE_MESSAGE = '<p class="govuk-body govuk-!-font-weight-bold" role="status">{}</p>'

# Start and resume: a form with one button. Done and blocked: a link to the form's page (htmx
# opens the form in the row), or the form itself in a <details> once opened.
_BUTTON_FORM = """
<form method="post" action="{url}" class="app-inline-form"{htmx}>
  {csrf}<input type="hidden" name="next" value="{next}">
  <button type="submit" class="govuk-button govuk-button--secondary" data-module="govuk-button">{words}<span class="govuk-visually-hidden"> {title}</span></button>
</form>
"""
_BUTTON_FORM_HTMX = ' hx-post="{}" hx-target="{}" hx-swap="outerHTML"'
_FORM_LINK = (
    '<a href="{url}?next={next}" class="govuk-button govuk-button--secondary app-inline-form"'
    ' data-module="govuk-button" role="button"{htmx}>{words}<span class="govuk-visually-hidden">:'
    " {title}</span></a>\n"
)
_FORM_LINK_HTMX = ' hx-get="{}?next={}" hx-target="{}" hx-swap="outerHTML"'

# The update forms a task row or page may open: name -> the button's words.
FORM_WORDS = {"complete": "Mark as done", "block": "Mark as blocked"}

# Draws an opened form: (name, form, open) -> its <details> (tasks/_task_form.html).
FormDrawer = Callable[[str, object, bool], SafeString]


def csrf_field(token: str) -> SafeString:
    """The hidden field `{% csrf_token %}` draws."""
    return html('<input type="hidden" name="csrfmiddlewaretoken" value="{}">', token)


def task_row(row: dict, *, next_url: str, csrf: SafeString, draw_form: FormDrawer) -> SafeString:
    """One row of "Our tasks" (plans.task_views._row): the task, its tags, plan, due date, who
    it is assigned to, why it is blocked or what was done, and the buttons that update it."""
    task, links = row["task"], row["links"]
    plan = task.plan
    details = []
    if task.assignee_id is not None:
        assignee = task.assignee
        details.append(html(_DETAIL, "Assigned to", assignee.get_full_name() or assignee.username))
    if task.state == TaskState.BLOCKED:
        details.append(html(_DETAIL, "Blocked because", linebreaksbr(task.blocked_reason)))
    if task.state == TaskState.DONE:
        details.append(html(_DETAIL, "What was done", linebreaksbr(task.completion_note)))
    notes = []
    if not task.is_finished and not plan.is_open:
        notes.append(html(_ENDED, plan.reference, plan.get_state_display().lower()))
    if row["done_message"]:
        notes.append(html(_DONE_MESSAGE, row["done_message"]))
    if row["can_act"]:
        notes.append(
            task_actions(
                task,
                links=links,
                forms=row["forms"],
                next_url=next_url,
                csrf=csrf,
                target=row["target"],
                open_form=row["open"],
                draw_form=draw_form,
            )
        )
    return html(
        _ROW,
        element_id=row["element_id"],
        detail=links["detail"],
        title=task.title,
        tags=task_tags(task),
        reference=plan.reference,
        plan_title=plan.title,
        due=long_date(task.due_date),
        details=_joined(details, "\n    "),
        notes=_joined(notes),
    )


def task_actions(
    task,
    *,
    links: dict[str, str],
    forms: dict,
    next_url: str,
    csrf: SafeString,
    draw_form: FormDrawer,
    target: str = "",
    open_form: str | None = None,
) -> SafeString:
    """The buttons that update a task: start (open) or resume (blocked), then mark as done and
    mark as blocked (open or in progress), each a form drawn by `draw_form` when `forms` holds
    it, else a link to its page. With a `target` (a row of "Our tasks") htmx sends each form or
    opens each link in the row."""
    parts = []
    state = task.state
    if state in (TaskState.OPEN, TaskState.BLOCKED):
        name, words = ("start", "Start") if state == TaskState.OPEN else ("resume", "Resume")
        url = links[name]
        htmx = html(_BUTTON_FORM_HTMX, url, target) if target else ""
        parts.append(
            html(_BUTTON_FORM, url=url, htmx=htmx, csrf=csrf, next=next_url, words=words, title=task.title)
        )
    if state in (TaskState.OPEN, TaskState.IN_PROGRESS):
        next_query = quote(next_url)  # as `|urlencode` quotes it
        for name, words in FORM_WORDS.items():
            form = forms.get(name)
            if form:
                parts.append(draw_form(name, form, open_form == name))
                continue
            url = links[name]
            htmx = html(_FORM_LINK_HTMX, url, next_query, target) if target else ""
            parts.append(html(_FORM_LINK, url=url, next=next_query, htmx=htmx, words=words, title=task.title))
    return _joined(parts)


def _joined(parts: list[SafeString], between: str = "") -> SafeString:
    return SafeString(between.join(parts))  # each part drawn by html or a template
