"""Patrol pages: the list, logging a patrol, changing and removing one. Thin: bind the form,
call the service (hotspots.patrol_services)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from partners.forms import rebased
from partners.permissions import require, require_for_request
from partners.roles import organisation_of
from plans.submissions import sent_twice

from . import patrol_services, patrols, selectors, service_support, services
from .patrol_forms import PatrolEditForm, PatrolLogForm, PatrolRemoveForm
from .patrol_powers import records_police_powers
from .submissions import AlreadySubmitted
from .views import area_or_patrol_conflict_rows


@login_required
def patrol_list(request):
    require(request.user, "hotspots.see_patrols", action="patrol.list", record=False)
    visible = selectors.patrols_visible_to(request.user)
    page = Paginator(
        visible.select_related("area", "organisation", "logged_by").order_by("-date", "-start_time", "-pk"),
        50,
    ).get_page(request.GET.get("page"))
    return render(
        request,
        "hotspots/patrol_list.html",
        {
            "page": page,
            "summary": patrols.summarise(visible),
            "quarters": patrols.by_organisation_and_quarter(visible),
            "organisation": organisation_of(request.user),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def patrol_create(request):
    require_for_request(request, "hotspots.log_patrols", action="patrol.log")
    form = PatrolLogForm(
        request.POST or None,
        areas=selectors.patrol_areas_for(request.user),
        police_powers=records_police_powers(organisation_of(request.user)),
        initial={"staff_count": 1, "engagements": 0, "arrests": 0, "stop_searches": 0, "asb_powers": 0},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            patrol_services.patrol_log(
                actor=request.user,
                submission=form.submission_token(),
                **{name: data[name] for name in service_support.PATROL_FIELDS},
            )
        except AlreadySubmitted:
            return sent_twice(request, reverse("hotspots:patrol_list"))
        except ValidationError as exc:
            form.add_error(None, exc)  # on the field it names
        else:
            messages.success(request, f"Patrol in {data['area'].name} on {data['date']:%-d %B %Y} logged")
            return redirect("hotspots:patrol_list")
    return _patrol_form_page(request, form)


def _patrol_form_page(request, form, patrol=None, conflict=None):
    return render(
        request,
        "hotspots/patrol_form.html",
        {
            "form": form,
            "organisation": organisation_of(request.user),
            "patrol": patrol,
            "conflict": conflict,
        },
        status=409 if conflict else (400 if form.errors else 200),
    )


def _own_patrol(request, pk, *, action: str):
    """A patrol this user sees (404 otherwise: another partner's), if it is their organisation's
    (403 if not, a POST recorded with the patrol and its plan, as the service records it)."""
    patrol = selectors.patrol_for_user_or_404(request.user, pk)
    require_for_request(request, "hotspots.change_patrol", patrol, action=action, plan=patrol.plan)
    return patrol


@login_required
@require_http_methods(["GET", "POST"])
def patrol_edit(request, pk):
    patrol = _own_patrol(request, pk, action="patrol.update")
    areas = selectors.patrol_areas_for(request.user)
    powers = records_police_powers(patrol.organisation)
    form = PatrolEditForm(request.POST or None, instance=patrol, areas=areas, police_powers=powers)
    conflict = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            patrol_services.patrol_update(
                actor=request.user,
                patrol=patrol,
                version=data["version"],
                base=form.edit_base(),
                **{name: data[name] for name in service_support.PATROL_FIELDS},
            )
        except services.EditConflict as exc:
            conflict = area_or_patrol_conflict_rows(form, exc)
            # Keep what the user typed; the next save is based on the version now saved.
            patrol.refresh_from_db()  # a ModelForm's cleaning writes the typed values to its instance
            form = PatrolEditForm(
                rebased(request.POST, form, exc), instance=patrol, areas=areas, police_powers=powers
            )
            form.is_valid()
            form.drawn_after_conflict()
        except ValidationError as exc:
            form.add_error(None, exc)  # on the field it names
        else:
            messages.success(request, f"Patrol in {data['area'].name} on {data['date']:%-d %B %Y} saved")
            return redirect("hotspots:patrol_list")
    return _patrol_form_page(request, form, patrol=patrol, conflict=conflict)


@login_required
@require_http_methods(["GET", "POST"])
def patrol_remove(request, pk):
    patrol = _own_patrol(request, pk, action="patrol.delete")
    form = PatrolRemoveForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        patrol_services.patrol_delete(actor=request.user, patrol=patrol, reason=form.cleaned_data["reason"])
        messages.success(request, f"Patrol in {patrol.area.name} on {patrol.date:%-d %B %Y} removed")
        return redirect("hotspots:patrol_list")
    return render(
        request,
        "hotspots/patrol_remove.html",
        {"form": form, "patrol": patrol},
        status=400 if form.errors else 200,
    )
