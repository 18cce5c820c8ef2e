"""Helpers for hotspot tests: hand-placed incidents and the real police.uk files."""

import datetime
from pathlib import Path

import pytest
from django.db import connection

from hotspots.models import Area, CrimeFamily, ImportedMonth, Incident
from hotspots.scan import point_counts

DATA_DIR = Path(__file__).resolve().parents[2] / "tests" / "data" / "police_uk"
REAL_FILES = sorted(DATA_DIR.glob("*.csv.gz"))

# A 400 m x 280 m rectangle in Leicester city centre, and a control square in Loughborough.
TARGET = {
    "type": "Polygon",
    "coordinates": [
        [[-1.1360, 52.6340], [-1.1300, 52.6340], [-1.1300, 52.6365], [-1.1360, 52.6365], [-1.1360, 52.6340]]
    ],
}
CONTROL = {
    "type": "Polygon",
    "coordinates": [
        [[-1.2110, 52.7680], [-1.1990, 52.7680], [-1.1990, 52.7745], [-1.2110, 52.7745], [-1.2110, 52.7680]]
    ],
}
INSIDE = (-1.1330, 52.6352)  # centre of TARGET
IN_BUFFER = (-1.1330, 52.6376)  # about 120 m north of TARGET's top edge
OUTSIDE = (-1.1330, 52.6420)  # about 610 m north: beyond a 200 m buffer
IN_CONTROL = (-1.2050, 52.7712)


def month(year, number):
    return datetime.date(year, number, 1)


def batch_for(day: datetime.date, force="Leicestershire Police") -> ImportedMonth:
    batch, _ = ImportedMonth.objects.get_or_create(
        force=force, month=day, defaults={"source_name": "hand-made", "rows": 0, "rows_without_location": 0}
    )
    return batch


def place(point, day, n=1, crime_type="Robbery", lsoa=""):
    """n incidents at a point in a month (and mark that month imported)."""
    batch = batch_for(day)
    lon, lat = point if point else (None, None)
    Incident.objects.bulk_create(
        [
            Incident(
                batch=batch, month=day, longitude=lon, latitude=lat, crime_type=crime_type, lsoa_code=lsoa
            )
            for _ in range(n)
        ]
    )
    recount(batch)


def recount(batch):
    """Count the month's incidents by point again, as the import service does after writing them."""
    point_counts.recount(connection, [batch.pk])


def mark_imported(*days):
    for day in days:
        batch_for(day)


@pytest.fixture
def serious_violence(db):
    return CrimeFamily.objects.get(slug="serious-violence")


@pytest.fixture
def asb_family(db):
    return CrimeFamily.objects.get(slug="asb")


@pytest.fixture
def target_area(db):
    from hotspots import services

    values = services._prepare_area(
        geometry_value=TARGET, lsoa_codes=[], buffer_m=200, tolerance_m=0, control_geometry=CONTROL
    )
    return Area.objects.create(name="Test rectangle", **values)


@pytest.fixture
def real_data(db):
    """The five shipped months, imported through the service."""
    from hotspots.import_services import import_police_uk_file

    batches = []
    for path in REAL_FILES:
        with path.open("rb") as handle:
            batches.append(import_police_uk_file(actor=None, fileobj=handle, name=path.name))
    return batches
