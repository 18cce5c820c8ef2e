"""Computing the programme's figures for a scope and a period: every query an aggregate."""

from __future__ import annotations

import datetime
from collections import Counter
from decimal import Decimal

from django.db.models import BooleanField, Case, Count, F, Min, Q, Sum, Value, When
from django.db.models.functions import TruncQuarter
from django.utils import timezone

from hotspots.models import ASB, SERIOUS_VIOLENCE, CrimeFamily, ImportedMonth
from hotspots.patrols import hours
from partners.models import POLICE_KINDS
from plans.models import Stage, overdue_work, review_overdue

from ..periods import (
    Period,
    Quarter,
    crime_months,
    described,
    latest_whole_quarter,
    minus_one_year,
    month_end,
    months_between,
    months_in_words,
    quarters_between,
)
from .figures import (
    CHART_QUARTERS,
    MIN_BASE,
    MIN_BASE_HOURS,
    MONTHLY_CHART_MONTHS,
    NO_DATA_AFTER,
    NO_DATA_BEFORE,
    TOO_FEW_HOURS,
    Change,
    ChartData,
    PatrolTotals,
    ProgrammeFigures,
    Tally,
    percent_change,
)
from .scope import Scope, scope_for, whole_quarter_before


def is_police_case():
    return Case(
        When(organisation__kind__in=POLICE_KINDS, then=Value(True)),
        default=Value(False),
        output_field=BooleanField(),
    )


PATROL_SUMS = ("engagements", "arrests", "stop_searches", "asb_powers")


def patrol_aggregates(prefix: str, condition: Q | None) -> dict:
    values = {
        f"{prefix}visits": Count("pk", filter=condition),
        f"{prefix}minutes": Sum("minutes", filter=condition),
        f"{prefix}person_minutes": Sum(F("minutes") * F("staff_count"), filter=condition),
    }
    for name in PATROL_SUMS:
        values[f"{prefix}{name}"] = Sum(name, filter=condition)
    return values


def patrol_totals(label: str, row: dict | None, prefix: str) -> PatrolTotals:
    row = row or {}
    return PatrolTotals(
        label=label,
        visits=row.get(f"{prefix}visits") or 0,
        patrol_hours=hours(row.get(f"{prefix}minutes")),
        person_hours=hours(row.get(f"{prefix}person_minutes")),
        **{name: row.get(f"{prefix}{name}") or 0 for name in PATROL_SUMS},
        minutes=row.get(f"{prefix}minutes") or 0,
        person_minutes=row.get(f"{prefix}person_minutes") or 0,
    )


def _group_key(scope: Scope, is_police: bool) -> str:
    return "police" if is_police and "police" in scope.groups else "partners"


def _patrol_figures(scope: Scope, period: Period):
    """Totals by group in the period and up to its end, and the first patrol, in one aggregate
    query: the sums hotspots.patrols.summarise makes (patrol_aggregates), grouped police or
    partner as the quarter series groups them."""
    sums = {
        "first": Min("date"),
        **patrol_aggregates("in_", Q(date__gte=period.start, date__lte=period.end)),
        **patrol_aggregates("to_", Q(date__lte=period.end)),
    }
    patrols = scope.patrols.order_by()
    if "police" in scope.groups:
        grouped = patrols.annotate(is_police=is_police_case()).values("is_police").annotate(**sums)
        rows = {_group_key(scope, row["is_police"]): row for row in grouped}
    else:
        (key,) = scope.groups  # one organisation's
        rows = {key: patrols.aggregate(**sums)}
    first = min((row["first"] for row in rows.values() if row["first"]), default=None)
    return (
        [patrol_totals(label, rows.get(key), "in_") for key, label in scope.groups.items()],
        [patrol_totals(label, rows.get(key), "to_") for key, label in scope.groups.items()],
        first,
    )


def _quarter_series(scope: Scope, first: Quarter, last: Quarter) -> dict[str, dict[Quarter, int]]:
    """Minutes on patrol by group and quarter, first..last: one query."""
    rows = (
        scope.patrols.filter(date__gte=first.start, date__lte=last.end)
        .annotate(is_police=is_police_case(), quarter=TruncQuarter("date"))
        .values("quarter", "is_police")
        .annotate(minutes=Sum("minutes"))
        .order_by()
    )
    series: dict[str, dict[Quarter, int]] = {key: {} for key in scope.groups}
    for row in rows:
        quarter_start = row["quarter"]
        if isinstance(quarter_start, datetime.datetime):
            quarter_start = quarter_start.date()
        quarter = Quarter.of(quarter_start)
        key = _group_key(scope, row["is_police"])
        series[key][quarter] = series[key].get(quarter, 0) + (row["minutes"] or 0)
    return series


