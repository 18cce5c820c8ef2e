"""`{% task_row row %}` and `{% task_actions task links forms %}`: a task's row on "Our tasks"
and its update buttons, drawn by plans.task_row_markup. Both read `next` (where the buttons
come back to) and the CSRF token from the page's context."""

from django import template
from django.utils.safestring import SafeString

from plans import task_row_markup

register = template.Library()

FORM_TEMPLATE = "tasks/_task_form.html"


@register.simple_tag(takes_context=True)
def task_row(context, row: dict) -> SafeString:
    next_url = context.get("next", "")
    return task_row_markup.task_row(
        row,
        next_url=next_url,
        csrf=_csrf(context),
        draw_form=_form_drawer(context, row["task"], row["links"], next_url, target=row["target"]),
    )


@register.simple_tag(takes_context=True)
def task_actions(context, task, links: dict, forms: dict) -> SafeString:
    next_url = context.get("next", "")
    return task_row_markup.task_actions(
        task,
        links=links,
        forms=forms,
        next_url=next_url,
        csrf=_csrf(context),
        draw_form=_form_drawer(context, task, links, next_url),
    )


def _csrf(context) -> SafeString:
    """What `{% csrf_token %}` draws in this context."""
    token = context.get("csrf_token")
    if not token or token == "NOTPROVIDED":  # noqa: S105 (what Django sets when no token applies)
        return SafeString("")
    return task_row_markup.csrf_field(token)


def _form_drawer(context, task, links, next_url, *, target=""):
    """Draws an update form opened in the row or on the task's page (tasks/_task_form.html)."""

    def draw(name: str, form, opened: bool) -> SafeString:
        values = {
            "task": task,
            "name": name,
            "words": task_row_markup.FORM_WORDS[name],
            "form": form,
            "url": links[name],
            "open": opened,
            "target": target,
            "next": next_url,
            "csrf_token": context.get("csrf_token"),
        }
        return context.template.engine.get_template(FORM_TEMPLATE).render(context.new(values))

    return draw
