"""Scan on the real police.uk files shipped in the project, against a count made here from the
files themselves: pyproj to British National Grid and whole-number division, nothing of the app's."""

import csv
import gzip
from collections import Counter

import pytest
from pyproj import Transformer

from hotspots.scan import Window, rank_places

from .conftest import REAL_FILES, month

pytestmark = pytest.mark.django_db

SIZE = 150


def independent_counts(crime_types) -> Counter:
    to_bng = Transformer.from_crs("EPSG:4326", "EPSG:27700", always_xy=True)
    counts = Counter()
    for path in REAL_FILES:
        with gzip.open(path, "rt", encoding="utf-8-sig", newline="") as handle:
            rows = [r for r in list(csv.reader(handle))[1:] if r[9] in crime_types and r[4] and r[5]]
        xs, ys = to_bng.transform([float(r[4]) for r in rows], [float(r[5]) for r in rows])
        # Leicestershire's eastings and northings are positive: whole-number division is floor.
        counts.update((int(x) // SIZE, int(y) // SIZE) for x, y in zip(xs, ys, strict=True))
    return counts


def test_the_top_cells_are_the_cells_counted_from_the_files(real_data):
    for slug in ("serious-violence", "asb"):
        _check(slug)


def _check(slug):
    from hotspots.models import CrimeFamily

    family = CrimeFamily.objects.get(slug=slug)
    expected = independent_counts(set(family.crime_types))
    window = Window(month(2018, 10), month(2019, 2))  # every shipped month
    ranking = rank_places(family=family, window=window, size=SIZE, top=20)
    # Most first; equal counts west to east, then south to north.
    ordered = sorted(expected.items(), key=lambda item: (-item[1], item[0]))
    assert [(p.key, p.count) for p in ranking.places] == ordered[:20]
    assert ranking.total == sum(expected.values())
    assert ranking.place_count == len(expected)
    assert all(p.months_with_incidents <= 5 for p in ranking.places)
