"""Visits derived from GPS pings through the API (police officers' and administrators' clients):
the page's derivation and save (hotspots.batch_services.gps_visits_save); a dry run saves nothing."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from audit.models import Event
from hotspots.batch_models import PatrolBatch
from hotspots.models import PatrolLog

pytestmark = pytest.mark.django_db

URL = "/api/v1/patrols/gps/"
IN_A = (52.6352, -1.1340)  # inside the world's area (tests/world.py SQUARE)
OUT = (52.6420, -1.1340)


def at(minute: int) -> str:
    return (
        datetime.datetime(2026, 11, 30, 22, 0, tzinfo=datetime.UTC) + datetime.timedelta(minutes=minute)
    ).isoformat()


def ping_file(name="pings.csv") -> SimpleUploadedFile:
    track = (
        [("LE-101", at(0), OUT)] + [("LE-101", at(m), IN_A) for m in range(1, 12)] + [("LE-101", at(12), OUT)]
    )
    track += [("LE-102", at(30), IN_A), ("LE-102", at(31), IN_A)]  # passing through: 1 minute
    lines = ["device,timestamp,latitude,longitude"] + [f"{d},{w},{lat},{lon}" for d, w, (lat, lon) in track]
    return SimpleUploadedFile(name, ("\r\n".join(lines) + "\r\n").encode(), content_type="text/csv")


def post(client, token, data):
    return client.post(URL, data, headers={"Authorization": f"Bearer {token}"})


def test_a_dry_run_returns_the_visits_and_saves_nothing(world, client, api_clients):
    before = Event.objects.order_by("-sequence").values_list("sequence", flat=True).first() or 0
    response = post(client, api_clients["police"][1], {"file": ping_file(), "dry_run": "true"})
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["dry_run"] is True and body["batch"] is None and body["pings"] == 15
    assert [(v["area"], v["device"], v["start"], v["minutes"]) for v in body["visits"]] == [
        (world.area.pk, "LE-101", "2026-11-30T22:01:00+00:00", 10)
    ]
    assert "5 minutes" in body["rule"]
    assert PatrolLog.objects.count() == 0 and not Event.objects.filter(sequence__gt=before).exists()


def test_saving_makes_gps_patrols_in_one_batch_and_one_event(world, client, api_clients):
    response = post(client, api_clients["admin"][1], {"file": ping_file()})
    assert response.status_code == 201, response.content
    batch = PatrolBatch.objects.get(pk=response.json()["batch"]["id"])
    assert batch.source == "gps" and batch.uploaded_by == api_clients["admin"][0].user
    patrols = list(PatrolLog.objects.filter(batch=batch))
    assert [(p.kind, p.minutes, p.area_id) for p in patrols] == [("gps", 10, world.area.pk)]
    assert Event.objects.latest("sequence").action == "patrol.gps_save"
    again = post(client, api_clients["admin"][1], {"file": ping_file()})
    assert again.status_code == 400 and "saved already" in again.json()["detail"]
    assert PatrolLog.objects.count() == 1


def test_a_bad_file_or_rule_is_refused_with_the_pages_messages(world, client, api_clients):
    token = api_clients["police"][1]
    bad = SimpleUploadedFile("pings.csv", b"device,timestamp,latitude,longitude\r\nX,yesterday,1,2\r\n")
    response = post(client, token, {"file": bad})
    assert response.status_code == 400 and response.json()["errors"]["file"]
    rule = post(client, token, {"file": ping_file(), "gap_minutes": "0"})
    assert rule.status_code == 400 and rule.json()["errors"]["gap_minutes"]
    longest = post(client, token, {"file": ping_file(), "min_minutes": "121"})
    assert longest.status_code == 400 and "120 or fewer" in str(longest.json()["errors"]["min_minutes"])
    assert PatrolLog.objects.count() == 0


def test_a_dry_run_misspelt_is_refused_not_saved(world, client, api_clients):
    response = post(client, api_clients["admin"][1], {"file": ping_file(), "dry_run": "maybe"})
    assert response.status_code == 400 and response.json()["errors"]["dry_run"]
    assert PatrolLog.objects.count() == 0
