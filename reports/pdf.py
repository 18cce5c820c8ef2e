"""Rendering HTML templates to PDF with WeasyPrint, safely.

The renderer may read only the project's own static files and `data:` URLs: whatever a
user typed (`<img src="http://169.254.169.254/">`, `file:///etc/passwd`, CSS `url()`) is
escaped by the template, and even markup that reached WeasyPrint could fetch nothing else.
Each render runs in a child process that holds nothing of the web worker, a few at a time,
with a time limit (reports.rendering), and both the HTML going in and the PDF coming out have
a size limit.
"""

from __future__ import annotations

import datetime
import logging
import mimetypes
import posixpath
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import timezone
from weasyprint.urls import URLFetcher, URLFetcherResponse

from . import rendering
from .rendering import RenderBusy, RenderError, RenderTimeout, RenderTooLarge

# A base URL that can never resolve: template links like /static/reports/pdf.css become
# http://pdf.invalid/static/reports/pdf.css, which only our fetcher understands.
INTERNAL_BASE_URL = "http://pdf.invalid/"
RENDER_TIMEOUT_SECONDS = float(settings.PDF_RENDER_TIMEOUT)
MAX_HTML_CHARS = int(getattr(settings, "PDF_MAX_HTML_CHARS", 4_000_000))
MAX_PDF_BYTES = int(getattr(settings, "PDF_MAX_BYTES", 25 * 1024 * 1024))
MAX_STATIC_BYTES = 5 * 1024 * 1024

logger = logging.getLogger(__name__)


class RefusedURL(ValueError):
    """A URL outside the project's static files (WeasyPrint logs it and carries on)."""


def _static_roots() -> list[Path]:
    roots = []
    for finder in finders.get_finders():
        for storage in getattr(finder, "storages", {}).values():
            location = getattr(storage, "location", None)
            if location:
                roots.append(Path(location).resolve())
    if settings.STATIC_ROOT:
        roots.append(Path(settings.STATIC_ROOT).resolve())
    return roots


def serves_collected_files() -> bool:
    """Whether pages link the files collectstatic gathered (a manifest storage, as in production)."""
    from django.contrib.staticfiles.storage import ManifestFilesMixin, staticfiles_storage

    return isinstance(staticfiles_storage, ManifestFilesMixin)


def static_file_for(url: str, base_url: str = INTERNAL_BASE_URL) -> Path:
    """The file a static URL names, or RefusedURL when it is anything else."""
    if not url.startswith(base_url):
        raise RefusedURL(f"Not a static file of this project: {url[:200]}")
    parts = urlsplit(url)
    if parts.query or parts.fragment:
        raise RefusedURL(f"Static URL with a query: {url[:200]}")
    static_prefix = urlsplit(base_url).path.rstrip("/") + "/" + settings.STATIC_URL.strip("/") + "/"
    path = unquote(parts.path)
    if not path.startswith(static_prefix):
        raise RefusedURL(f"Not under {settings.STATIC_URL}: {url[:200]}")
    relative = path[len(static_prefix) :]
    if not relative or "\\" in relative or "\x00" in relative:
        raise RefusedURL(f"Bad static path: {url[:200]}")
    normalised = posixpath.normpath(relative)
    if normalised.startswith(("/", "..")) or normalised != relative:
        raise RefusedURL(f"Static path leaves the static folder: {url[:200]}")
    if serves_collected_files():
        # Production links the collected files by their hashed names and serves them from
        # STATIC_ROOT (whitenoise): read the same files, never the sources beside them.
        root = Path(settings.STATIC_ROOT).resolve()
        resolved = (root / normalised).resolve()
        roots = [root]
    else:
        found = finders.find(normalised)
        if not found:
            raise RefusedURL(f"No such static file: {url[:200]}")
        if isinstance(found, list):
            found = found[0]
        resolved = Path(found).resolve()
        roots = _static_roots()
    if not any(resolved.is_relative_to(root) for root in roots):
        raise RefusedURL(f"Static file resolves outside the static folders: {url[:200]}")
    if not resolved.is_file() or resolved.stat().st_size > MAX_STATIC_BYTES:
        raise RefusedURL(f"Static file missing or too large: {url[:200]}")
    return resolved


