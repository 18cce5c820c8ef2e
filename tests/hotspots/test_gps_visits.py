"""Visits derived from GPS pings: hand-made tracks with known visits, the command, the pages and
the save (police patrols of kind GPS, the file refused a second time, the pings never kept)."""

import datetime
import json
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command

from audit.models import Event
from hotspots import gps
from hotspots.batch_models import PatrolBatch
from hotspots.models import Area, PatrolLog
from hotspots.patrols import summarise
from tests.world import SQUARE

LONDON = ZoneInfo("Europe/London")
# The world's area (tests/world.py SQUARE) and a square of the same size just east of it.
EAST = {
    "type": "Polygon",
    "coordinates": [
        [[-1.1320, 52.6340], [-1.1280, 52.6340], [-1.1280, 52.6365], [-1.1320, 52.6365], [-1.1320, 52.6340]]
    ],
}
IN_A = (52.6352, -1.1340)
IN_B = (52.6352, -1.1300)
OUT = (52.6420, -1.1340)
AREAS = [
    SimpleNamespace(pk=1, name="Clock Tower", geometry=SQUARE, tolerance_m=0),
    SimpleNamespace(pk=2, name="Haymarket", geometry=EAST, tolerance_m=0),
]


def at(minute: int, second: int = 0) -> str:
    return (
        datetime.datetime(2026, 11, 30, 22, 0, tzinfo=datetime.UTC)
        + datetime.timedelta(minutes=minute, seconds=second)
    ).isoformat()


def ping_file(track: list[tuple[str, str, tuple[float, float]]]) -> bytes:
    lines = ["device,timestamp,latitude,longitude"]
    lines += [f"{device},{when},{lat},{lon}" for device, when, (lat, lon) in track]
    return ("\r\n".join(lines) + "\r\n").encode()


def visits_of(track, areas=AREAS, **rule):
    found = gps.derive_visits(gps.read_pings(ping_file(track)), areas, tz=LONDON, **rule)
    return [(v.area_name, v.device, v.start.strftime("%H:%M:%S"), v.minutes) for v in found]


def test_entering_and_leaving_is_one_visit_from_the_first_ping_in_to_the_last():
    track = (
        [("LE-101", at(0), OUT)] + [("LE-101", at(m), IN_A) for m in range(1, 12)] + [("LE-101", at(12), OUT)]
    )
    assert visits_of(track) == [("Clock Tower", "LE-101", "22:01:00", 10)]


def test_a_gap_longer_than_the_limit_splits_a_visit_and_one_of_the_limit_does_not():
    split = [("G1", at(m), IN_A) for m in (0, 1, 2, 3, 4)] + [
        ("G1", at(m), IN_A) for m in (15, 16, 17, 18, 19, 20)
    ]
    assert visits_of(split) == [("Clock Tower", "G1", "22:00:00", 4), ("Clock Tower", "G1", "22:15:00", 5)]
    exactly = [("G2", at(m), IN_A) for m in (0, 5, 10)]
    assert visits_of(exactly) == [("Clock Tower", "G2", "22:00:00", 10)]
    assert visits_of(exactly, gap_minutes=4) == []  # three lone pings, each too short
    assert visits_of(split, gap_minutes=15) == [("Clock Tower", "G1", "22:00:00", 20)]


def test_passing_through_is_dropped_and_two_minutes_is_a_visit():
    through = [("P1", at(0), OUT), ("P1", at(1), IN_A), ("P1", at(2, 59), IN_A), ("P1", at(3), OUT)]
    assert visits_of(through) == []  # 1 minute 59 seconds inside
    two = [
        ("P2", at(0), OUT),
        ("P2", at(1), IN_A),
        ("P2", at(2), IN_A),
        ("P2", at(3), IN_A),
        ("P2", at(4), OUT),
    ]
    assert visits_of(two) == [("Clock Tower", "P2", "22:01:00", 2)]
    assert visits_of(two, min_minutes=3) == []


def test_crossing_from_one_area_into_the_next_is_a_visit_to_each():
    track = [("X1", at(m), IN_A) for m in range(0, 7)] + [("X1", at(m), IN_B) for m in range(7, 16)]
    assert visits_of(track) == [("Clock Tower", "X1", "22:00:00", 6), ("Haymarket", "X1", "22:07:00", 8)]


