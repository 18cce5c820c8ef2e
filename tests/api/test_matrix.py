"""The API's authorisation matrix: every endpoint, by each kind of client (tests/api/conftest.py),
on its own organisation's objects and on others'. What a client sees is what its organisation's
lead (or an officer, or a manager) sees on the pages: 404 for what it may not see, 403 for what
its role may not do, police-only values never to a partner, refused writes recorded."""

import pytest
from django.urls import reverse

from audit.models import Event
from hotspots.models import PatrolLog
from plans.models import Comment, TaskState
from tests.test_url_matrix import assert_no_police_only

from .conftest import CLIENT_KINDS

pytestmark = pytest.mark.django_db


def _k(police, manager, partner, other, admin):
    return {"police": police, "manager": manager, "partner": partner, "other": other, "admin": admin}


# An administrator's client sees what an administrator sees on the pages: areas and the audit
# trail, not plans, tasks or patrols (it imports police.uk files: api:incident_imports).
CLIENTS_200 = _k(200, 200, 200, 200, 403)
POLICE_200 = _k(200, 200, 403, 403, 200)
FIGURES = "?before=2024-01:2024-03&after=2024-04:2024-06"

GET_ROWS = {
    "plan_list": (lambda w: reverse("api:plan_list"), CLIENTS_200),
    "plan_detail": (lambda w: reverse("api:plan_detail", args=[w.plan.pk]), _k(200, 200, 200, 404, 404)),
    "plan_detail#other_plan": (
        lambda w: reverse("api:plan_detail", args=[w.other_plan.pk]),
        _k(200, 200, 404, 200, 404),
    ),
    "plan_detail#missing": (
        lambda w: reverse("api:plan_detail", args=[999999]),
        _k(404, 404, 404, 404, 404),
    ),
    "task_list": (lambda w: reverse("api:task_list"), _k(200, 200, 200, 200, 200)),
    "task_detail": (lambda w: reverse("api:task_detail", args=[w.task.pk]), _k(200, 200, 200, 404, 404)),
    "task_detail#other_org": (
        lambda w: reverse("api:task_detail", args=[w.other_org_task.pk]),
        _k(200, 200, 200, 404, 404),
    ),
    "task_detail#other_plan": (
        lambda w: reverse("api:task_detail", args=[w.other_plan_task.pk]),
        _k(200, 200, 404, 200, 404),
    ),
    "area_list": (lambda w: reverse("api:area_list"), POLICE_200),
    "area_detail": (lambda w: reverse("api:area_detail", args=[w.area.pk]), POLICE_200),
    "area_detail#missing": (lambda w: reverse("api:area_detail", args=[999999]), _k(404, 404, 403, 403, 404)),
    "area_figures": (lambda w: reverse("api:area_figures", args=[w.area.pk]) + FIGURES, POLICE_200),
    "patrol_list": (lambda w: reverse("api:patrol_list"), CLIENTS_200),
    "programme_figures": (lambda w: reverse("api:programme_figures"), CLIENTS_200),
    "audit_events": (lambda w: reverse("api:audit_events"), _k(403, 200, 403, 403, 200)),
}


def test_every_api_url_has_a_row():
    from config import api_urls

    names = {pattern.name for pattern in api_urls.urlpatterns} - {"schema", "docs", None}
    covered = {key.split("#")[0] for rows in (GET_ROWS, POST_ROWS, BATCH_ROWS, FILE_ROWS) for key in rows}
    assert names - covered == set()


@pytest.mark.parametrize("key", sorted(GET_ROWS))
def test_get_answers_as_the_matrix_says(key, world, call):
    url_of, expected = GET_ROWS[key]
    url = url_of(world)
    wrong = []
    for kind in CLIENT_KINDS:
        response = call(kind, "get", url)
        if response.status_code != expected[kind]:
            wrong.append(f"{kind}: {response.status_code}, expected {expected[kind]}")
        if response.status_code >= 400:
            assert response["Content-Type"] == "application/problem+json", f"{kind} {url}"
        if kind in ("partner", "other"):
            assert_no_police_only(response, world, f"GET {url} as the {kind} client")
    assert wrong == [], f"GET {url}: " + "; ".join(wrong)


