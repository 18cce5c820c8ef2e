"""Write and read paths that changed or showed data without their audit event (PRODUCT.md, Audit trail)."""

import re
import time

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from audit import integrity
from audit.models import Event
from partners.middleware import SESSION_STARTED_KEY
from plans import part_services
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "a-new-long-passphrase-9"


def head() -> int:
    return Event.objects.order_by("-sequence").values_list("sequence", flat=True).first() or 0


def new_events(before: int) -> list[Event]:
    return list(Event.objects.filter(sequence__gt=before).order_by("sequence"))


def written(before: int, action: str) -> list[Event]:
    return [e for e in new_events(before) if e.action == action]


def _no_secret_in(event: Event, *secrets: str) -> None:
    text = f"{event.changes} {event.reason} {event.target_label}"
    for secret in secrets:
        assert secret not in text


# Passwords ------------------------------------------------------------------------------


def test_changing_ones_own_password_is_one_event_without_the_password(client, officer):
    client.force_login(officer)
    before = head()
    response = client.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
        REMOTE_ADDR="203.0.113.9",
    )
    assert response.status_code == 302
    [event] = written(before, "auth.password_change")
    assert event.actor == officer
    assert (event.target_type, event.target_id) == ("auth.user", str(officer.pk))
    assert event.ip_address == "203.0.113.9"
    officer.refresh_from_db()
    _no_secret_in(event, NEW_PASSWORD, PASSWORD, officer.password)
    integrity.verify_chain()


