"""URL matrix rows for patrols in bulk (format in tests/matrix/__init__.py).

A spreadsheet is uploaded by whoever logs patrols (officers, partner leads); Street Pastors
(partner_on) log in the world's area, City Street Wardens (partner_off) in none, so their file is
refused (400). GPS pings: officers of the police only. A batch is seen by the police and by its
own organisation (404 to another partner); only its uploader undoes it (403 to the police).
"""

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from hotspots import gps
from hotspots.batch_models import PatrolBatch
from hotspots.batch_views import _review_payload
from hotspots.models import PatrolLog

SHEET = b"area,date,start_time,minutes,kind\r\nClock Tower,18/01/2019,23:00,45,foot\r\n"
# Twelve minutes inside the world's area (tests/world.py SQUARE), one ping a minute.
PINGS = "device,timestamp,latitude,longitude\r\n" + "".join(
    f"LE-101,2026-11-30T22:{minute:02d}:00+00:00,52.6352,-1.1340\r\n" for minute in range(13)
)


def _pastors_batch(w):
    partner = w.users["partner_on"]
    organisation = partner.memberships.get().organisation
    batch = PatrolBatch.objects.create(
        source=PatrolBatch.Source.SPREADSHEET,
        organisation=organisation,
        uploaded_by=partner,
        uploaded_at=timezone.now(),
        source_name="january.csv",
        digest="c" * 64,
        rows=1,
    )
    PatrolLog.objects.create(
        area=w.area,
        organisation=organisation,
        logged_by=partner,
        batch=batch,
        date=datetime.date(2019, 1, 18),
        start_time=datetime.time(23, 0),
        minutes=45,
        kind=PatrolLog.Kind.PARTNER,
    )
    return batch


def _review(w):
    start = datetime.datetime(2026, 11, 30, 22, 0, tzinfo=datetime.UTC)
    visit = gps.Visit(
        area_id=w.area.pk,
        area_name=w.area.name,
        device="LE-101",
        start=start,
        end=start + datetime.timedelta(minutes=12),
        pings=13,
    )
    return {"payload": _review_payload(visits=[visit], digest="d" * 64, name="radios.csv", gap=5, least=2)}


SEEN = {
    "owner": 200,
    "officer2": 200,
    "partner_on": 200,
    "partner_off": 200,
    "manager": 200,
    "anonymous": 302,
}
LOGGERS = {**SEEN, "manager": 403}
GPS = {**SEEN, "partner_on": 403, "partner_off": 403, "manager": 403}

ROWS = {
    "patrol_batches:list": {"expect": SEEN},
    "patrol_batches:template": {"expect": LOGGERS},
    "patrol_batches:template_xlsx": {"expect": LOGGERS},
    "patrol_batches:upload": {
        "expect": LOGGERS,
        "post": lambda w: {"file": SimpleUploadedFile("january.csv", SHEET, content_type="text/csv")},
        "post_expect": {
            "owner": 302,
            "officer2": 302,
            "partner_on": 302,
            "partner_off": 400,  # the world's area is not one of its plans'
            "manager": 403,
            "anonymous": 302,
        },
    },
    "patrol_batches:detail": {
        "kwargs": lambda w: {"pk": _pastors_batch(w).pk},
        "expect": {**SEEN, "partner_off": 404},
    },
    "patrol_batches:undo": {
        "kwargs": lambda w: {"pk": _pastors_batch(w).pk},
        "expect": {
            "owner": 403,
            "officer2": 403,
            "partner_on": 200,
            "partner_off": 404,
            "manager": 403,
            "anonymous": 302,
        },
        "post": lambda w: {},
        "post_expect": {
            "owner": 403,
            "officer2": 403,
            "partner_on": 302,
            "partner_off": 404,
            "manager": 403,
            "anonymous": 302,
        },
    },
    "patrol_batches:gps_upload": {
        "expect": GPS,
        "post": lambda w: {
            "file": SimpleUploadedFile("radios.csv", PINGS.encode(), content_type="text/csv"),
            "gap_minutes": "5",
            "min_minutes": "2",
        },
        "post_expect": GPS,  # the review page: nothing saved yet
    },
    "patrol_batches:gps_save": {
        "expect": {**dict.fromkeys(SEEN, 405), "anonymous": 302},
        "post": _review,
        "post_expect": {
            "owner": 302,
            "officer2": 302,
            "partner_on": 403,
            "partner_off": 403,
            "manager": 403,
            "anonymous": 302,
        },
    },
}
