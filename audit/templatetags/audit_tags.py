from django import template
from django.utils import timezone
from django.utils.dates import MONTHS_3
from django.utils.safestring import mark_safe

from audit import presentation
from partners.markup import escaped

register = template.Library()


@register.filter
def action_words(action: str) -> str:
    return presentation.action_words(action or "")


@register.filter
def change_rows(changes) -> list[dict]:
    return presentation.change_rows(changes)


def _when(value) -> tuple[str, str]:
    """An event's time as the `date` filter writes it with "c" and with "j M Y H:i:s T", in the
    current time zone: 2026-03-02T14:05:09+00:00 and "2 Mar 2026 14:05:09 GMT"."""
    when = timezone.localtime(value)
    month = str(MONTHS_3[when.month]).title()
    return when.isoformat(), f"{when.day} {month} {when.year} {when:%H:%M:%S} {when.tzname() or ''}".rstrip()


_CELL = '<td class="govuk-table__cell govuk-body-s">'
_POLICE_ONLY = ' <strong class="govuk-tag govuk-tag--blue">Police only</strong>'
_CHANGED_TO = ' <span aria-hidden="true">→</span><span class="govuk-visually-hidden">changed to</span> '


def _change(change) -> str:
    if change.text:
        return f"<li>{escaped(change.text)}</li>"
    old = f"{escaped(change.old)}{_CHANGED_TO}" if change.old is not None else ""
    return f"<li><strong>{escaped(change.label)}</strong>: {old}{escaped(change.new)}</li>"


def _row(event, show_plan: bool) -> str:
    words = event.words
    machine, human = _when(event.occurred_at)
    what = escaped(words.what)
    if event.police_only:
        what += _POLICE_ONLY
    if words.target:
        what += f"<br>{escaped(words.target)}"
    changes = ""
    if words.changes:
        changes = (
            '<ul class="govuk-list govuk-body-s govuk-!-font-size-16 govuk-!-margin-bottom-0">'
            + "".join(_change(change) for change in words.changes)
            + "</ul>"
        )
    plan = f"{_CELL}{escaped(getattr(event, 'plan_reference', '') or '')}</td>" if show_plan else ""
    return (
        f'<tr class="govuk-table__row">{_CELL}<time datetime="{machine}">{human}</time></td>'
        f"{_CELL}{escaped(words.who)}</td>{_CELL}{what}</td>{plan}"
        f"{_CELL}{changes}</td>{_CELL}{escaped(event.reason)}</td></tr>"
    )


@register.simple_tag
def event_rows(events, show_plan=False, empty_text="No events recorded."):
    """The rows of audit/_events_table.html: each event in words (audit.presentation.describe
    put `words` on it), when, who, what, its plan if `show_plan`, its changes and reason.

    Written here rather than as a loop in the template: a page of 25 or 50 events drawn by the
    template language cost more than every query of the plan history and the audit search
    together (about 0.15 ms a row against 0.03 ms). Every value is escaped.
    """
    rows = [_row(event, bool(show_plan)) for event in events]
    if not rows:
        colspan = 6 if show_plan else 5
        rows = [
            f'<tr class="govuk-table__row"><td class="govuk-table__cell" colspan="{colspan}">'
            f"{escaped(empty_text)}</td></tr>"
        ]
    return mark_safe("".join(rows))  # noqa: S308 - every value above is escaped
