"""The programme figures in words: statement sentences, terminal lines, PDF tables, JSON and charts."""

from __future__ import annotations

import dataclasses
import datetime
import json

from hotspots.patrols import hours

from ..periods import long_date
from .computing import PATROL_SUMS
from .figures import NO_DATA_AFTER, NO_DATA_BEFORE, NOT_DEFINED, Change, ProgrammeFigures

# --- Words -------------------------------------------------------------------------------


def number(value) -> str:
    """1,234 or 1,234.5: whole numbers without a decimal point; "–" for no figure."""
    if value is None:
        return "–"
    if isinstance(value, float) and not value.is_integer():
        return f"{value:,.1f}"
    return f"{int(value):,}"


def change_words(change: Change) -> str:
    """'fell 8.4%', 'rose 2.0%' or 'did not change'."""
    if change.percent is None:
        return change.judgement
    if change.percent < 0:
        return f"fell {abs(change.percent):.1f}%"
    if change.percent > 0:
        return f"rose {change.percent:.1f}%"
    return "did not change"


def _crime_sentence(name: str, change: Change) -> str:
    return " ".join(part for part in (_crime_words(name, change), change.note, change.caveat) if part)


def _crime_words(name: str, change: Change) -> str:
    periods = f"{change.after_period.label} against {change.before_period.label}"
    counts = f"from {number(change.before)} to {number(change.after)} incidents"
    if change.percent is not None:
        return (
            f"{name} within hotspots {change_words(change)} compared with the same period last year "
            f"({counts}, {periods})."
        )
    if change.judgement == NO_DATA_AFTER:
        return (
            f"{name} within hotspots: incident data for {change.after_period.label} is not all "
            "imported, so a percentage change is not defined."
        )
    if change.judgement == NO_DATA_BEFORE:
        return (
            f"{name} within hotspots: {number(change.after)} incidents in {change.after_period.label}; "
            f"incident data for {change.before_period.label} is not all imported, so a percentage "
            "change is not defined."
        )
    if change.judgement == NOT_DEFINED:
        return (
            f"{name} within hotspots: {number(change.after)} incidents in {change.after_period.label} "
            f"and none in {change.before_period.label}, so a percentage change is not defined."
        )
    return (
        f"{name} within hotspots: {number(change.after)} incidents in {change.after_period.label} "
        f"against {number(change.before)} in {change.before_period.label}, too few incidents to judge "
        f"a percentage change."
    )


def _patrol_change_sentence(change: Change) -> str:
    quarters = f"{change.before_period.label} to {change.after_period.label}"
    if change.percent is not None:
        return (
            f"{change.label} in hotspots {change_words(change)} from {quarters} "
            f"(from {number(change.before)} to {number(change.after)} hours)."
        )
    if change.judgement == NOT_DEFINED:
        return (
            f"{change.label} in hotspots: {number(change.after)} hours in {change.after_period.label} and "
            f"none in {change.before_period.label}, so a percentage change is not defined."
        )
    return (
        f"{change.label} in hotspots: {number(change.after)} hours in {change.after_period.label} against "
        f"{number(change.before)} in {change.before_period.label}, too few hours to judge a percentage change."
    )


def statement_sentences(figures: ProgrammeFigures) -> list[str]:
    """Headline sentences to paste into a press release, each with its numbers and period."""
    sentences = []
    if figures.since_launch:
        # From the exact minutes: the sum of the groups' rounded hours can be 0.1 out.
        total = hours(sum(t.minutes for t in figures.patrols_since_launch))
        person = hours(sum(t.person_minutes for t in figures.patrols_since_launch))
        between = f"between {long_date(figures.since_launch.start)} and {long_date(figures.since_launch.end)}"
        if figures.partner_scope:
            sentences.append(
                f"{figures.scope_label} delivered {number(total)} hours of patrol in hotspots {between} "
                f"({number(person)} person-hours)."
            )
        else:
            police, partners = figures.patrols_since_launch
            where = "in the hotspots of these plans" if figures.scope == "officer" else "in hotspots"
            sentences.append(
                f"Police and partners delivered {number(total)} hours of extra patrol {where} {between} "
                f"({number(police.patrol_hours)} police, {number(partners.patrol_hours)} partner; "
                f"{number(person)} person-hours)."
            )
    else:
        sentences.append(f"No patrols were logged up to {long_date(figures.period.end)}.")
    for change in (figures.serious_violence, figures.asb):
        if change is not None:
            sentences.append(_crime_sentence(change.label, change))
    for change in figures.patrol_change:
        sentences.append(_patrol_change_sentence(change))
    count = figures.plans_in_operation
    plans = "problem-solving plan was" if count == 1 else "problem-solving plans were"
    sentences.append(
        f"{number(count) if count else 'No'} {plans} in operation on {long_date(figures.in_operation_on)}."
    )
    return sentences


# --- For scripts ---------------------------------------------------------------------------


def _json_default(value):
    if isinstance(value, datetime.date):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not JSON serialisable")


def figures_json(figures: ProgrammeFigures) -> str:
    data = dataclasses.asdict(figures)
    data["statement"] = statement_sentences(figures)
    return json.dumps(data, default=_json_default, indent=2)


# --- Charts ------------------------------------------------------------------------------


def rendered_charts(figures: ProgrammeFigures) -> list[dict]:
    """Each trend as server-side SVG (hotspots.charts, the code the PDFs use) with its data."""
    from hotspots.charts import series_chart_svg

    charts = []
    for chart in figures.charts:
        svg = series_chart_svg(
            title=chart.title,
            labels=chart.labels,
            series=chart.series,
            marker_index=chart.marker_index,
            marker_label=chart.marker_label,
        )
        rows = [
            [label, *(values[i] for values in chart.series.values())] for i, label in enumerate(chart.labels)
        ]
        charts.append({"title": chart.title, "svg": str(svg), "names": list(chart.series), "rows": rows})
    return charts