def test_a_ping_outside_ends_the_run_and_devices_never_join_up():
    track = (
        [("D1", at(m), IN_A) for m in range(0, 4)]
        + [("D1", at(4), OUT)]
        + [("D1", at(m), IN_A) for m in range(5, 8)]
        + [("D2", at(m, 30), IN_A) for m in range(0, 3)]
    )
    # Shuffled: the file's order does not matter, each device's pings are read by time.
    assert visits_of(list(reversed(track))) == [
        ("Clock Tower", "D1", "22:00:00", 3),
        ("Clock Tower", "D2", "22:00:30", 2),
        ("Clock Tower", "D1", "22:05:00", 2),
    ]


def test_the_areas_snap_tolerance_counts_as_inside():
    just_east = (52.6352, -1.13165)  # about 24 m east of the world's area, in neither square
    grown = [SimpleNamespace(pk=1, name="Clock Tower", geometry=SQUARE, tolerance_m=30)]
    track = [("T1", at(m), just_east) for m in range(0, 5)]
    assert visits_of(track, areas=[AREAS[0]]) == []
    assert visits_of(track, areas=grown) == [("Clock Tower", "T1", "22:00:00", 4)]


def test_minutes_are_whole_half_up_and_starts_carry_their_offset():
    summer = datetime.datetime(2026, 7, 1, 21, 0, 10, tzinfo=datetime.UTC)
    track = [("S1", (summer + datetime.timedelta(seconds=s)).isoformat(), IN_A) for s in (0, 150, 270)]
    [visit] = gps.derive_visits(gps.read_pings(ping_file(track)), AREAS, tz=LONDON)
    assert visit.as_json() == {
        "area": "Clock Tower",
        "device": "S1",
        "start": "2026-07-01T22:00:10+01:00",
        "minutes": 5,  # 4 minutes 30 seconds, half up
    }


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("LE-1,2026-11-30T22:00:00,52.6352,-1.134", "has no offset"),
        ("LE-1,30/11/2026 22:00,52.6352,-1.134", "is not a date and time"),
        ("LE-1,2099-11-30T22:00:00Z,52.6352,-1.134", "is in the future"),
        ("LE-1,2026-11-30T22:00:00Z,-1.134,52.6352", "check latitude and longitude are not swapped"),
        (",2026-11-30T22:00:00Z,52.6352,-1.134", "the device or call sign is empty"),
    ],
)
def test_a_bad_line_refuses_the_file_with_its_line_number(line, message):
    content = ping_file([("LE-1", at(0), IN_A)]) + (line + "\r\n").encode()
    with pytest.raises(gps.PingFileRefused) as refused:
        gps.read_pings(content)
    assert refused.value.errors[0].startswith("Line 3: ") and message in refused.value.errors[0]


def test_other_spellings_of_the_columns_are_read():
    content = b"Call sign,Time,Lat,Lon\r\nLE-1,2026-11-30T22:00:00Z,52.6352,-1.134\r\n"
    assert len(gps.read_pings(content)) == 1
    with pytest.raises(gps.PingFileRefused, match="latitude is missing"):
        gps.read_pings(b"device,timestamp,longitude\r\nLE-1,2026-11-30T22:00:00Z,-1.134\r\n")


# ---------------------------------------------------------------- saved, through the command and pages

TRACK = (
    [("LE-101", at(m), IN_A) for m in range(0, 13)]
    + [("LE-102", at(m, 20), IN_A) for m in range(0, 9)]  # with LE-101: one visit, two staff
    + [("LE-103", at(m), IN_B) for m in range(30, 36)]
    + [("LE-104", at(1), IN_B), ("LE-104", at(2), OUT)]  # passing through
)


@pytest.fixture
def areas(world):
    Area.objects.create(name="Haymarket", geometry=EAST)
    return world


@pytest.fixture
def pings(tmp_path):
    path = tmp_path / "radios-30-nov.csv"
    path.write_bytes(ping_file(TRACK))
    return path