class StaticOnlyFetcher(URLFetcher):
    """WeasyPrint URL fetcher that serves our static files and `data:` URLs, nothing else.

    It runs in the web worker: the render child asks it for every URL (reports.pdf_child).
    `requested` lists every URL WeasyPrint asked for, `refused` those it was denied.
    """

    def __init__(self, base_url: str = INTERNAL_BASE_URL):
        super().__init__(allowed_protocols=("data",), allow_redirects=False, timeout=1)
        self.base_url = base_url
        self.requested: list[str] = []
        self.refused: list[str] = []

    def fetch(self, url, headers=None):
        self.requested.append(url)
        try:
            if url[:5].lower() == "data:":
                # urllib's DataHandler decodes in memory; only `data` is an allowed protocol.
                return super().fetch(url, headers)
            path = static_file_for(url, self.base_url)
        except Exception:
            self.refused.append(url)
            raise
        content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        if path.suffix == ".woff":
            content_type = "font/woff"
        return URLFetcherResponse(url, body=path.read_bytes(), headers={"Content-Type": content_type})


def render_html(*, template: str, context: dict, title: str, lang: str = "en-GB") -> str:
    """The HTML the PDF is made from (autoescaped; user text is never marked safe)."""
    html = render_to_string(
        template,
        {
            **context,
            "document_title": title,
            "document_lang": lang,
            "protective_marking": settings.PROTECTIVE_MARKING,
            "service_name": getattr(settings, "SERVICE_NAME", ""),
            "generated_at": context.get("generated_at") or timezone.localtime(),
        },
    )
    if len(html) > MAX_HTML_CHARS:
        raise RenderTooLarge(
            f"The report would be {len(html):,} characters long, over the limit of {MAX_HTML_CHARS:,}."
        )
    return html


def render_pdf(
    *,
    template: str,
    context: dict,
    title: str,
    lang: str = "en-GB",
    base_url: str = INTERNAL_BASE_URL,
    url_fetcher: StaticOnlyFetcher | None = None,
    timeout: float | None = None,
) -> bytes:
    """A tagged PDF/UA-1 of the template, fetching only our static files, within the limits."""
    html = render_html(template=template, context=context, title=title, lang=lang)
    fetcher = url_fetcher or StaticOnlyFetcher(base_url)
    timeout = RENDER_TIMEOUT_SECONDS if timeout is None else timeout
    # The log names the template, not the title: titles are typed by users.
    try:
        with rendering.render_slot(wait=float(settings.PDF_RENDER_QUEUE_SECONDS)):
            status, payload = rendering.render_in_child(
                html=html, base_url=base_url, fetcher=fetcher, timeout=timeout, max_bytes=MAX_PDF_BYTES
            )
    except RenderBusy:
        logger.warning("PDF render of %s refused: every render slot stayed taken", template)
        raise
    except RenderTimeout:
        logger.warning(
            "PDF render of %s stopped after %g seconds (%s characters of HTML)",
            template,
            timeout,
            f"{len(html):,}",
        )
        raise
    if fetcher.refused:
        logger.warning("PDF render of %s: %s URL(s) refused", template, len(fetcher.refused))
    if status == "too_large":
        logger.warning("PDF render of %s refused: %s bytes, over the limit", template, f"{payload:,}")
        raise RenderTooLarge(f"The PDF would be {payload:,} bytes, over the limit of {MAX_PDF_BYTES:,}.")
    if status != "ok":
        # The renderer's own words (which may name files or code) go to the log, not the page.
        logger.error("PDF render of %s failed: %s", template, payload)
        raise RenderError(
            "The report could not be made because of a fault in the service, not anything you "
            "entered. Nothing was exported or recorded. Try again; if it happens again, tell an "
            "administrator the time it happened."
        )
    return payload


# --- The plan report -------------------------------------------------------------------

MAX_TASKS = 400
MAX_COMMENTS = 200
TIMELINE_LIMIT = 60


# The page's labels (templates/hotspots/_patrol_summary.html and _figures.html), so a reader
# of the PDF meets the same words as on screen, never a field's name.
PATROL_LABELS = [
    ("visits", "Visits"),
    ("patrol_hours", "Patrol-hours"),
    ("person_hours", "Person-hours"),
    ("visits_of_10_to_15_minutes", "Visits of 10 to 15 minutes"),
    ("engagements", "Engagements"),
    ("arrests", "Arrests"),
    ("stop_searches", "Stop and searches"),
    ("asb_powers", "ASB powers used"),
]
FIGURE_LABELS = [
    ("before_period", "Before"),
    ("after_period", "After"),
    ("target_before", "Target area, before"),
    ("target_after", "Target area, after"),
    ("before_after_change", "Target area, change"),
    ("buffer_before", "Buffer ring, before"),
    ("buffer_after", "Buffer ring, after"),
    ("buffer_change", "Buffer ring, change"),
    ("control_before", "Control area, before"),
    ("control_after", "Control area, after"),
    ("control_change", "Control area, change"),
    ("displacement_control_before", "Control's displacement ring (Dc), before"),
    ("displacement_control_after", "Control's displacement ring (Dc), after"),
    ("comparison_basis", "Compared as"),
]


