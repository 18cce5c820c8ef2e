"""The home page at `/`: each role lands on what needs them today (plans.home lists the work;
the manager's headline for the current financial quarter so far is reports.programme's)."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from partners import roles
from partners.navigation import nav_items
from plans import home as lists
from plans.home import HomeList
from plans.team_home import team_home

from . import programme


def manager_figures(user, today) -> dict:
    """What a manager's home reads of the programme figures: the headline for the financial
    quarter so far (kept until the records change: programme.headline), and the overdue tasks
    by organisation as the programme page counts them (a task whose organisation left its plan
    apart, last), most first, read each time as the manager's other lists are."""
    scope = programme.scope_for(user)  # a manager's: the whole programme, the headline's
    overdue = sorted(
        programme.tasks_overdue_by_organisation(scope, today),
        key=lambda t: (t.label == programme.AWAITING_REASSIGNMENT, -t.count, t.label),
    )
    return {
        "headline": programme.quarter_headline(today),
        "tasks_overdue_by_organisation": HomeList(count=sum(t.count for t in overdue), rows=overdue),
    }


@login_required
@require_GET
def home(request):
    """Counts first, then each list's first rows, each row a link to where the work is done."""
    user = request.user
    today = timezone.localdate()
    context = {"today": today}
    if roles.is_manager(user):
        figures = manager_figures(user, today)
        context["manager"] = {**lists.manager_home(user), **figures}
        context["headline"] = figures["headline"]
    if roles.is_officer(user):
        context["officer"] = lists.officer_home(user)
    if roles.in_police_team(user):
        context["team"] = team_home(user)
    if roles.is_partner_lead(user):
        context["partner"] = lists.partner_home(user)
        context["organisation"] = roles.organisation_of(user)
    if not {"manager", "officer", "partner"} & context.keys():
        # No role with work of its own (an administrator, a new account): what they can open.
        return render(request, "partners/home.html", {"links": nav_items(user)})
    return render(request, "home.html", context)