def test_lists_hold_what_each_organisation_sees(world, call):
    def ids(kind, name):
        return {row["id"] for row in call(kind, "get", reverse(name)).json()["results"]}

    both = {world.plan.pk, world.other_plan.pk}
    assert ids("police", "api:plan_list") == both
    assert ids("manager", "api:plan_list") == both
    assert ids("partner", "api:plan_list") == {world.plan.pk}
    assert ids("other", "api:plan_list") == {world.other_plan.pk}
    assert ids("partner", "api:task_list") == {world.task.pk, world.other_org_task.pk}
    assert ids("other", "api:task_list") == {world.other_plan_task.pk}
    ours = call("partner", "get", reverse("api:task_list") + "?ours=true").json()["results"]
    assert [row["id"] for row in ours] == [world.task.pk]


def test_filters_narrow_the_plan_list(world, call):
    url = reverse("api:plan_list")

    def refs(query):
        return [row["reference"] for row in call("police", "get", url + query).json()["results"]]

    assert refs("?stage=respond") == [world.plan.reference]
    assert refs(f"?area={world.area.pk}") == [world.plan.reference]
    assert refs(f"?organisation={world.other_plan_task.organisation.pk}") == [world.other_plan.reference]
    assert refs("?updated_since=2999-01-01T00:00:00Z") == []
    bad = call("police", "get", url + "?stage=nowhere")
    assert bad.status_code == 400 and "stage" in bad.json()["errors"]


def test_police_only_fields_go_to_police_clients_only(world, call):
    url = reverse("api:plan_detail", args=[world.plan.pk])
    police = call("police", "get", url).json()
    assert police["police_only"]["victim_details"] == world.plan.victim_details
    partner = call("partner", "get", url).json()
    assert partner["police_only"] is None
    assert "victim_details" not in str(partner)
    assert partner["objectives"] and partner["responses"]
    assert {task["id"] for task in partner["tasks"]} == {world.task.pk, world.other_org_task.pk}


def test_consultations_name_the_client(world, call, api_clients):
    call("partner", "get", reverse("api:plan_detail", args=[world.plan.pk]))
    event = Event.objects.filter(action="plan.view").latest("sequence")
    client = api_clients["partner"][0]
    assert event.actor_id == client.user.pk
    assert event.actor_organisation == "Street Pastors"
    from audit.presentation import describe

    assert "API client Pastors' records" in describe([event])[0].words.who


# ---------------------------------------------------------------- writes


def _task_url(name, which="task"):
    return lambda w: reverse(f"api:{name}", args=[getattr(w, which).pk])


POST_ROWS = {
    # Street Pastors' task: its organisation acts; police clients are not its plan's owner.
    "task_start": (_task_url("task_start"), {}, _k(403, 403, 200, 404, 404)),
    "task_start#other_org": (_task_url("task_start", "other_org_task"), {}, _k(403, 403, 403, 404, 404)),
    "task_block": (
        _task_url("task_block"),
        {"reason": "No volunteers this week"},
        _k(403, 403, 200, 404, 404),
    ),
    "task_resume": (_task_url("task_resume"), {}, _k(403, 403, 409, 404, 404)),
    "task_complete": (
        _task_url("task_complete"),
        {"note": "Staffed every night"},
        _k(403, 403, 200, 404, 404),
    ),
    "plan_comments": (
        lambda w: reverse("api:plan_comments", args=[w.plan.pk]),
        {"body": "Busy again on Friday"},
        _k(201, 201, 201, 404, 404),
    ),
    "plan_comments#police_only": (
        lambda w: reverse("api:plan_comments", args=[w.plan.pk]),
        {"body": "Informant named", "police_only": True},
        _k(201, 201, 403, 404, 404),
    ),
    "patrol_list": (
        lambda w: reverse("api:patrol_list"),
        lambda w: {
            "area": w.area.pk,
            "date": "2024-03-01",
            "start_time": "22:30",
            "minutes": 15,
            "kind": "foot",
        },
        _k(201, 403, 201, 400, 403),
    ),
    "patrol_batches": (
        lambda w: reverse("api:patrol_batches"),
        lambda w: [
            {"area": w.area.pk, "date": "2024-03-01", "start_time": "22:30", "minutes": 15, "kind": "foot"},
            {"area": w.area.pk, "date": "2024-03-02", "start_time": "22:30", "minutes": 15, "kind": "foot"},
        ],
        _k(201, 403, 201, 400, 403),
    ),
}