def test_a_refused_password_change_writes_no_change_event(client, officer):
    client.force_login(officer)
    before = head()
    client.post(
        reverse("password_change"),
        {"old_password": "wrong", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert written(before, "auth.password_change") == []


def test_a_password_reset_by_emailed_link_is_one_event_by_the_user(client, officer, settings):
    settings.SITE_URL = "https://plans.example.org"  # the address the link goes to
    client.post(reverse("password_reset"), {"email": officer.email})
    link = re.search(r"https://plans\.example\.org(\S+)", mail.outbox[0].body).group(1)
    form_url = client.get(link).url
    before = head()
    response = client.post(form_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert response.status_code == 302
    [event] = written(before, "auth.password_reset")
    assert event.actor == officer  # the link proves who it is; nobody is signed in
    assert (event.target_type, event.target_id) == ("auth.user", str(officer.pk))
    _no_secret_in(event, NEW_PASSWORD)


# The user admin: roles, organisation groups and direct permissions ----------------------


def _user_form(user, **overrides) -> dict:
    joined = timezone.localtime(user.date_joined)
    data = {
        "username": user.username,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email,
        "is_active": "on",
        # The form lists the role groups only (organisation groups follow memberships).
        "groups": [
            str(pk) for pk in user.groups.exclude(name__startswith="org:").values_list("pk", flat=True)
        ],
        "user_permissions": [],
        "date_joined_0": joined.strftime("%Y-%m-%d"),
        "date_joined_1": joined.strftime("%H:%M:%S"),
        "initial-date_joined_0": joined.strftime("%Y-%m-%d"),
        "initial-date_joined_1": joined.strftime("%H:%M:%S"),
        "last_login_0": "",
        "last_login_1": "",
        "_save": "Save",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def test_giving_a_user_a_role_in_the_user_admin_is_audited_with_old_and_new_groups(
    client, admin_user, pastors
):
    # The form offers the role groups; the organisation's group is kept, as its memberships say.
    groups = [
        str(pk)
        for pk in Group.objects.filter(name__in=["manager", "partner lead"]).values_list("pk", flat=True)
    ]
    client.force_login(admin_user)
    before = head()
    response = client.post(
        reverse("admin:auth_user_change", args=[pastors.pk]), _user_form(pastors, groups=groups)
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert pastors.groups.filter(name="manager").exists()
    [event] = written(before, "user.update")
    assert event.actor == admin_user
    assert (event.target_type, event.target_id) == ("auth.user", str(pastors.pk))
    assert event.changes["groups"] == [
        ["org:street-pastors", "partner lead"],
        ["manager", "org:street-pastors", "partner lead"],
    ]
    assert set(event.changes) == {"groups"}
    integrity.verify_chain()


def test_making_a_user_a_superuser_or_inactive_in_the_user_admin_is_audited(client, admin_user, officer2):
    admin_user.is_superuser = True
    admin_user.save()
    client.force_login(admin_user)
    before = head()
    client.post(
        reverse("admin:auth_user_change", args=[officer2.pk]),
        _user_form(officer2, is_active=None, is_superuser="on"),
    )
    [event] = written(before, "user.update")
    assert event.changes["is_superuser"] == [False, True]
    assert event.changes["is_active"] == [True, False]


def test_an_administrator_gives_roles_but_not_superuser_status_or_direct_permissions(
    client, admin_user, officer2
):
    from django.contrib.auth.models import Permission

    client.force_login(admin_user)  # the administrator role, not a superuser
    form_page = client.get(reverse("admin:auth_user_change", args=[officer2.pk])).content.decode()
    assert 'name="is_superuser"' not in form_page and 'name="user_permissions"' not in form_page
    assert "org:" not in form_page.split('name="groups"', 1)[1].split("</select>", 1)[0]
    permission = Permission.objects.get(codename="view_event")
    before = head()
    response = client.post(
        reverse("admin:auth_user_change", args=[officer2.pk]),
        _user_form(officer2, is_active=None, is_superuser="on", user_permissions=[str(permission.pk)]),
    )
    assert response.status_code == 302
    officer2.refresh_from_db()
    assert not officer2.is_superuser and not officer2.user_permissions.exists() and not officer2.is_active
    [event] = written(before, "user.update")
    assert set(event.changes) == {"is_active"}


def test_an_administrator_cannot_change_a_superusers_account_or_password(client, admin_user, officer2):
    officer2.is_superuser = True
    officer2.save()
    client.force_login(admin_user)
    before = head()
    change = client.post(reverse("admin:auth_user_change", args=[officer2.pk]), _user_form(officer2))
    password = client.post(
        reverse("admin:auth_user_password_change", args=[officer2.pk]),
        {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD, "usable_password": "true"},
    )
    assert change.status_code == 403 and password.status_code == 403
    officer2.refresh_from_db()
    assert officer2.check_password(PASSWORD)
    assert written(before, "user.update") == written(before, "auth.password_change") == []


def test_a_user_admin_save_that_fails_leaves_no_event(client, admin_user, officer2):
    client.force_login(admin_user)
    before = head()
    response = client.post(
        reverse("admin:auth_user_change", args=[officer2.pk]), _user_form(officer2, username="")
    )
    assert response.status_code == 200  # the form again, with its error
    assert written(before, "user.update") == []


def test_adding_a_user_in_the_admin_is_audited_without_the_password(client, admin_user):
    client.force_login(admin_user)
    before = head()
    response = client.post(
        reverse("admin:auth_user_add"),
        {
            "username": "newcomer",
            "usable_password": "true",
            "password1": NEW_PASSWORD,
            "password2": NEW_PASSWORD,
            "_save": "Save",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    user = get_user_model().objects.get(username="newcomer")
    [event] = written(before, "user.create")
    assert event.actor == admin_user
    assert (event.target_type, event.target_id) == ("auth.user", str(user.pk))
    assert event.changes["username"] == [None, "newcomer"]
    assert event.changes["password"] == [None, "set"]
    _no_secret_in(event, NEW_PASSWORD, user.password)


def test_an_administrator_setting_a_password_in_the_admin_is_audited(client, admin_user, officer2):
    client.force_login(admin_user)
    before = head()
    response = client.post(
        reverse("admin:auth_user_password_change", args=[officer2.pk]),
        {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD, "usable_password": "true"},
    )
    assert response.status_code == 302
    [event] = written(before, "auth.password_change")
    assert event.actor == admin_user
    assert (event.target_type, event.target_id) == ("auth.user", str(officer2.pk))
    _no_secret_in(event, NEW_PASSWORD)


def test_users_are_deactivated_not_deleted_in_the_admin(client, admin_user, officer2):
    admin_user.is_superuser = True
    admin_user.save()
    client.force_login(admin_user)
    response = client.post(reverse("admin:auth_user_delete", args=[officer2.pk]), {"post": "yes"})
    assert response.status_code == 403
    assert get_user_model().objects.filter(pk=officer2.pk).exists()


def test_groups_and_their_permissions_cannot_be_changed_in_the_admin(client, admin_user, officer):
    admin_user.is_superuser = True
    admin_user.save()
    client.force_login(admin_user)
    group = Group.objects.get(name="officer")
    before = list(group.permissions.values_list("pk", flat=True))
    assert client.get(reverse("admin:auth_group_add")).status_code == 403
    response = client.post(
        reverse("admin:auth_group_change", args=[group.pk]), {"name": "officer", "permissions": []}
    )
    assert response.status_code == 403
    assert (
        client.post(reverse("admin:auth_group_delete", args=[group.pk]), {"post": "yes"}).status_code == 403
    )
    assert list(group.permissions.values_list("pk", flat=True)) == before
    assert (
        client.get(reverse("admin:auth_group_change", args=[group.pk])).status_code == 200
    )  # still readable


# Sign-out when the session's twelve hours are up ------------------------------------------


def test_the_sign_out_at_the_session_limit_carries_the_request_and_address(client, officer):
    client.force_login(officer)
    client.get(reverse("password_change"))
    session = client.session
    session[SESSION_STARTED_KEY] = time.time() - 12 * 60 * 60 - 1
    session.save()
    before = head()
    client.get(reverse("password_change"), REMOTE_ADDR="203.0.113.10")
    [event] = written(before, "auth.logout")
    assert event.actor == officer
    assert event.ip_address == "203.0.113.10"
    assert event.request_id


# Consultation: every page that shows a plan ----------------------------------------------


def test_the_plans_partners_tasks_and_comments_page_is_recorded_as_a_consultation(world, client_for):
    before = head()
    response = client_for(world.users["partner_on"]).get(reverse("tasks:plan_tasks", args=[world.plan.pk]))
    assert response.status_code == 200
    [event] = written(before, "plan.view")
    assert event.actor == world.users["partner_on"]
    assert event.plan_id == world.plan.pk


def test_opening_a_section_to_edit_it_is_recorded_as_a_consultation(world, client_for):
    before = head()
    response = client_for(world.users["owner"]).get(reverse("plans:edit", args=[world.plan.pk, "analyse"]))
    assert response.status_code == 200
    assert "POLICE-ONLY-VICTIM" in response.content.decode()
    [event] = written(before, "plan.view")
    assert event.actor == world.users["owner"]
    assert event.plan_id == world.plan.pk


def test_a_page_refused_with_404_records_no_consultation(world, client_for):
    before = head()
    response = client_for(world.users["partner_off"]).get(reverse("tasks:plan_tasks", args=[world.plan.pk]))
    assert response.status_code == 404
    assert written(before, "plan.view") == []


# Deletes keep what they changed ------------------------------------------------------------


def test_removing_a_response_records_the_tasks_it_leaves_unlinked(world):
    response = world.task.response
    before = head()
    part_services.response_remove(actor=world.users["owner"], response=response)
    world.task.refresh_from_db()
    assert world.task.response_id is None
    [event] = written(before, "plan.response_remove")
    assert event.changes["tasks"] == [[world.task.pk], None]


def test_removing_a_membership_records_the_role_it_had(admin_user, pastors):
    from partners import services as partner_services

    before = head()
    partner_services.membership_remove(actor=admin_user, membership=pastors.memberships.get())
    [event] = written(before, "membership.remove")
    assert event.changes["role"] == ["lead", None]


def test_user_save_refuses_a_manager_and_records_the_refusal(manager, officer2):
    from django.core.exceptions import PermissionDenied

    from partners import services as partner_services

    officer2.is_superuser = True
    with pytest.raises(PermissionDenied):
        partner_services.user_save(actor=manager, user=officer2)
    officer2.refresh_from_db()
    assert not officer2.is_superuser
    assert Event.objects.filter(action="user.update.refused", actor_id=manager.pk).count() == 1


def test_removing_a_partner_names_each_task_whose_change_right_is_revoked(world, pastors_org):
    from plans.partner_services import plan_partner_remove
    from tests import factories

    done = factories.make_task(world.plan, pastors_org, title="Leaflets", state="done")
    before = head()
    plan_partner_remove(actor=world.users["owner"], plan=world.plan, organisation=pastors_org)
    [event] = written(before, "plan.partner_remove")
    revoked = event.changes["permission"][0]
    assert f"plans.change_task on tasks {sorted([world.task.pk, done.pk])}" in revoked
    assert "org:street-pastors" in revoked


def test_an_imported_month_cannot_be_deleted_in_the_admin_without_an_event(client, admin_user):
    import datetime

    from hotspots.models import ImportedMonth

    admin_user.is_superuser = True
    admin_user.save()
    batch = ImportedMonth.objects.create(
        force="Leicestershire Police",
        month=datetime.date(2025, 1, 1),
        source_name="t.csv",
        rows=0,
        rows_without_location=0,
    )
    client.force_login(admin_user)
    response = client.post(reverse("admin:hotspots_importedmonth_delete", args=[batch.pk]), {"post": "yes"})
    assert response.status_code == 403
    assert ImportedMonth.objects.filter(pk=batch.pk).exists()
