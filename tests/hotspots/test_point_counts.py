"""Scan's counts by snap point (IncidentPointCount) stay equal to counting the incidents
themselves: after an import, a month imported again with other rows, and a month deleted."""

import gzip
import io
from collections import Counter

import pytest
from django.db import connection

from hotspots.import_services import import_police_uk_file
from hotspots.models import ImportedMonth, Incident, IncidentPointCount
from hotspots.scan import cell_index
from hotspots.scan.point_counts import TILE_M, recount

from .conftest import REAL_FILES

pytestmark = pytest.mark.django_db


def by_hand() -> Counter:
    """The incidents counted in Python, one by one, by month, crime type and point."""
    return Counter(
        Incident.objects.values_list("batch_id", "month", "crime_type", "easting", "northing").iterator()
    )


def stored() -> Counter:
    rows = IncidentPointCount.objects.values_list(
        "batch_id", "month", "crime_type", "easting", "northing", "tile_x", "tile_y", "incidents"
    )
    found = Counter()
    for batch_id, month, crime_type, easting, northing, tile_x, tile_y, incidents in rows:
        key = (batch_id, month, crime_type, easting, northing)
        assert key not in found, "one row per month, crime type and point"
        if easting is None:
            assert (tile_x, tile_y) == (None, None)
        else:
            assert (tile_x, tile_y) == (cell_index(easting, TILE_M), cell_index(northing, TILE_M))
        found[key] = incidents
    return found


def test_the_counts_equal_the_incidents_after_import_again_and_deletion(real_data):
    expected = by_hand()
    assert stored() == expected
    assert sum(expected.values()) == Incident.objects.count()
    # Fewer points than incidents: what makes ranking from them cheaper.
    assert IncidentPointCount.objects.count() < Incident.objects.count()
    # The incidents with no location are counted too, as a row with no point.
    assert any(key[3] is None for key in expected)

    # October again, with only its first 3,000 rows: its counts follow; the other months' stay.
    october = real_data[0]
    lines = gzip.decompress(REAL_FILES[0].read_bytes()).decode("utf-8-sig").splitlines()
    again = import_police_uk_file(
        actor=None, fileobj=io.BytesIO("\n".join(lines[:3001]).encode()), name=REAL_FILES[0].name
    )
    assert again.pk == october.pk
    assert sum(n for key, n in stored().items() if key[0] == october.pk) == 3000
    assert stored() == by_hand()

    # A month deleted takes its counts with it.
    ImportedMonth.objects.filter(pk=real_data[1].pk).delete()
    assert not IncidentPointCount.objects.filter(batch_id=real_data[1].pk).exists()
    assert stored() == by_hand()


def test_counting_every_month_again_gives_the_same_counts(real_data):
    """What the migration does for the incidents imported before the table existed."""
    before = stored()
    IncidentPointCount.objects.all().delete()
    recount(connection)
    assert stored() == before == by_hand()
