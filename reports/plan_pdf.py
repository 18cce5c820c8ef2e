"""The plan report: a plan's PDF, the police version or the partners' (without police-only
details), built from the same selectors and words as its page."""

from __future__ import annotations

from django.utils import timezone

from .pdf import render_pdf

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
    ("displacement_control_area", "Control's displacement area (Dc) counted"),
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


def svg_data_url(svg) -> str:
    import base64

    data = svg.encode("utf-8") if isinstance(svg, str) else bytes(svg)
    return "data:image/svg+xml;base64," + base64.b64encode(data).decode("ascii")


def figures_section(plan, *, area=None, periods=None) -> dict:
    """Assessment figures and charts for the area, from the same code as the plan page.

    One table with a column per crime family (a row per measure), then each family's chart.
    The figures' notes go above the table, as on the plan page: a count over months of which
    some were never imported ("before 80" with only October of July to October imported)
    would otherwise read as the count for the whole period.
    """
    from hotspots.charts import line_chart_description, line_chart_svg
    from hotspots.figure_periods import plan_periods
    from hotspots.figures import area_figures
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
                "chart": svg_data_url(line_chart_svg(figures)),
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
        "figures": figures_section(plan),
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
