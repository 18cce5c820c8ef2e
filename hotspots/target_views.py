"""A manager's page for each organisation's share of the funded patrol hours."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from partners.permissions import require_for_request

from . import rota_selectors, target_services
from .target_forms import OrganisationTargetForm


@login_required
@require_http_methods(["GET", "POST"])
def organisation_targets(request):
    require_for_request(request, "hotspots.set_funded_target", action="target.organisation_set")
    form = OrganisationTargetForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        organisation, hours = form.cleaned_data["organisation"], form.cleaned_data["hours"]
        try:
            target_services.organisation_target_set(
                actor=request.user, organisation=organisation, hours=hours
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            if hours is None:
                messages.success(request, f"{organisation.name} no longer has funded hours of its own")
            else:
                messages.success(request, f"{organisation.name}'s funded target is {hours:,} patrol hours")
            return redirect("rota:organisation_targets")
    return render(
        request,
        "hotspots/rota_organisation_targets.html",
        {
            "form": form,
            "programme": rota_selectors.funded_target(),
            "targets": rota_selectors.organisation_targets(),
        },
        status=400 if form.errors else 200,
    )