def figures_text(figures: ProgrammeFigures) -> list[str]:
    """The figures as plain lines, for a terminal."""
    lines = ["", "Statement:"]
    lines += [f"  {sentence}" for sentence in statement_sentences(figures)]
    lines += ["", f"Patrols, {figures.period.label}:"]
    for t in figures.patrols:
        lines.append(
            f"  {t.label}: {number(t.visits)} visits, {number(t.patrol_hours)} patrol-hours, "
            f"{number(t.person_hours)} person-hours, {number(t.engagements)} engagements, "
            f"{number(t.arrests)} arrests, {number(t.stop_searches)} stop and searches, "
            f"{number(t.asb_powers)} ASB powers used"
        )
    if figures.since_launch:
        lines.append(f"Since the programme started, {figures.since_launch.label}:")
        for t in figures.patrols_since_launch:
            lines.append(
                f"  {t.label}: {number(t.patrol_hours)} patrol-hours, {number(t.person_hours)} person-hours"
            )
    lines.append("Patrol-hours quarter on quarter:")
    for c in figures.patrol_change:
        lines.append(
            f"  {c.label}: {number(c.before)} ({c.before_period.label}) to {number(c.after)} "
            f"({c.after_period.label}), {change_words(c)}"
        )
    lines.append(f"Crime within {figures.hotspot_areas} hotspot areas combined:")
    if figures.crime_note:
        lines.append(f"  {figures.crime_note}")
    for c in (figures.serious_violence, figures.asb):
        if c is not None:
            lines.append(
                f"  {c.label}: {number(c.before)} ({c.before_period.label}) to {number(c.after)} "
                f"({c.after_period.label}), {change_words(c)}"
            )
            if c.note:  # the months a count leaves out, so it does not read as the whole period's
                lines.append(f"    {c.note}")
            if c.caveat:
                lines.append(f"    {c.caveat}")
    lines.append(
        f"Plans in operation on {long_date(figures.in_operation_on)}: {figures.plans_in_operation}; "
        f"plans on {long_date(figures.as_of)}: {figures.plans_total}"
    )
    lines += [f"  {t.label}: {t.count}" for t in figures.plans_by_state]
    lines.append(f"  Past their review date: {figures.plans_review_overdue}")
    lines.append(f"Tasks overdue on {long_date(figures.as_of)}: {figures.tasks_overdue}")
    lines += [f"  {t.label}: {t.count}" for t in figures.tasks_overdue_by_organisation]
    return lines


def figure_tables(figures: ProgrammeFigures) -> list[dict]:
    """The figures as captioned tables (head, rows) for the programme PDF."""
    patrol_head = [
        "Who",
        "Visits",
        "Patrol-hours",
        "Person-hours",
        "Engagements",
        "Arrests",
        "Stop and searches",
    ]
    patrol_head.append("ASB powers used")

    def patrol_rows(totals):
        return [
            [
                t.label,
                *(number(getattr(t, n)) for n in ("visits", "patrol_hours", "person_hours", *PATROL_SUMS)),
            ]
            for t in totals
        ]

    def change_rows(changes):
        return [
            [
                c.label,
                f"{number(c.before)} ({c.before_period.label})",
                f"{number(c.after)} ({c.after_period.label})",
            ]
            + [change_words(c)]
            for c in changes
            if c is not None
        ]

    tables = [
        {
            "caption": f"Patrols in hotspots, {figures.period.label}",
            "head": patrol_head,
            "rows": patrol_rows(figures.patrols),
        }
    ]
    if figures.since_launch:
        tables.append(
            {
                "caption": f"Since the programme started, {figures.since_launch.label}",
                "head": patrol_head,
                "rows": patrol_rows(figures.patrols_since_launch),
            }
        )
    tables.append(
        {
            "caption": "Patrol-hours quarter on quarter",
            "head": ["Who", "Earlier quarter", "Later quarter", "Change"],
            "rows": change_rows(figures.patrol_change),
        }
    )
    crime = change_rows([figures.serious_violence, figures.asb])
    tables.append(
        {
            "caption": f"Crime within {figures.hotspot_areas} hotspot areas combined, against the same period last year",
            "head": ["Crime", "Same period last year", "This period", "Change"],
            "rows": crime or [[figures.crime_note or "No crime figures", "", "", ""]],
            # The months a count leaves out (the same for both families), so it does not read as
            # the whole period's.
            "notes": list(
                dict.fromkeys(
                    text
                    for c in (figures.serious_violence, figures.asb)
                    if c
                    for text in (c.note, c.caveat)
                    if text
                )
            ),
        }
    )
    on = long_date(figures.as_of)
    tables.append(
        {
            "caption": f"Plans and tasks on {on}",
            "head": ["Figure", "Number"],
            "rows": [
                [
                    f"Plans in operation on {long_date(figures.in_operation_on)}",
                    number(figures.plans_in_operation),
                ],
                ["Plans in all", number(figures.plans_total)],
                ["Open plans past their review date", number(figures.plans_review_overdue)],
                *[[f"Plans in {t.label}", number(t.count)] for t in figures.plans_by_state],
                *[
                    [f"Tasks overdue: {t.label}", number(t.count)]
                    for t in figures.tasks_overdue_by_organisation
                ],
                ["Tasks overdue in all", number(figures.tasks_overdue)],
            ],
        }
    )
    return tables
