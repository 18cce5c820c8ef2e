"""The home page at `/`: each role lands on what needs them today (plans.home lists the work;
the manager's headline for the current financial quarter so far is reports.programme's)."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from partners import roles
from partners.navigation import nav_items
from plans import home as lists
from plans.team_home import team_home

from . import programme
from .periods import Quarter


def quarter_headline(user, today) -> dict | None:
    """The programme's headline sentences for the financial quarter so far, for a manager."""
    scope = programme.scope_for(user)  # a manager's: the whole programme
    quarter = Quarter.of(today)
    figures = programme.figures_for_scope(scope, start=quarter.start, end=today, today=today)
    return {"quarter": quarter, "sentences": programme.statement_sentences(figures)}


@login_required
@require_GET
def home(request):
    """Counts first, then each list's first rows, each row a link to where the work is done."""
    user = request.user
    today = timezone.localdate()
    context = {"today": today}
    if roles.is_manager(user):
        context["manager"] = lists.manager_home(user)
        context["headline"] = quarter_headline(user, today)
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
