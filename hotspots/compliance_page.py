"""The compliance page's tables, shaped once in Python (a presenter, as plans.plan_page is).

A programme's year has a row per area, organisation and week (20,800 for 200 areas with two
rotas each), so each row is a tuple of plain values the template prints, its week's label
formatted once a week rather than once a row. The slots short of delivery and the visits
outside every slot are listed up to `LISTED` each, with how many there are in all: a year's
thousands of rows are no list to read, and a shorter period lists them all.
"""

from django.utils.dateformat import format as format_date

from .compliance import DELIVERED, Compliance

LISTED = 200


def week_rows(result: Compliance) -> list[tuple]:
    """(week's label, area, organisation, planned hours, delivered hours, compliance) a row."""
    labels: dict = {}
    rows = []
    for (monday, area, organisation), totals in result.by_week.items():
        label = labels.get(monday)
        if label is None:
            label = labels[monday] = format_date(monday, "j M Y")
        rows.append(
            (label, area, organisation, totals.planned_hours, totals.delivered_hours, totals.compliance)
        )
    return rows


def short_slots(result: Compliance) -> tuple[list, int]:
    """The first `LISTED` slots missed or part-delivered, by area, organisation and start, and how many in all."""
    short = [slot for slot in result.slots if slot.status != DELIVERED]
    return short[:LISTED], len(short)