@pytest.mark.parametrize("kind", CLIENT_KINDS)
@pytest.mark.parametrize("key", sorted(POST_ROWS))
def test_post_answers_as_the_matrix_says(key, kind, world, call, api_clients):
    """A refused write (403) is recorded as `<action>.refused` naming the client's user; one about
    something unseen (404) records nothing."""
    url_of, data, expected = POST_ROWS[key]
    data = data(world) if callable(data) else data
    before = Event.objects.order_by("-sequence").values_list("sequence", flat=True).first() or 0
    response = call(kind, "post", url_of(world), data)
    assert response.status_code == expected[kind], response.content
    written = list(Event.objects.filter(sequence__gt=before))
    if response.status_code == 403:
        refused = [event for event in written if event.action.endswith(".refused")]
        assert refused and refused[0].actor_id == api_clients[kind][0].user.pk, [e.action for e in written]
        assert response.json()["detail"]
    if response.status_code in (400, 404, 409):
        assert [event.action for event in written] == []
    if kind in ("partner", "other"):
        assert_no_police_only(response, world, f"POST {url_of(world)} as the {kind} client")


def test_a_write_goes_through_the_service(world, call):
    response = call("partner", "post", reverse("api:task_start", args=[world.task.pk]))
    assert response.json()["state"] == TaskState.IN_PROGRESS
    event = Event.objects.latest("sequence")
    assert event.action == "task.start" and event.changes["state"] == ["open", "in_progress"]
    response = call("partner", "post", reverse("api:task_block", args=[world.task.pk]), {"reason": " "})
    assert response.status_code == 400
    assert response.json()["errors"] == {"reason": ["Enter why the task is blocked"]}
    comment = call("partner", "post", reverse("api:plan_comments", args=[world.plan.pk]), {"body": "Seen"})
    assert Comment.objects.get(pk=comment.json()["id"]).author.api_client.name == "Pastors' records"


def test_patrols_are_checked_as_the_form_checks_them(world, call):
    url = reverse("api:patrol_list")
    patrol = {
        "area": world.area.pk,
        "date": "2999-03-01",
        "start_time": "22:30",
        "minutes": 15,
        "kind": "foot",
    }
    response = call("partner", "post", url, patrol)
    assert response.status_code == 400
    assert response.json()["errors"]["date"] == ["The date of the patrol must be today or in the past"]
    patrol["date"] = "2024-03-01"
    assert call("partner", "post", url, patrol).status_code == 201
    again = call("partner", "post", url, patrol)
    assert again.status_code == 400 and "already logged this visit" in again.json()["detail"]
    assert PatrolLog.objects.get().organisation.name == "Street Pastors"
    listed = call("partner", "get", url).json()["results"]
    assert [row["area_name"] for row in listed] == ["Clock Tower"]
    assert call("other", "get", url).json()["results"] == []


def test_a_read_only_client_is_refused_writes_and_it_is_recorded(world, call, personas):
    from .conftest import register

    client, token = register(
        personas.admin, world.task.organisation, "Read only", "partner lead", scopes=["read"]
    )
    response = call(token, "post", reverse("api:task_start", args=[world.task.pk]))
    assert response.status_code == 403
    assert "may only read" in response.json()["detail"]
    event = Event.objects.latest("sequence")
    assert event.action == "task.start.refused" and event.actor_id == client.user.pk
    assert call(token, "get", reverse("api:task_detail", args=[world.task.pk])).status_code == 200


