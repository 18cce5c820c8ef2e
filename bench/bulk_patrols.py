"""Benchmark measures for patrols in bulk (registered in bench/measure.py): a spreadsheet of
1,000 patrol rows uploaded (every row checked, saved as one batch), and visits derived from
100,000 GPS pings across 10 areas (the file read, projected and derived)."""

from __future__ import annotations

import csv
import datetime
import io
import random
import time
from types import SimpleNamespace

BULK_ROWS = 1000
PINGS = 100_000
GPS_AREAS = 10
# Leicester city centre; the areas are 300 m squares in a row, 600 m apart.
ORIGIN = (-1.1400, 52.6300)


def sheet(area_name: str, first: datetime.datetime, rows: int) -> bytes:
    """`rows` visits one minute apart from `first`, every one a new visit."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(
        ["area", "date", "start_time", "minutes", "kind", "staff_count", "engagements", "arrests"]
        + ["stop_searches", "asb_powers", "note"]
    )
    for i in range(rows):
        when = first + datetime.timedelta(minutes=i)
        writer.writerow(
            [area_name, f"{when:%d/%m/%Y}", f"{when:%H:%M}", 15, "foot", 2, 1, 0, 0, 0, f"Bench row {i}"]
        )
    return out.getvalue().encode()


def measure_bulk_upload(w, summarise) -> dict:
    from hotspots import batch_services
    from hotspots.models import Area, PatrolLog

    area = Area.objects.order_by("pk").first()
    seconds = []
    # Each round a new file (a file uploaded again is refused as visits already logged), on days
    # no other round uses; the batch is removed afterwards, untimed.
    for round_number in range(max(w.repeat, 1)):
        first = datetime.datetime(2021, 1, 4, 6, 0) + datetime.timedelta(days=3 * round_number)
        content = sheet(area.name, first, BULK_ROWS)
        started = time.perf_counter()
        batch = batch_services.patrol_batch_upload(actor=w.owner, content=content, name="bench.csv")
        seconds.append(time.perf_counter() - started)
        assert batch.rows == BULK_ROWS
        PatrolLog.objects.filter(batch=batch).delete()
        batch.delete()
    result = summarise(seconds)
    result["detail"] = {"rows": BULK_ROWS, "area": area.name}
    return result


def ping_file(pings: int, areas: int, seed: int = 26) -> tuple[bytes, list]:
    """Devices walking in and out of `areas` squares, a ping every 30 s: about a third inside."""
    rng = random.Random(seed)
    lon0, lat0 = ORIGIN
    shapes = []
    for i in range(areas):
        lon, lat = lon0 + i * 0.0088, lat0  # about 600 m apart
        ring = [
            [lon, lat],
            [lon + 0.0044, lat],
            [lon + 0.0044, lat + 0.0027],
            [lon, lat + 0.0027],
            [lon, lat],
        ]
        shapes.append(
            SimpleNamespace(
                pk=i + 1,
                name=f"Bench GPS area {i + 1}",
                geometry={"type": "Polygon", "coordinates": [ring]},
                tolerance_m=25,
            )
        )
    start = datetime.datetime(2026, 11, 1, tzinfo=datetime.UTC)
    lines = ["device,timestamp,latitude,longitude"]
    devices = 50
    per_device = pings // devices
    for d in range(devices):
        lon, lat = lon0 + rng.random() * areas * 0.0088, lat0 + rng.random() * 0.004
        for k in range(per_device):
            lon += rng.uniform(-0.0004, 0.0004)
            lat += rng.uniform(-0.0003, 0.0003)
            lon = min(max(lon, lon0 - 0.002), lon0 + areas * 0.0088)
            lat = min(max(lat, lat0 - 0.002), lat0 + 0.005)
            when = start + datetime.timedelta(seconds=30 * k + d)
            lines.append(f"RADIO-{d:03d},{when.isoformat()},{lat:.6f},{lon:.6f}")
    return ("\r\n".join(lines) + "\r\n").encode(), shapes


def measure_gps_derive(w, summarise) -> dict:
    from hotspots import gps

    pings = PINGS if w.repeat >= 3 else PINGS // 10  # the harness's tiny test: a tenth
    content, areas = ping_file(pings, GPS_AREAS)
    seconds, visits = [], []
    for _ in range(max(w.repeat, 1)):
        started = time.perf_counter()
        visits = gps.derive_visits(gps.read_pings(content), areas)
        seconds.append(time.perf_counter() - started)
    result = summarise(seconds)
    result["detail"] = {"pings": pings, "areas": GPS_AREAS, "visits": len(visits)}
    return result
