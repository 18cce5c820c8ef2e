"""The funder return: patrol dosage and outcomes by financial-year quarter ("2025/26 Q2") and area,
police and partners apart.

The figures are the ones the Home Office hotspot funds ask forces to return. Every cell a
spreadsheet could read as a formula is defused (CSV injection), and the whole return is read
in one aggregate query however many patrols there are.
"""

import csv
import datetime
import io

from django.db.models import QuerySet
from django.db.models.functions import TruncQuarter

from audit.csv_export import FORMULA_START

from .periods import Quarter
from .programme import PATROL_SUMS, is_police_case, patrol_aggregates, patrol_totals

HEADER = [
    "Quarter",
    "Quarter months",
    "From",
    "To",
    "Area",
    "Police or partners",
    "Visits",
    "Patrol-hours",
    "Person-hours",
    "Engagements",
    "Arrests",
    "Stop and searches",
    "ASB powers used",
]


def safe_cell(value) -> str:
    """A cell a spreadsheet will show as text, never run as a formula."""
    text = str(value)
    if isinstance(value, str) and text.startswith(FORMULA_START):
        return "'" + text
    return text


def funder_filename(start: datetime.date, end: datetime.date) -> str:
    return f"funder-return-{start:%Y-%m-%d}-to-{end:%Y-%m-%d}.csv"


def _values(totals) -> list:
    return [
        totals.visits,
        f"{totals.patrol_hours:.1f}",
        f"{totals.person_hours:.1f}",
        *(getattr(totals, name) for name in PATROL_SUMS),
    ]


def funder_rows(*, patrols: QuerySet, start: datetime.date, end: datetime.date) -> list[list]:
    """Rows by quarter, area and police/partners, then a total for police and for partners."""
    rows = (
        patrols.filter(date__gte=start, date__lte=end)
        .annotate(is_police=is_police_case(), quarter=TruncQuarter("date"))
        .values("quarter", "area__name", "is_police")
        .annotate(**patrol_aggregates("t_", None))
        .order_by("quarter", "area__name", "-is_police")
    )
    out, totals = [], {True: {}, False: {}}
    for row in rows:
        quarter_start = row["quarter"]
        if isinstance(quarter_start, datetime.datetime):
            quarter_start = quarter_start.date()
        quarter = Quarter.of(quarter_start)
        group = "Police" if row["is_police"] else "Partners"
        out.append(
            [
                quarter.code,
                quarter.months,
                max(quarter.start, start).isoformat(),
                min(quarter.end, end).isoformat(),
                row["area__name"],
                group,
                *_values(patrol_totals(group, row, "t_")),
            ]
        )
        total = totals[row["is_police"]]
        for name, value in row.items():
            if name not in ("quarter", "area__name", "is_police"):
                total[name] = (total.get(name) or 0) + (value or 0)
    for is_police, group in ((True, "Police"), (False, "Partners")):
        out.append(
            [
                "All quarters",
                "",
                start.isoformat(),
                end.isoformat(),
                "All areas",
                group,
                *_values(patrol_totals(group, totals[is_police], "t_")),
            ]
        )
    return out


def funder_csv(*, patrols: QuerySet, start: datetime.date, end: datetime.date) -> bytes:
    """The funder return as UTF-8 CSV bytes (with a byte-order mark, so Excel reads it as UTF-8)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(HEADER)
    for row in funder_rows(patrols=patrols, start=start, end=end):
        writer.writerow([safe_cell(cell) for cell in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


PLAN_LIST_HEADER = [
    "Reference",
    "Title",
    "Place",
    "Area",
    "Stage",
    "Owner",
    "Priority",
    "Start date",
    "Next review",
    "Review overdue",
    "Partner organisations",
]


def plan_list_rows(plans: QuerySet) -> list[list]:
    """One row a plan, in the list's order: what the list shows, and never a police-only field
    (plans.models.POLICE_ONLY_FIELDS): only the columns named here are read."""
    plans = plans.only(
        "reference",
        "title",
        "hotspot_name",
        "state",
        "priority",
        "start_date",
        "next_review_date",
        "area__name",
        "owner__first_name",
        "owner__last_name",
        "owner__username",
    ).prefetch_related("partner_links__organisation")
    rows = []
    for plan in plans:
        rows.append(
            [
                plan.reference,
                plan.title,
                plan.hotspot_name,
                plan.area.name if plan.area else "",
                plan.get_state_display(),
                plan.owner.get_full_name() or plan.owner.get_username(),
                plan.get_priority_display(),
                plan.start_date.isoformat(),
                plan.next_review_date.isoformat() if plan.is_open else "",
                "Yes" if plan.review_overdue else "No",
                "; ".join(sorted(link.organisation.name for link in plan.partner_links.all())),
            ]
        )
    return rows


def plan_list_csv(plans: QuerySet) -> bytes:
    """The plan list as UTF-8 CSV bytes, with a byte-order mark as the funder return has."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(PLAN_LIST_HEADER)
    for row in plan_list_rows(plans):
        writer.writerow([safe_cell(cell) for cell in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")
