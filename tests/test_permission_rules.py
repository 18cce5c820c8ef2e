"""The rules registry beside guardian, and the one refusal path.

Rules and guardian's grants never answer for the same name, so adding rules' backend weakens no
object permission: a partner still sees a plan only through its organisation's grant.
"""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.test import RequestFactory
from django.urls import reverse
from rules.permissions import ObjectPermissionBackend

from audit.models import Event
from partners.middleware import RefusalMiddleware
from partners.permissions import RULES, may, require
from partners.refusals import Refused

pytestmark = pytest.mark.django_db


def test_no_rule_is_named_as_a_model_permission():
    model_permissions = {
        f"{app}.{codename}"
        for app, codename in Permission.objects.values_list("content_type__app_label", "codename")
    }
    assert model_permissions, "no model permissions to compare with"
    assert not set(RULES) & model_permissions


def test_rules_grant_no_model_permission_and_guardian_keeps_its_grants(world):
    backend = ObjectPermissionBackend()
    for persona in ("partner_on", "partner_off", "manager", "owner"):
        assert not backend.has_perm(world.users[persona], "plans.view_plan", world.plan)
        assert not backend.has_perm(world.users[persona], "plans.change_task", world.task)
    # Through every backend: the grant to Street Pastors' group and nothing else.
    fresh = get_user_model().objects.get
    assert fresh(pk=world.users["partner_on"].pk).has_perm("plans.view_plan", world.plan)
    assert not fresh(pk=world.users["partner_off"].pk).has_perm("plans.view_plan", world.plan)
    assert fresh(pk=world.users["partner_on"].pk).has_perm("plans.change_task", world.task)
    assert not fresh(pk=world.users["partner_on"].pk).has_perm("plans.change_task", world.other_org_task)


def test_a_rule_answers_through_user_has_perm_too(world):
    assert world.users["owner"].has_perm("plans.edit_plan", world.plan)
    assert not world.users["officer2"].has_perm("plans.edit_plan", world.plan)


def test_a_superuser_with_no_role_is_given_no_rule(world):
    superuser = get_user_model().objects.create_superuser("root", "root@example.org", "x")
    assert superuser.has_perm("plans.edit_plan", world.plan)  # Django: a superuser has every name
    assert not may(superuser, "plans.edit_plan", world.plan)  # the project asks the rule itself
    assert not may(superuser, "plans.manage_tasks", world.plan)


def test_an_unknown_rule_is_an_error_not_a_no(world):
    with pytest.raises(LookupError):
        may(world.users["owner"], "plans.edit_the_plan", world.plan)


def test_require_records_the_refusal_with_the_rules_sentence(world):
    with pytest.raises(Refused) as refused:
        require(world.users["officer2"], "plans.edit_plan", world.plan, action="plan.update", plan=world.plan)
    assert refused.value.status == 403
    assert str(refused.value) == RULES["plans.edit_plan"].refusal
    event = Event.objects.get(action="plan.update.refused")
    assert (event.actor, event.target_id, event.reason) == (
        world.users["officer2"],
        str(world.plan.pk),
        RULES["plans.edit_plan"].refusal,
    )


def test_a_refused_get_records_nothing(world, client_for):
    response = client_for(world.users["officer2"]).get(
        reverse("plans:edit", kwargs={"pk": world.plan.pk, "section": "scan"})
    )
    assert response.status_code == 403
    assert RULES["plans.edit_plan"].refusal.replace("'", "&#x27;") in response.content.decode()
    assert not Event.objects.filter(action__endswith=".refused").exists()


@pytest.mark.parametrize(
    ("status", "words"),
    [(403, "You cannot do that"), (404, "Page not found"), (409, "You cannot do that")],
)
def test_the_middleware_answers_each_status_with_its_page(status, words, world):
    request = RequestFactory().get("/")
    request.user = world.users["owner"]
    request.csp_nonce = "x"

    def view(request):
        raise Refused("This plan has just moved on", status=status)

    middleware = RefusalMiddleware(view)
    response = middleware.process_exception(request, Refused("This plan has just moved on", status=status))
    assert response.status_code == status
    html = response.content.decode()
    assert words in html
    # A 404 is the page of something missing: it says nothing about why.
    assert ("This plan has just moved on" in html) == (status != 404)


def test_other_exceptions_are_left_to_django(world):
    request = RequestFactory().get("/")
    assert RefusalMiddleware(lambda r: None).process_exception(request, ValueError("no")) is None