@pytest.mark.django_db
def test_the_command_prints_the_visits_as_json_and_saves_nothing_on_a_dry_run(areas, pings, capsys):
    call_command("derive_visits", str(pings), "--dry-run", "--json")
    printed = json.loads(capsys.readouterr().out)
    assert printed["visits"] == [
        {"area": "Clock Tower", "device": "LE-101", "start": "2026-11-30T22:00:00+00:00", "minutes": 12},
        {"area": "Clock Tower", "device": "LE-102", "start": "2026-11-30T22:00:20+00:00", "minutes": 8},
        {"area": "Haymarket", "device": "LE-103", "start": "2026-11-30T22:30:00+00:00", "minutes": 5},
    ]
    assert (printed["pings"], printed["saved"], printed["gap_minutes"], printed["min_minutes"]) == (
        30,
        False,
        5,
        2,
    )
    assert PatrolLog.objects.count() == 0 and PatrolBatch.objects.count() == 0
    call_command("derive_visits", str(pings), "--dry-run", "--json", "--min-minutes", "10")
    assert [v["device"] for v in json.loads(capsys.readouterr().out)["visits"]] == ["LE-101"]


@pytest.mark.django_db
def test_the_command_saves_police_gps_patrols_and_refuses_the_same_file_twice(
    areas, pings, police_org, capsys
):
    call_command("derive_visits", str(pings), "--actor", "officer")
    assert "3 visits from 30 pings: saved as batch" in capsys.readouterr().out
    batch = PatrolBatch.objects.get()
    assert (batch.source, batch.organisation, batch.digest) == (
        "gps",
        police_org,
        gps.digest(pings.read_bytes()),
    )
    patrols = PatrolLog.objects.order_by("start_time")
    assert [
        (p.area.name, p.start_time, p.minutes, p.staff_count, p.kind, p.organisation) for p in patrols
    ] == [
        ("Clock Tower", datetime.time(22, 0), 12, 2, "gps", police_org),
        ("Haymarket", datetime.time(22, 30), 5, 1, "gps", police_org),
    ]
    assert Event.objects.filter(action="patrol.gps_save").count() == 1
    # They count in dosage like any patrol: 17 patrol minutes, 29 person-minutes.
    dosage = summarise(PatrolLog.objects.all())
    assert (dosage.visits, dosage.minutes, dosage.person_minutes) == (2, 17, 29)
    assert "1 of 2 visits" in dosage.visits_of_10_to_15_minutes.text  # the Koper band: the 12 minutes
    from reports.csv_export import funder_rows

    rows = funder_rows(
        patrols=PatrolLog.objects.all(), start=datetime.date(2026, 10, 1), end=datetime.date(2026, 12, 31)
    )
    assert [(row[4], row[5]) for row in rows[:2]] == [("Clock Tower", "Police"), ("Haymarket", "Police")]
    with pytest.raises(CommandError, match="saved already"):
        call_command("derive_visits", str(pings), "--actor", "officer")
    assert PatrolLog.objects.count() == 2 and PatrolBatch.objects.count() == 1
    with pytest.raises(CommandError, match="--dry-run"):
        call_command("derive_visits", str(pings))
    with pytest.raises(CommandError, match="pastors"):  # a partner lead does not upload pings
        call_command("derive_visits", str(pings), "--actor", "pastors")


@pytest.mark.django_db
def test_the_pages_review_then_save_and_refuse_the_same_file_again(areas, pings, client_for):
    client = client_for(areas.users["owner"])

    def send():
        content = pings.read_bytes()
        return client.post(
            "/areas/patrols/batches/gps/",
            {
                "file": SimpleUploadedFile(pings.name, content, content_type="text/csv"),
                "gap_minutes": "5",
                "min_minutes": "2",
            },
        )

    review = send()
    page = review.content.decode()
    assert review.status_code == 200 and "Review the visits" in page
    assert "more than 5 minutes apart" in page and "Save 2 GPS patrols" in page
    assert PatrolLog.objects.count() == 0  # nothing saved before the review is accepted
    payload = page.split('name="payload" value="')[1].split('"')[0]
    saved = client.post("/areas/patrols/batches/gps/save/", {"payload": payload})
    batch = PatrolBatch.objects.get()
    assert saved.status_code == 302 and saved["Location"] == f"/areas/patrols/batches/{batch.pk}/"
    assert PatrolLog.objects.filter(batch=batch).count() == 2
    again = send()
    assert again.status_code == 400 and "This file was saved already" in again.content.decode()
    resent = client.post("/areas/patrols/batches/gps/save/", {"payload": payload})
    assert resent.status_code == 400 and "saved already" in resent.content.decode()
    tampered = client.post("/areas/patrols/batches/gps/save/", {"payload": payload[:-2] + "xx"})
    assert tampered.status_code == 400 and "upload the file again" in tampered.content.decode()
    assert PatrolLog.objects.count() == 2
    # Undone, the file may be saved again.
    client.post(f"/areas/patrols/batches/{batch.pk}/undo/")
    assert PatrolLog.objects.count() == 0
    assert client.post("/areas/patrols/batches/gps/save/", {"payload": payload}).status_code == 302
    assert PatrolLog.objects.count() == 2


