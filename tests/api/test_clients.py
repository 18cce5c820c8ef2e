"""API clients: tokens hashed at rest, revoked and expired clients refused, the rate limit,
ETags on details, and every error as RFC 9457 problem details."""

import datetime
import hashlib
import io

import pytest
from django.core.management import call_command
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from audit.models import Event
from partners import api_client_services
from partners.api_clients import ApiClient, split_token

from .conftest import register

pytestmark = pytest.mark.django_db


def test_the_secret_is_stored_only_as_its_hash(world, personas):
    client, token = register(personas.admin, world.task.organisation, "Pastors' records", "partner lead")
    key_id, secret = split_token(token)
    assert client.key_id == key_id
    assert client.secret_hash == hashlib.sha256(secret.encode()).hexdigest()
    # Nowhere in the client's row, nor in the audit event of its registration.
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {ApiClient._meta.db_table}")  # noqa: S608 (the model's own table)
        rows = cursor.fetchall()
    assert secret not in repr(rows)
    assert secret not in repr(list(Event.objects.values()))


def test_registration_checks_what_it_is_given(world, personas):
    with pytest.raises(Exception, match="acts as partner lead"):
        register(personas.admin, world.task.organisation, "A manager?", "manager")
    with pytest.raises(Exception, match="Only administrators"):
        register(personas.officer, world.task.organisation, "By an officer", "partner lead")
    assert Event.objects.filter(action="api_client.create.refused").count() == 1


@pytest.mark.parametrize(
    "how", ["revoked", "expired", "wrong secret", "not ours", "no token", "session only"]
)
def test_a_client_that_is_not_current_is_refused(how, world, personas, call, client):
    made, token = register(personas.admin, world.task.organisation, "Pastors' second system", "partner lead")
    url = reverse("api:plan_list")
    assert call(token, "get", url).status_code == 200
    if how == "revoked":
        api_client_services.api_client_revoke(actor=personas.admin, client=made)
    elif how == "expired":
        ApiClient.objects.filter(pk=made.pk).update(expires_at=timezone.now() - datetime.timedelta(seconds=1))
    elif how == "wrong secret":
        token = token[:-4] + ("AAAA" if not token.endswith("AAAA") else "BBBB")
    elif how == "not ours":
        token = "ghp_0123456789abcdef"
    elif how == "session only":
        client.force_login(personas.pastors)
        token = None
    else:
        token = None
    response = call(token, "get", url)
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == 'Bearer realm="api"'
    assert response["Content-Type"] == "application/problem+json"
    if how in ("revoked", "expired"):
        assert how.removesuffix("d") in response.json()["detail"]


def test_the_command_registers_and_prints_the_token_once(world, personas, call):
    out = io.StringIO()
    call_command(
        "create_api_client",
        "--by=admin",
        "--organisation=Street Pastors",
        "--name=Pastors' spreadsheet sync",
        "--write",
        "--days=30",
        stdout=out,
    )
    token = out.getvalue().strip().splitlines()[-1]
    made = ApiClient.objects.get(name="Pastors' spreadsheet sync")
    assert made.role == "partner lead" and made.scopes == ["read", "write"]
    assert made.user.groups.filter(name="partner lead").exists()
    assert not made.user.has_usable_password()
    assert call(token, "get", reverse("api:plan_detail", args=[world.plan.pk])).status_code == 200
    assert Event.objects.filter(action="api_client.create", target_id=str(made.pk)).count() == 1


def test_the_rate_limit_answers_429_with_retry_after(world, call, settings):
    settings.API_RATE_LIMIT = "3/min"
    url = reverse("api:plan_list")
    assert [call("partner", "get", url).status_code for _ in range(3)] == [200, 200, 200]
    refused = call("partner", "get", url)
    assert refused.status_code == 429
    assert 1 <= int(refused["Retry-After"]) <= 60
    assert refused.json()["status"] == 429
    # Per client: another client's calls are its own.
    assert call("other", "get", url).status_code == 200


@pytest.mark.parametrize("name", ["plan_detail", "task_detail"])
def test_a_detail_carries_an_etag_and_answers_304_when_unchanged(name, world, call):
    url = reverse(f"api:{name}", args=[world.plan.pk if name == "plan_detail" else world.task.pk])
    first = call("partner", "get", url)
    etag = first["ETag"]
    assert etag.startswith('"')
    views = Event.objects.count()
    again = call("partner", "get", url, headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.content == b""
    assert Event.objects.count() == views  # nothing new was disclosed
    call("partner", "post", reverse("api:task_start", args=[world.task.pk]))
    changed = call("partner", "get", url, headers={"If-None-Match": etag})
    assert changed.status_code == 200 and changed["ETag"] != etag


@pytest.mark.parametrize(
    ("method", "url", "data", "status"),
    [
        ("get", lambda w: reverse("api:plan_detail", args=[999999]), None, 404),
        ("get", lambda w: reverse("api:plan_list") + "?updated_since=yesterday", None, 400),
        ("post", lambda w: reverse("api:task_block", args=[w.task.pk]), {}, 400),
        ("post", lambda w: reverse("api:plan_comments", args=[w.plan.pk]), {"body": ""}, 400),
        ("get", lambda w: reverse("api:audit_events"), None, 403),
        ("delete", lambda w: reverse("api:plan_list"), None, 405),
    ],
)
def test_errors_are_problem_details(method, url, data, status, world, call):
    response = call("partner", method, url(world), data)
    assert response.status_code == status
    assert response["Content-Type"] == "application/problem+json"
    problem = response.json()
    assert problem["status"] == status
    assert problem["type"] == "about:blank"
    assert problem["title"] and problem["detail"]
    assert problem["instance"] == url(world)
    if status == 400:
        assert problem["errors"]


def test_a_client_is_never_offered_as_a_plan_owner_or_a_member(world, api_clients):
    from partners.roles import Role
    from plans.selectors import officers
    from plans.task_selectors import members_of_plan_organisations

    assert set(ApiClient.ROLES) <= {role.value for role in Role}
    police_client = api_clients["police"][0]
    assert police_client.user.groups.filter(name="officer").exists()
    assert police_client.user not in officers()
    assert api_clients["partner"][0].user not in members_of_plan_organisations(world.plan)


def test_an_administrator_revokes_a_client_in_the_admin(world, personas, api_clients, call, client):
    made = api_clients["partner"][0]
    client.force_login(personas.admin)
    url = reverse("admin:partners_apiclient_changelist")
    assert client.get(url).status_code == 200
    response = client.post(url, {"action": "revoke", "_selected_action": [made.pk]})
    assert response.status_code == 302
    made.refresh_from_db()
    assert made.revoked_at is not None and not made.user.is_active
    event = Event.objects.latest("sequence")
    assert event.action == "api_client.revoke" and event.actor_username == "admin"
    assert call("partner", "get", reverse("api:plan_list")).status_code == 401
