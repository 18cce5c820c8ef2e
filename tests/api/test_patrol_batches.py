"""Patrols in bulk through the API: a JSON list of visits or the page's template filled in, checked
and saved by the page's service (hotspots.batch_services.patrol_batch_upload) whole or not at all,
as one batch and one event; undone whole by the client that sent it."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from audit.models import Event
from hotspots.batch_models import PatrolBatch
from hotspots.models import PatrolLog

pytestmark = pytest.mark.django_db

URL = "/api/v1/patrols/batches/"


def visits(world, n=3):
    day = datetime.date(2024, 3, 1)
    return [
        {
            "area": world.area.pk,
            "date": (day + datetime.timedelta(days=i)).isoformat(),
            "start_time": "22:30",
            "minutes": 20 + i,
            "kind": "partner",
            "staff_count": 2,
        }
        for i in range(n)
    ]


def last_sequence():
    return Event.objects.order_by("-sequence").values_list("sequence", flat=True).first() or 0


def test_a_valid_list_saves_every_visit_in_one_batch_and_one_event(world, call, api_clients):
    before = last_sequence()
    response = call("partner", "post", URL, visits(world))
    assert response.status_code == 201, response.content
    batch = PatrolBatch.objects.get(pk=response.json()["id"])
    assert response.json()["rows"] == 3 and batch.uploaded_by == api_clients["partner"][0].user
    patrols = PatrolLog.objects.filter(batch=batch).order_by("date")
    assert [(p.date, p.minutes, p.staff_count, p.kind) for p in patrols] == [
        (datetime.date(2024, 3, 1), 20, 2, "partner"),
        (datetime.date(2024, 3, 2), 21, 2, "partner"),
        (datetime.date(2024, 3, 3), 22, 2, "partner"),
    ]
    events = list(Event.objects.filter(sequence__gt=before))
    assert [(e.action, e.target_id) for e in events] == [("patrol.batch_upload", str(batch.pk))]


def test_one_bad_visit_refuses_the_list_with_its_message_and_saves_nothing(world, call):
    sent = visits(world)
    sent[1]["date"] = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
    sent[2]["area"] = 999999
    before = last_sequence()
    response = call("partner", "post", URL, sent)
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert body["errors"] == [
        {"row": 2, "field": "date", "message": "The date of the patrol must be today or in the past"},
        {
            "row": 3,
            "field": "area",
            "message": "Area 999999 is not an area your organisation may log patrols in",
        },
    ]
    assert "Visit 2, date: The date of the patrol must be today or in the past" in body["detail"]
    assert PatrolLog.objects.count() == 0 and PatrolBatch.objects.count() == 0
    assert not Event.objects.filter(sequence__gt=before).exists()


def test_a_visit_twice_in_the_list_or_logged_already_is_refused(world, call):
    sent = visits(world, 2)
    assert call("partner", "post", URL, sent[:1]).status_code == 201
    twice = call("partner", "post", URL, [sent[1], sent[1]])
    assert twice.status_code == 400
    assert [(e["row"], e["field"]) for e in twice.json()["errors"]] == [(2, "start_time")]
    assert "on row 1 too" in twice.json()["errors"][0]["message"]
    again = call("partner", "post", URL, [sent[1], sent[0]])
    assert again.status_code == 400
    assert [e["row"] for e in again.json()["errors"]] == [2], again.json()
    assert PatrolLog.objects.count() == 1


def test_a_list_that_is_not_one_of_visits_is_refused(world, call):
    for body in ([], [1], {"area": 1}):
        response = call("partner", "post", URL, body)
        assert response.status_code == 400, body
        assert response.json()["errors"], body


def test_the_page_template_as_a_file_is_saved_by_the_same_service(world, call, client, api_clients):
    content = (
        b"area,date,start_time,minutes,kind\r\nClock Tower,18/01/2019,23:00,45,partner\r\n"
        b"Clock Tower,19/01/2019,23:00,30,foot\r\n"
    )
    token = api_clients["partner"][1]
    response = client.post(
        URL,
        {"file": SimpleUploadedFile("jan.csv", content, content_type="text/csv")},
        headers={"Authorization": f"Bearer {token}"},
    )
    assert response.status_code == 201, response.content
    assert response.json()["source_name"] == "jan.csv" and PatrolLog.objects.count() == 2
    bad = client.post(
        URL,
        {"file": SimpleUploadedFile("feb.csv", content.replace(b"45", b"0"), content_type="text/csv")},
        headers={"Authorization": f"Bearer {token}"},
    )
    assert bad.status_code == 400
    assert [(e["row"], e["field"]) for e in bad.json()["errors"]] == [(2, "minutes")]
    assert "Row 2, minutes:" in bad.json()["detail"]


def test_undo_removes_exactly_that_batch_by_its_client_within_seven_days(world, call, api_clients):
    first = call("partner", "post", URL, visits(world, 2)[:1]).json()["id"]
    second = call("partner", "post", URL, visits(world, 2)[1:]).json()["id"]
    url = reverse("api:patrol_batch", args=[first])
    before = last_sequence()
    assert call("police", "delete", url).status_code == 403  # not its uploader
    assert call("other", "delete", url).status_code == 404  # not seen
    refused = Event.objects.filter(sequence__gt=before)
    assert [e.action for e in refused] == ["patrol.batch_undo.refused"]
    assert refused[0].actor == api_clients["police"][0].user
    assert call("partner", "delete", url).status_code == 204
    assert list(PatrolLog.objects.values_list("batch_id", flat=True)) == [second]
    assert [e.action for e in Event.objects.filter(sequence__gt=before)][-1] == "patrol.batch_undo"
    assert call("partner", "delete", url).status_code == 403  # once only
    assert call("partner", "get", url).json()["undone_at"] is not None
    later = reverse("api:patrol_batch", args=[second])
    PatrolBatch.objects.filter(pk=second).update(uploaded_at=timezone.now() - datetime.timedelta(days=8))
    assert call("partner", "delete", later).status_code == 403
    assert PatrolLog.objects.filter(batch_id=second).exists()


def test_a_read_only_client_may_not_send_a_batch(world, personas, client):
    from .conftest import register

    _, token = register(personas.admin, world.task.organisation, "Pastors' reader", "partner lead", ("read",))
    before = last_sequence()
    response = client.post(
        URL, data=visits(world), content_type="application/json", headers={"Authorization": f"Bearer {token}"}
    )
    assert response.status_code == 403
    assert [e.action for e in Event.objects.filter(sequence__gt=before)] == ["patrol.batch_upload.refused"]
    assert PatrolLog.objects.count() == 0