@pytest.mark.django_db
def test_a_bad_file_is_refused_on_the_page_with_its_lines(areas, client_for):
    content = ping_file([("LE-1", at(0), IN_A)]) + b"LE-1,2026-11-30T22:01:00,52.6352,-1.134\r\n"
    response = client_for(areas.users["owner"]).post(
        "/areas/patrols/batches/gps/",
        {
            "file": SimpleUploadedFile("radios.csv", content, content_type="text/csv"),
            "gap_minutes": "5",
            "min_minutes": "2",
        },
    )
    assert response.status_code == 400
    assert "Line 3: the timestamp &#x27;2026-11-30T22:01:00&#x27; has no offset" in response.content.decode()


@pytest.mark.django_db
def test_the_pings_are_read_in_memory_and_the_form_still_needs_its_csrf_token(
    areas, pings, settings, monkeypatch
):
    from django.core.files.uploadhandler import TemporaryFileUploadHandler
    from django.test import Client

    written = []
    to_disk = TemporaryFileUploadHandler.new_file

    def spy(self, *args, **kwargs):
        written.append(args[1] if len(args) > 1 else kwargs.get("file_name"))
        return to_disk(self, *args, **kwargs)

    monkeypatch.setattr(TemporaryFileUploadHandler, "new_file", spy)
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 10  # Django writes any file bigger than this to disk
    client = Client(enforce_csrf_checks=True)
    client.force_login(areas.users["owner"])
    form = {"gap_minutes": "5", "min_minutes": "2"}
    refused = client.post("/areas/patrols/batches/gps/", {**form, "file": pings.open("rb")})
    assert refused.status_code == 403  # no token
    token = client.get("/areas/patrols/batches/gps/").cookies["csrftoken"].value
    review = client.post(
        "/areas/patrols/batches/gps/", {**form, "file": pings.open("rb"), "csrfmiddlewaretoken": token}
    )
    assert review.status_code == 200 and "Review the visits" in review.content.decode()
    assert written == []
    # The spy sees a file Django writes to disk: a spreadsheet's upload, with the default handlers.
    client.post("/areas/patrols/batches/upload/", {"file": pings.open("rb"), "csrfmiddlewaretoken": token})
    assert written == [pings.name]


@pytest.mark.django_db
def test_a_file_over_the_limit_is_not_read_and_says_so(areas, pings, client_for, monkeypatch):
    from hotspots import batch_views

    monkeypatch.setattr(batch_views, "GPS_MAX_BYTES", 100)
    monkeypatch.setattr(batch_views, "FORM_SLACK", 0)
    response = client_for(areas.users["owner"]).post(
        "/areas/patrols/batches/gps/", {"file": pings.open("rb"), "gap_minutes": "5", "min_minutes": "2"}
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "The file must be 10 MB or smaller: split it by day" in page and "Choose the file" not in page


@pytest.mark.django_db
def test_the_page_and_the_api_take_the_same_bounds_for_the_rule(areas, pings, client_for):
    from hotspots import gps
    from hotspots.api_gps import GpsFileSerializer
    from hotspots.batch_forms import GpsUploadForm

    form, serializer = GpsUploadForm().fields, GpsFileSerializer().fields
    for name in ("gap_minutes", "min_minutes"):
        bounds = (gps.LEAST_MINUTES, gps.MOST_MINUTES)
        assert (form[name].min_value, form[name].max_value) == bounds
        assert (serializer[name].min_value, serializer[name].max_value) == bounds
    response = client_for(areas.users["owner"]).post(
        "/areas/patrols/batches/gps/", {"file": pings.open("rb"), "gap_minutes": "121", "min_minutes": "2"}
    )
    assert "The gap that splits a visit, in minutes must be 120 or fewer" in response.content.decode()
