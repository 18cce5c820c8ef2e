"""Each incident's snap point in British National Grid: projected at import, and by migration
0007 for the incidents imported before it."""

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from pyproj import Transformer

from hotspots.import_services import import_police_uk_file
from hotspots.models import Incident

from .conftest import REAL_FILES

TO_BNG = Transformer.from_crs("EPSG:4326", "EPSG:27700", always_xy=True)


@pytest.mark.django_db
def test_an_import_stores_each_located_incident_in_british_national_grid():
    with REAL_FILES[-1].open("rb") as handle:
        import_police_uk_file(actor=None, fileobj=handle, name=REAL_FILES[-1].name)
    located = list(
        Incident.objects.filter(longitude__isnull=False).values_list(
            "longitude", "latitude", "easting", "northing"
        )
    )
    assert len(located) > 7000
    for lon, lat, easting, northing in located[::97]:
        x, y = TO_BNG.transform(lon, lat)
        assert (easting, northing) == pytest.approx((x, y), abs=1e-6)
    assert not Incident.objects.filter(longitude__isnull=True, easting__isnull=False).exists()
    assert Incident.objects.filter(longitude__isnull=True).count() == 371


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor


@pytest.mark.django_db(transaction=True)
def test_migration_0007_projects_the_incidents_imported_before_it():
    executor = _migrate([("hotspots", "0006_area_version_patrollog_version_submission")])
    try:
        apps = executor.loader.project_state(
            [("hotspots", "0006_area_version_patrollog_version_submission")]
        ).apps
        Batch = apps.get_model("hotspots", "ImportedMonth")
        Old = apps.get_model("hotspots", "Incident")
        batch = Batch.objects.create(
            force="Leicestershire Police",
            month=datetime.date(2019, 1, 1),
            source_name="old",
            rows=3,
            rows_without_location=1,
        )
        points = [(-1.1330, 52.6352), (-1.4700, 52.7465)]
        for lon, lat in points:
            Old.objects.create(
                batch=batch, month=batch.month, longitude=lon, latitude=lat, crime_type="Robbery"
            )
        Old.objects.create(batch=batch, month=batch.month, crime_type="Robbery")
    finally:
        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate(executor.loader.graph.leaf_nodes())
    rows = list(Incident.objects.order_by("pk").values_list("longitude", "latitude", "easting", "northing"))
    assert len(rows) == 3
    for (lon, lat), (_, _, easting, northing) in zip(points, rows, strict=False):
        assert (easting, northing) == pytest.approx(TO_BNG.transform(lon, lat), abs=1e-6)
    assert rows[2][2:] == (None, None)