def test_audit_events_page_by_sequence_with_their_hashes(world, call):
    url = reverse("api:audit_events")
    first = call("manager", "get", url + "?limit=2").json()
    assert len(first["results"]) == 2 and first["next"]
    sequences = [event["sequence"] for event in first["results"]]
    second = call("manager", "get", first["next"]).json()
    assert second["results"][0]["sequence"] > sequences[-1]
    import hashlib

    everything = call("manager", "get", url + "?limit=500").json()["results"]
    for before, event in zip(everything, everything[1:], strict=False):
        assert event["prev_hash"] == before["hash"]
        link = f"{event['prev_hash']}:{event['sequence']}:{event['content_digest']}"
        assert hashlib.sha256(link.encode()).hexdigest() == event["hash"]


def test_reading_police_only_events_is_recorded_once(world, call):
    from audit.services import log_event

    log_event(action="comment.add", actor=world.users["owner"], target=world.police_comment, police_only=True)
    url = reverse("api:audit_events") + "?limit=500"
    call("manager", "get", url)
    consulted = Event.objects.filter(action="audit.search_consult")
    assert consulted.count() == 1
    assert consulted.get().actor_username.startswith("api-")
    call("manager", "get", url + f"&after={consulted.get().sequence - 1}")
    assert consulted.count() == 1  # its own record revealed nothing police-only


# A batch the partner's client sent (api:patrol_batches): who sees it, and who may undo it.
BATCH_ROWS = {
    "patrol_batch": ("get", _k(200, 200, 200, 404, 404)),
    "patrol_batch#undo": ("delete", _k(403, 403, 204, 404, 404)),
}


@pytest.mark.parametrize("kind", CLIENT_KINDS)
@pytest.mark.parametrize("key", sorted(BATCH_ROWS))
def test_a_batch_answers_as_the_matrix_says(key, kind, world, call, api_clients):
    sent = POST_ROWS["patrol_batches"][1](world)
    batch = call("partner", "post", reverse("api:patrol_batches"), sent).json()["id"]
    method, expected = BATCH_ROWS[key]
    before = Event.objects.order_by("-sequence").values_list("sequence", flat=True).first() or 0
    response = call(kind, method, reverse("api:patrol_batch", args=[batch]))
    assert response.status_code == expected[kind], response.content
    written = [event.action for event in Event.objects.filter(sequence__gt=before)]
    if response.status_code == 403:
        assert written == ["patrol.batch_undo.refused"]
    elif response.status_code == 404 or method == "get":
        assert written == []
    else:
        assert written == ["patrol.batch_undo"]
        assert not PatrolLog.objects.filter(batch_id=batch).exists()


# A file (multipart): a police.uk file by administrators' clients; GPS pings by officers' and
# administrators' clients of a police force.
FILE_ROWS = {
    "incident_imports": (_k(403, 403, 403, 403, 201), "incidents.import"),
    "gps_visits": (_k(201, 403, 403, 403, 201), "patrol.gps_save"),
}


@pytest.mark.parametrize("kind", CLIENT_KINDS)
@pytest.mark.parametrize("key", sorted(FILE_ROWS))
def test_a_file_answers_as_the_matrix_says(key, kind, world, client, api_clients):
    from .test_gps_visits import ping_file
    from .test_incident_imports import police_uk_file

    expected, action = FILE_ROWS[key]
    before = Event.objects.order_by("-sequence").values_list("sequence", flat=True).first() or 0
    response = client.post(
        reverse(f"api:{key}"),
        {"file": police_uk_file() if key == "incident_imports" else ping_file()},
        headers={"Authorization": f"Bearer {api_clients[kind][1]}"},
    )
    assert response.status_code == expected[kind], response.content
    written = [(e.action, e.actor_id) for e in Event.objects.filter(sequence__gt=before)]
    user = api_clients[kind][0].user.pk
    if response.status_code == 403:
        assert written == [(f"{action}.refused", user)]
    else:
        assert written == [(action, user)]
    if kind in ("partner", "other"):
        assert_no_police_only(response, world, f"POST {key} as the {kind} client")