def _labelled(value, labels) -> list[tuple[str, object]]:
    return [(label, getattr(value, name)) for name, label in labels]


def _patrol_section(plan) -> dict:
    """Patrol dosage for the plan and its area, as hotspots.patrols summarises it."""
    from hotspots.models import PatrolLog
    from hotspots.patrols import summarise

    patrols = PatrolLog.objects.filter(plan=plan)
    if plan.area_id:
        patrols = PatrolLog.objects.filter(area_id=plan.area_id) | patrols
    if not patrols.exists():
        return {"rows": [], "empty": "No patrols logged"}
    return {"rows": _labelled(summarise(patrols), PATROL_LABELS), "empty": ""}


def _svg_data_url(svg) -> str:
    import base64

    data = svg.encode("utf-8") if isinstance(svg, str) else bytes(svg)
    return "data:image/svg+xml;base64," + base64.b64encode(data).decode("ascii")


def _figures_section(plan, *, area=None, periods=None) -> dict:
    """Assessment figures and charts for the area, from the same code as the plan page.

    One table with a column per crime family (a row per measure), then each family's chart.
    The figures' notes go above the table, as on the plan page: a count over months of which
    some were never imported ("before 80" with only October of July to October imported)
    would otherwise read as the count for the whole period.
    """
    from hotspots.charts import line_chart_description, line_chart_svg
    from hotspots.figures import area_figures, plan_periods
    from hotspots.selectors import assess_families
    from hotspots.templatetags.hotspots_tags import MEASURE_LABELS

    area = area or plan.area
    if area is None:
        return {"empty": "No area set", "families": [], "rows": [], "notes": []}
    before, after = periods or plan_periods(plan)
    families, columns, notes = [], [], []
    for family in assess_families():
        figures = area_figures(area=area, family=family, before=before, after=after)
        # The months missing are the same for every family: each note once.
        notes += [note for note in figures.notes if note not in notes]
        families.append(
            {
                "name": family.name,
                "chart": _svg_data_url(line_chart_svg(figures)),
                "alt": line_chart_description(figures),
            }
        )
        columns.append(_labelled(figures, FIGURE_LABELS + MEASURE_LABELS))
    # Every family's figures have the same measures in the same order.
    rows = [
        (label, [column[i][1] for column in columns])
        for i, (label, _) in enumerate(columns[0] if columns else [])
    ]
    return {
        "empty": "" if families else "No figures for this area yet.",
        "families": families,
        "rows": rows,
        "notes": notes,
    }


def _timeline(plan, user, *, partner_version: bool) -> dict:
    """The audit summary: what was done to the plan (newest first), and how often it was consulted.

    Page views are counted, not listed: sixty of them would push out every change, transition
    and sign-off. The events say in words what changed and why: choices, dates and numbers in
    full, what was written only by its label (audit.presentation, Change.brief).
    """
    from django.db.models import Count, Min

    from audit import presentation
    from audit.models import Event
    from audit.selectors import CONSULTATION_ACTION, CONSULTATION_ACTIONS
    from plans.timeline import plan_timeline

    if user is None and not partner_version:
        # A batch run (manage.py plan_report) has no reader to ask about: the police version
        # gets every event. The partner version falls through to what a reader with no rights
        # of their own reads: nothing police-only and no organisation's evidence.
        events = presentation.describe(
            Event.objects.filter(plan_id=plan.pk)
            .exclude(action__in=CONSULTATION_ACTIONS)
            .order_by("-sequence")[:TIMELINE_LIMIT]
        )
    else:
        events = list(plan_timeline(plan=plan, user=user, limit=TIMELINE_LIMIT, consultations=False))
    views = Event.objects.filter(plan_id=plan.pk, action=CONSULTATION_ACTION).aggregate(
        times=Count("pk"), readers=Count("actor", distinct=True), since=Min("occurred_at")
    )
    return {"events": events, "views": views}


def _signoff(plan, *, partner_version: bool):
    """The transition that closed the plan (who signed it off, and their reason), if it is closed."""
    from audit import presentation
    from audit.models import Event
    from plans.models import Stage

    if not plan.closed_at:
        return None
    events = Event.objects.filter(plan_id=plan.pk, action="plan.transition").order_by("-sequence")
    if partner_version:
        events = events.filter(police_only=False)
    # A plan closes a few times at most (it can be reopened): the newest close is the sign-off.
    for event in events.only(
        "actor_username", "actor_organisation", "action", "reason", "changes", "occurred_at"
    ):
        if (event.changes.get("state") or [None, None])[-1] == Stage.CLOSED:
            return presentation.describe([event])[0]
    return None


