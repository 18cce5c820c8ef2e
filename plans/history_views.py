"""A plan's history on its own page (issue 23's layout): 25 events a page, by kind, with the
plan's views counted in one line. The plan page shows only its latest activity and links here."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from . import selectors, services
from .timeline import plan_history


@login_required
@require_http_methods(["GET", "HEAD"])  # as the plan page: a POST would record a consultation
def plan_history_page(request, pk):
    plan = selectors.plan_for_user_or_404(request.user, pk)
    # The history shows what was written in the plan (police-only values to police): a
    # consultation of the plan, recorded as the plan page records one.
    services.plan_record_view(actor=request.user, plan=plan)
    context = plan_history(
        plan=plan, user=request.user, kind=request.GET.get("kind", ""), page_number=request.GET.get("page")
    )
    return render(request, "plans/history.html", {"plan": plan, **context})
