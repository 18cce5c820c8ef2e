"""The programme report: the funder's PDF of the programme's figures and a page per area."""

from __future__ import annotations

import datetime

from .pdf import render_pdf
from .plan_pdf import figures_section, svg_data_url

MAX_AREAS = 60
# A funder reads a page per area, not a register: the first plans, then how many more.
MAX_AREA_PLANS = 25


def _programme_summary(*, user, start, end) -> dict:
    """The programme's figures and statement, as on the programme page (reports.programme)."""
    from reports.programme import figure_tables, programme_figures, rendered_charts, statement_sentences

    figures = programme_figures(user=user, start=start, end=end)
    summary = {"sentences": list(statement_sentences(figures))}
    # The same tables and charts as the programme page. The crime figures count every hotspot
    # area in scope, with a plan in the period or not; the area pages only those with one: the
    # cover says which is which.
    charts = [{"title": c["title"], "src": svg_data_url(c["svg"])} for c in rendered_charts(figures)]
    areas = figures.hotspot_areas
    return {
        **summary,
        "tables": figure_tables(figures),
        "charts": charts,
        "hotspot_areas": f"{areas} (every hotspot area, with a plan or not)"
        if figures.scope == "programme"
        else areas,
    }


def _programme_periods(start, end, imported):
    """The months the programme's headline counts crime over, and as many months just before.

    The same months as the headline figures (reports.periods.crime_months): the whole months
    of the period, cut at the first and last months imported. ((before, after), "") or
    (None, why there are none).
    """
    from hotspots.measures import add_months

    from .periods import crime_months, months_between

    after, why = crime_months(start, end, imported)
    if after is None:
        return None, why
    months = len(months_between(*after))
    return ((add_months(after[0], -months), after[0] - datetime.timedelta(days=1)), after), ""


def _area_page_figures(plan, area, periods, no_months: str) -> dict:
    if plan is None:
        return {"families": [], "rows": [], "empty": ""}
    if periods is None:
        # Said on the page, not left blank: a reader should not look for figures elsewhere.
        return {"families": [], "rows": [], "empty": f"No figures for this area. {no_months}"}
    return figures_section(plan, area=area, periods=periods)


def programme_report_context(*, user, start, end) -> dict:
    """The programme figures, then one page per area with its plans, patrols and charts."""
    from django.db.models import Count, Prefetch, Sum

    from hotspots.figure_counts import all_imported_months
    from hotspots.models import Area, PatrolLog
    from plans.selectors import in_operation_between, plans_visible_to

    plans_in_period = in_operation_between(plans_visible_to(user), start, end)
    areas = list(
        Area.objects.filter(plans__in=plans_in_period)
        .distinct()
        .prefetch_related(
            Prefetch(
                "plans",
                queryset=plans_in_period.select_related("owner").order_by("reference"),
                to_attr="period_plans",
            )
        )[:MAX_AREAS]
    )
    patrol_totals = {
        row["area_id"]: row
        for row in PatrolLog.objects.filter(area__in=areas, date__gte=start, date__lte=end)
        .values("area_id")
        .annotate(visits=Count("pk"), minutes=Sum("minutes"), engagements=Sum("engagements"))
    }
    periods, no_months = _programme_periods(start, end, all_imported_months())
    pages = []
    for area in areas:
        first = area.period_plans[0] if area.period_plans else None
        totals = patrol_totals.get(area.pk)
        pages.append(
            {
                "area": area,
                "plans": area.period_plans[:MAX_AREA_PLANS],
                "more_plans": max(0, len(area.period_plans) - MAX_AREA_PLANS),
                "patrols": totals,
                "figures": _area_page_figures(first, area, periods, no_months),
            }
        )
    return {
        "start": start,
        "end": end,
        "summary": _programme_summary(user=user, start=start, end=end),
        "plan_count": plans_in_period.count(),
        "areas": pages,
        "running_reference": f"Programme {start:%d %b %Y} to {end:%d %b %Y}",
        "target": funded_target_as_at(user, end),
    }


def funded_target_as_at(user, end):
    """The funded target's progress as at the end of a period (today, if that is later), for
    the police; None without a target or for a partner."""
    from django.utils import timezone

    from hotspots.rota_selectors import funded_target_progress_for

    return funded_target_progress_for(user, today=min(end, timezone.localdate()))


def programme_report_filename(start, end) -> str:
    return f"programme-report-{start:%Y-%m-%d}-to-{end:%Y-%m-%d}.pdf"


def programme_report_pdf(*, user, start, end, **options) -> bytes:
    """The programme report for a period as PDF bytes (managers only; the view checks)."""
    context = programme_report_context(user=user, start=start, end=end)
    title = f"Programme report, {start:%d %B %Y} to {end:%d %B %Y}"
    return render_pdf(template="reports/pdf/programme_report.html", context=context, title=title, **options)
