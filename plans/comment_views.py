"""The comment form of a plan's discussion. Thin: bind the form, call the service
(plans.comment_services)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from partners.forms import add_service_errors
from partners.roles import is_police

from . import comment_services
from . import task_forms as forms
from .selectors import plan_for_user_or_404
from .submissions import AlreadySubmitted, sent_twice
from .task_views import plan_page_url, post_data


@login_required
@require_http_methods(["GET", "POST"])
def comment_add(request, pk):
    plan = plan_for_user_or_404(request.user, pk)
    form = forms.comment_form(post_data(request), police=is_police(request.user))
    if request.method == "POST" and form.is_valid():
        try:
            comment_services.comment_add(
                actor=request.user,
                plan=plan,
                body=form.cleaned_data["body"],
                police_only=form.cleaned_data.get("police_only", False),
                submission=form.submission_token(),
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        except AlreadySubmitted:
            return sent_twice(request, plan_page_url(plan, anchor="comments"))
        else:
            messages.success(request, "Your comment has been added")
            return redirect(plan_page_url(plan, anchor="comments"))
    return render(
        request, "tasks/comment_form.html", {"plan": plan, "form": form, "back": plan_page_url(plan)}
    )