def plan_report_context(*, plan, user, partner_version: bool) -> dict:
    """Everything the plan report shows; police-only values only when not the partner version."""
    from plans.models import POLICE_ONLY_FIELDS, Comment, Plan, Task
    from plans.services import SECTION_FIELDS

    # The caller checked who may see this plan; read it again with what the cover needs.
    plan = Plan.objects.select_related("owner", "area").get(pk=plan.pk)

    def field(name):
        if name in POLICE_ONLY_FIELDS and partner_version:
            raise AssertionError("police-only field asked for in the partner version")
        return {"label": plan._meta.get_field(name).verbose_name.capitalize(), "text": getattr(plan, name)}

    # The analysis as the plan's edit form lists it, less the police-only fields shown below.
    analyse = [field(n) for n in SECTION_FIELDS["analyse"] if n not in POLICE_ONLY_FIELDS]
    police_only = [] if partner_version else [field(n) for n in POLICE_ONLY_FIELDS]
    tasks = list(
        Task.objects.filter(plan=plan)
        .select_related("plan", "organisation", "assignee", "response")
        .order_by("response_id", "due_date", "pk")[: MAX_TASKS + 1]
    )
    tasks_truncated = len(tasks) > MAX_TASKS
    tasks = tasks[:MAX_TASKS]
    by_response: dict = {}
    loose = []
    for task in tasks:
        if task.response_id:
            by_response.setdefault(task.response_id, []).append(task)
        else:
            loose.append(task)
    responses = [
        {"response": r, "tasks": by_response.get(r.pk, [])}
        for r in plan.responses.select_related("lead_organisation")
    ]
    timeline = _timeline(plan, user, partner_version=partner_version)
    comments = Comment.objects.filter(plan=plan).select_related("author")
    if partner_version:
        comments = comments.filter(police_only=False)
    return {
        "plan": plan,
        "partner_version": partner_version,
        "generated_at": timezone.localtime(),
        "scan": [field("problem_statement")],
        "sources": list(plan.sources.all()),
        "analyse": analyse,
        "police_only": police_only,
        "objectives": list(plan.objectives.all()),
        "responses": responses,
        "loose_tasks": loose,
        "tasks_truncated": tasks_truncated,
        "max_tasks": MAX_TASKS,
        "partners": list(plan.partner_links.select_related("organisation")),
        "patrols": _patrol_section(plan),
        "figures": _figures_section(plan),
        "assess": [field("process_evaluation"), field("outcome_summary"), field("lessons_learned")],
        "comments": list(comments[:MAX_COMMENTS]),
        "timeline": timeline,
        "signoff": _signoff(plan, partner_version=partner_version),
    }


def plan_report_filename(plan) -> str:
    from django.utils.text import slugify

    return f"{slugify(plan.reference).upper() or 'PLAN'}-plan-report.pdf"


def plan_report_pdf(*, plan, user, partner_version: bool, **options) -> bytes:
    """The plan report as PDF bytes (the partner version leaves out every police-only value)."""
    context = plan_report_context(plan=plan, user=user, partner_version=partner_version)
    title = f"{plan.reference} {plan.title}: plan report"
    return render_pdf(template="reports/pdf/plan_report.html", context=context, title=title, **options)


# --- The programme report --------------------------------------------------------------

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
    charts = [{"title": c["title"], "src": _svg_data_url(c["svg"])} for c in rendered_charts(figures)]
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
    return _figures_section(plan, area=area, periods=periods)


def programme_report_context(*, user, start, end) -> dict:
    """The programme figures, then one page per area with its plans, patrols and charts."""
    from django.db.models import Count, Prefetch, Sum

    from hotspots.figures import all_imported_months
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
    }


def programme_report_filename(start, end) -> str:
    return f"programme-report-{start:%Y-%m-%d}-to-{end:%Y-%m-%d}.pdf"


def programme_report_pdf(*, user, start, end, **options) -> bytes:
    """The programme report for a period as PDF bytes (managers only; the view checks)."""
    context = programme_report_context(user=user, start=start, end=end)
    title = f"Programme report, {start:%d %B %Y} to {end:%d %B %Y}"
    return render_pdf(template="reports/pdf/programme_report.html", context=context, title=title, **options)
