"""Audit cases for patrols in bulk (hotspots.batch_services): one event a batch, whatever its size."""

import datetime

from django.utils import timezone

from hotspots import batch_services, gps
from hotspots.batch_models import PatrolBatch
from hotspots.models import PatrolLog

SHEET = (
    "area,date,start_time,minutes,kind,staff_count\r\n"
    "Clock Tower,18/01/2019,23:00,45,partner,2\r\n"
    "Clock Tower,19/01/2019,23:00,30,partner,\r\n"
)


def patrol_batch_upload(w):
    batch = batch_services.patrol_batch_upload(
        actor=w.users["partner_on"], content=SHEET.encode(), name="january.csv"
    )
    return {"action": "patrol.batch_upload", "actor": w.users["partner_on"], "target": batch}


def gps_visits_save(w):
    start = datetime.datetime(2026, 11, 30, 22, 0, tzinfo=datetime.UTC)
    visits = [
        gps.Visit(
            area_id=w.area.pk,
            area_name=w.area.name,
            device=device,
            start=start,
            end=start + datetime.timedelta(minutes=12),
            pings=13,
        )
        for device in ("LE-101", "LE-102")
    ]
    batch = batch_services.gps_visits_save(
        actor=w.users["owner"], visits=visits, digest="a" * 64, name="radios.csv"
    )
    return {"action": "patrol.gps_save", "actor": w.users["owner"], "target": batch}


def patrol_batch_undo(w):
    """A batch and its patrol written directly, so the case counts only the undo's event."""
    partner = w.users["partner_on"]
    organisation = partner.memberships.get().organisation
    batch = PatrolBatch.objects.create(
        source=PatrolBatch.Source.SPREADSHEET,
        organisation=organisation,
        uploaded_by=partner,
        uploaded_at=timezone.now(),
        source_name="january.csv",
        digest="b" * 64,
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
    batch = batch_services.patrol_batch_undo(actor=partner, batch=batch)
    return {"action": "patrol.batch_undo", "actor": partner, "target": batch}


CASES = {
    "hotspots.batch_services.patrol_batch_upload": patrol_batch_upload,
    "hotspots.batch_services.gps_visits_save": gps_visits_save,
    "hotspots.batch_services.patrol_batch_undo": patrol_batch_undo,
}