def _patrol_change(scope, period, launch, today):
    """Quarter on quarter, by group, and the chart of patrol-hours by quarter."""
    current = min(latest_whole_quarter(period.end), whole_quarter_before(today))
    previous = current.previous()
    first = previous
    if launch:
        earliest = Quarter.of(launch)
        for _ in range(CHART_QUARTERS - 2):
            if first <= earliest:
                break
            first = first.previous()
    series = _quarter_series(scope, first, current)
    changes = []
    for key, label in scope.groups.items():
        minutes_before, minutes_after = series[key].get(previous, 0), series[key].get(current, 0)
        before, after = hours(minutes_before), hours(minutes_after)
        percent, judgement = percent_change(before, after, min_base=MIN_BASE_HOURS, too_few=TOO_FEW_HOURS)
        if percent is not None:  # judged on the hours shown, worked out on the exact ones
            percent, _ = percent_change(Decimal(minutes_before) / 60, Decimal(minutes_after) / 60)
        changes.append(
            Change(
                label=f"{'Partner' if label == 'Partners' else label} patrol-hours",
                unit="hours",
                before=before,
                after=after,
                before_period=previous.period(),
                after_period=current.period(),
                percent=percent,
                judgement=judgement,
            )
        )
    quarters = quarters_between(first.start, current.end)
    chart = ChartData(
        title=f"Patrol-hours by quarter, {quarters[0].label} to {quarters[-1].label}",
        labels=[q.label for q in quarters],
        series={
            label: [hours(series[key].get(q, 0)) for q in quarters] for key, label in scope.groups.items()
        },
    )
    return changes, chart


def _total(counts: list) -> int | None:
    """The sum of the counts there are; None when there is none (nothing imported)."""
    known = [n for n in counts if n is not None]
    return sum(known) if known else None


def _crime(scope: Scope, period: Period, areas: list):
    """Violence, robbery and weapons, and ASB, in the period's whole months against the same months a year before."""
    from hotspots.figure_counts import family_counts_in_areas

    families = {f.slug: f for f in CrimeFamily.objects.filter(slug__in=[SERIOUS_VIOLENCE, ASB])}
    imported = set(ImportedMonth.objects.order_by().values_list("month", flat=True).distinct())
    if not areas:
        return None, None, [], "There is no hotspot area in scope, so there are no crime figures."
    window, why = crime_months(period.start, period.end, imported)
    if window is None:
        return None, None, [], why
    start, end = window
    months = months_between(start, end)
    if len(months) <= MONTHLY_CHART_MONTHS:
        buckets = [(f"{a:%b %Y}", a, b) for a, b in months]
    else:
        buckets = [(q.label, max(q.start, start), min(q.end, end)) for q in quarters_between(start, end)]
    after_period = Period(start=start, end=end, label=described(start, end, dates=False))
    before_start, before_end = minus_one_year(start), month_end(end.year - 1, end.month)
    before_period = Period(
        start=before_start, end=before_end, label=described(before_start, before_end, dates=False)
    )
    # A month with nothing imported is not a month with no incidents: the period's own months
    # (a gap between imports) as well as the year before's.
    missing_after = [a for a, _b in months if a not in imported]
    missing = [a for a, _b in months_between(before_start, before_end) if a not in imported]
    notes = []
    if missing_after:
        notes.append(
            f"No incident data is imported for {months_in_words(missing_after)}, within {after_period.label}."
        )
    if missing:
        # Which months, not how many: the count a year before is of the other months only.
        notes.append(
            f"No incident data is imported for {months_in_words(missing)}, within {before_period.label}."
            if len(missing) < len(months)
            else f"No incident data is imported for {before_period.label}."
        )
    note = " ".join(notes)
    # Each bucket, then the same months a year before it: one query for both families.
    ranges, unimported = [], []
    for _label, a, b in buckets:
        for first, last in ((a, b), (minus_one_year(a), month_end(b.year - 1, b.month))):
            ranges.append((first, last))
            unimported.append(all(m not in imported for m, _ in months_between(first, last)))
    counts = family_counts_in_areas(areas=areas, families=families, ranges=ranges)
    results, charts = {}, []
    for slug in (SERIOUS_VIOLENCE, ASB):
        if slug not in families:
            results[slug] = None
            continue
        # The family's name with its police.uk categories: a statement never claims more than it counts.
        title = families[slug].described
        # None where nothing of the bucket is imported: a gap in the chart, "–" in its table.
        shown = [None if none else n for n, none in zip(counts[slug], unimported, strict=True)]
        after_counts, before_counts = shown[0::2], shown[1::2]
        before, after = _total(before_counts), _total(after_counts)
        if missing_after:
            percent, judgement = None, NO_DATA_AFTER
        elif missing:
            percent, judgement = None, NO_DATA_BEFORE
        else:
            percent, judgement = percent_change(before, after, min_base=MIN_BASE)
        results[slug] = Change(
            label=title,
            unit="incidents",
            before=before,
            after=after,
            before_period=before_period,
            after_period=after_period,
            percent=percent,
            judgement=judgement,
            note=note,
            caveat=families[slug].caveat,
        )
        charts.append(
            ChartData(
                title=f"{title} within hotspots by {'month' if len(months) <= MONTHLY_CHART_MONTHS else 'quarter'}",
                labels=[label for label, _a, _b in buckets],
                series={after_period.label: after_counts, "Same months a year before": before_counts},
            )
        )
    return results[SERIOUS_VIOLENCE], results[ASB], charts, ""


