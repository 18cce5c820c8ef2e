"""audit_tags.event_rows draws the rows of audit/_events_table.html in Python: what the
template drew before (the `date` filter's times in the current time zone, each change as its
label and old → new or as a sentence, the police-only tag, the plan's reference), every value
escaped, and the empty table's one row."""

import datetime
import re
from types import SimpleNamespace

from django.template import engines
from django.template.loader import render_to_string

from audit.presentation import Change, EventWords

# The rows as the template language drew them before event_rows (templates/audit/_events_table.html).
TEMPLATE_ROW = engines["django"].from_string(
    """{% for event in events %}<tr class="govuk-table__row">
<td class="govuk-table__cell govuk-body-s"><time datetime="{{ event.occurred_at|date:'c' }}">{{ event.occurred_at|date:"j M Y H:i:s T" }}</time></td>
<td class="govuk-table__cell govuk-body-s">{{ event.words.who }}</td>
<td class="govuk-table__cell govuk-body-s">{{ event.words.what }}{% if event.police_only %} <strong class="govuk-tag govuk-tag--blue">Police only</strong>{% endif %}{% if event.words.target %}<br>{{ event.words.target }}{% endif %}</td>
{% if show_plan %}<td class="govuk-table__cell govuk-body-s">{{ event.plan_reference|default:"" }}</td>{% endif %}
<td class="govuk-table__cell govuk-body-s">{% if event.words.changes %}<ul class="govuk-list govuk-body-s govuk-!-font-size-16 govuk-!-margin-bottom-0">{% for row in event.words.changes %}<li>{% if row.text %}{{ row.text }}{% else %}<strong>{{ row.label }}</strong>: {% if row.old is not None %}{{ row.old }} <span aria-hidden="true">→</span><span class="govuk-visually-hidden">changed to</span> {% endif %}{{ row.new }}{% endif %}</li>{% endfor %}</ul>{% endif %}</td>
<td class="govuk-table__cell govuk-body-s">{{ event.reason }}</td></tr>{% endfor %}"""
)

NASTY = "<script>alert(\"x\")</script> & 'quotes'"


def _event(when, **overrides):
    words = EventWords(
        who=f"Priya Shah, {NASTY}",
        what="Changed the plan",
        changes=[
            Change(label="Title", old="Old <b>", new="New & improved"),
            Change(label="Hypothesis", new=NASTY),
            Change(text="Street Pastors can now see this plan"),
        ],
        target="PSP-0001 <Clock Tower>",
    )
    values = {
        "occurred_at": when,
        "words": words,
        "police_only": True,
        "reason": NASTY,
        "plan_reference": "PSP-0001",
    }
    values.update(overrides)
    return SimpleNamespace(**values)


def _squeeze(html: str) -> str:
    return re.sub(r">\s+<", "><", html.replace("\n", "")).strip()


EVENTS = [
    _event(datetime.datetime(2026, 7, 2, 13, 5, 9, 120000, tzinfo=datetime.UTC)),  # summer time
    _event(datetime.datetime(2026, 1, 9, 23, 59, 1, tzinfo=datetime.UTC), police_only=False),
    _event(
        datetime.datetime(2026, 3, 29, 0, 30, tzinfo=datetime.UTC),
        words=EventWords(who="The system", what="Signed in", changes=[]),
        plan_reference=None,
        reason="",
    ),
]


def test_the_rows_are_what_the_template_drew():
    for show_plan in (True, False):
        drawn = render_to_string("audit/_events_table.html", {"events": EVENTS, "show_plan": show_plan})
        tbody = drawn.split('<tbody class="govuk-table__body">', 1)[1].split("</tbody>", 1)[0]
        assert _squeeze(tbody) == _squeeze(TEMPLATE_ROW.render({"events": EVENTS, "show_plan": show_plan}))


def test_times_are_in_the_local_time_zone_and_values_escaped():
    html = render_to_string("audit/_events_table.html", {"events": EVENTS[:2], "show_plan": True})
    assert '<time datetime="2026-07-02T14:05:09.120000+01:00">2 Jul 2026 14:05:09 BST</time>' in html
    assert '<time datetime="2026-01-09T23:59:01+00:00">9 Jan 2026 23:59:01 GMT</time>' in html
    assert "<script>" not in html and "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html
    assert html.count("Police only") == 1


def test_an_empty_table_says_so_across_every_column():
    html = render_to_string(
        "audit/_events_table.html", {"events": [], "show_plan": True, "empty_text": "Nothing <yet>"}
    )
    assert '<td class="govuk-table__cell" colspan="6">Nothing &lt;yet&gt;</td>' in html
    html = render_to_string("audit/_events_table.html", {"events": []})
    assert '<td class="govuk-table__cell" colspan="5">No events recorded.</td>' in html
