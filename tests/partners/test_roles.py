"""Role checks read the user's groups once; grant filters use cached permission ids."""

import pytest
from django.contrib.auth.models import Permission
from django.core.management import call_command
from django.core.management.sql import emit_post_migrate_signal

from partners import roles

pytestmark = pytest.mark.django_db


def fresh(user):
    return type(user).objects.get(pk=user.pk)


def test_roles_and_organisation_groups_come_from_one_query(
    pastors, officer, pastors_org, django_assert_num_queries
):
    lead = fresh(pastors)
    with django_assert_num_queries(1):
        assert roles.is_partner_lead(lead) and not roles.is_police(lead)
        assert roles.partner_group_ids(lead) == (pastors_org.group_id,)
        assert not roles.is_manager(lead) and not roles.is_administrator(lead)
    police = fresh(officer)
    assert roles.is_officer(police) and roles.is_police(police)
    assert roles.partner_group_ids(police) == tuple(
        police.groups.filter(organisation__isnull=False).values_list("pk", flat=True)
    )


def test_nobody_signed_in_has_no_roles_or_groups():
    from django.contrib.auth.models import AnonymousUser

    assert roles.role_names(AnonymousUser()) == frozenset()
    assert roles.partner_group_ids(AnonymousUser()) == ()


def test_a_permission_id_is_read_once_and_forgotten_after_migrate(django_assert_num_queries):
    roles.forget_permission_ids()
    expected = Permission.objects.get(content_type__app_label="plans", codename="view_plan").pk
    with django_assert_num_queries(1):
        assert roles.permission_id("plans.view_plan") == expected
        assert roles.permission_id("plans.view_plan") == expected
    emit_post_migrate_signal(verbosity=0, interactive=False, db="default")
    with django_assert_num_queries(1):
        roles.permission_id("plans.view_plan")


def test_an_unknown_permission_matches_nothing_and_is_not_cached(django_assert_num_queries):
    with django_assert_num_queries(2):
        assert roles.permission_id("plans.fly_plan") is None
        assert roles.permission_id("plans.fly_plan") is None


def test_a_flush_forgets_the_ids(transactional_db):
    roles.permission_id("plans.view_plan")
    call_command("flush", "--no-input", verbosity=0)
    assert "plans.view_plan" not in roles._permission_ids