def _plan_figures(scope: Scope, today: datetime.date, at: datetime.date):
    """Plans by stage and by area, the first start date, the reviews overdue and the plans in
    operation on the day `at` (started by then, neither closed nor withdrawn before it), in one query."""
    # Ended on `at` or later, in local time: at or after that day's local midnight. Compared as
    # a moment rather than by casting each plan's timestamp to a local date, which on SQLite
    # calls back into Python for every closed or withdrawn plan (most of the query's time at
    # 10,000 plans).
    day_start = timezone.make_aware(datetime.datetime.combine(at, datetime.time.min))
    in_operation = (
        Q(start_date__lte=at)
        & (Q(closed_at__isnull=True) | Q(closed_at__gte=day_start))
        & (Q(withdrawn_at__isnull=True) | Q(withdrawn_at__gte=day_start))
    )
    rows = (
        scope.plans.order_by("area__name")
        .values("state", "area__name")
        .annotate(
            n=Count("pk"),
            first=Min("start_date"),
            overdue=Count("pk", filter=review_overdue(today)),
            operating=Count("pk", filter=in_operation),
        )
    )
    by_state_counts, by_area_counts = Counter(), {}  # areas in the database's order of their names
    first, overdue, operating = None, 0, 0
    for row in rows:
        operating += row["operating"]
        by_state_counts[row["state"]] += row["n"]
        by_area_counts[row["area__name"]] = by_area_counts.get(row["area__name"], 0) + row["n"]
        if row["first"] is not None and (first is None or row["first"] < first):
            first = row["first"]
        overdue += row["overdue"]
    by_state = [Tally(label, by_state_counts[state]) for state, label in Stage.choices]
    by_area = [Tally(name or "No area set", n) for name, n in by_area_counts.items()]
    return by_state, by_area, first, overdue, operating


AWAITING_REASSIGNMENT = "Awaiting reassignment (its organisation left the plan)"


def tasks_overdue_by_organisation(scope: Scope, today: datetime.date) -> list[Tally]:
    """Overdue tasks on open plans by organisation, those awaiting reassignment last: one query."""
    rows = (
        # As the overdue reminders (task_reminders_send) count it: a closed or withdrawn plan's
        # tasks can no longer change.
        scope.tasks.filter(overdue_work(today))
        .values("organisation__name", "needs_reassignment")
        .annotate(n=Count("pk"))
        .order_by("needs_reassignment", "organisation__name")
    )
    # A task whose organisation has left the plan is nobody's work until it is reassigned (the
    # reminders skip it): it is counted apart, not against the organisation that left.
    tallies = [Tally(row["organisation__name"], row["n"]) for row in rows if not row["needs_reassignment"]]
    waiting = sum(row["n"] for row in rows if row["needs_reassignment"])
    if waiting:
        tallies.append(Tally(AWAITING_REASSIGNMENT, waiting))
    return tallies


def figures_for_scope(
    scope: Scope, *, start: datetime.date, end: datetime.date, today=None
) -> ProgrammeFigures:
    """Every programme figure for one scope and period, in a fixed number of queries."""
    today = today or timezone.localdate()
    period = Period(start, end, described(start, end))
    # "Plans in operation" describes the period: counted on its last day (today, if it runs on).
    as_of = min(end, today)
    by_state, by_area, first_plan, review_overdue, operating = _plan_figures(scope, today, as_of)
    overdue_tasks = tasks_overdue_by_organisation(scope, today)
    patrols, patrols_since, first_patrol = _patrol_figures(scope, period)
    launch = min((d for d in (first_plan, first_patrol) if d), default=None)
    since_launch = Period.between(launch, end) if launch and launch <= end else None
    patrol_change, patrol_chart = _patrol_change(scope, period, launch, today)
    areas = list(scope.areas.order_by())
    serious_violence, asb, crime_charts, crime_note = _crime(scope, period, areas)
    return ProgrammeFigures(
        scope=scope.kind,
        scope_label=scope.label,
        period=period,
        as_of=today,
        in_operation_on=as_of,
        plans_total=sum(t.count for t in by_state),
        plans_in_operation=operating,
        plans_review_overdue=review_overdue,
        plans_by_state=by_state,
        plans_by_area=by_area,
        tasks_overdue=sum(t.count for t in overdue_tasks),
        tasks_overdue_by_organisation=overdue_tasks,
        patrols=patrols,
        since_launch=since_launch,
        patrols_since_launch=patrols_since if since_launch else [],
        hotspot_areas=len(areas),
        crime_note=crime_note,
        serious_violence=serious_violence,
        asb=asb,
        patrol_change=patrol_change,
        charts=[patrol_chart, *crime_charts],
    )


def programme_figures(*, user, start: datetime.date, end: datetime.date) -> ProgrammeFigures:
    """The programme figures this user may read (PRODUCT.md: manager all, officer own plans, partner own)."""
    scope = scope_for(user)
    if scope is None:
        from django.core.exceptions import PermissionDenied

        raise PermissionDenied("Only police and partner leads have programme figures.")
    return figures_for_scope(scope, start=start, end=end)
