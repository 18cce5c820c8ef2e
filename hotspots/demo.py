"""Demo evidence: 35 real police.uk months, three real Leicestershire hotspots, a year of patrols.

The months are December 2019 to October 2022 (hotspots/demo_data, Open Government Licence),
where the demo plans run. The areas were drawn where the data concentrates: the city centre
around the Clock Tower and Haymarket, the Granby Street corridor down to the railway station,
and the night-time economy of Market Street in Ashby-de-la-Zouch. Patrols run over the four
quarters from October 2021 to September 2022, when the plans' responses did. Safe to run
again: a month already imported with the same row count is skipped, areas are found by name,
patrols are added once.
"""

import csv
import datetime
import gzip
import io
import random
from pathlib import Path

from django.contrib.auth import get_user_model
from django.db import transaction

from partners.models import Organisation

from . import import_services, patrol_services, services
from .models import Area, ImportedMonth, PatrolLog, force_key

DATA_DIR = Path(__file__).resolve().parent / "demo_data"


def _ring(*points):
    return {"type": "Polygon", "coordinates": [[list(p) for p in points] + [list(points[0])]]}


# Loughborough town centre: a comparable night-time economy with no hotspot response.
LOUGHBOROUGH = _ring((-1.2110, 52.7680), (-1.1990, 52.7680), (-1.1990, 52.7745), (-1.2110, 52.7745))
# Coalville town centre, the comparison for Ashby.
COALVILLE = _ring((-1.3790, 52.7180), (-1.3640, 52.7180), (-1.3640, 52.7270), (-1.3790, 52.7270))

AREAS = {
    "Leicester Clock Tower and Haymarket": {
        "geometry": _ring(
            (-1.1362, 52.6350),
            (-1.1320, 52.6344),
            (-1.1280, 52.6358),
            (-1.1283, 52.6372),
            (-1.1303, 52.6384),
            (-1.1340, 52.6378),
            (-1.1362, 52.6365),
        ),
        "buffer_m": 200,
        "tolerance_m": 50,
        "control": LOUGHBOROUGH,
    },
    "Granby Street and the railway station": {
        "geometry": _ring(
            (-1.1318, 52.6338),
            (-1.1300, 52.6342),
            (-1.1262, 52.6325),
            (-1.1238, 52.6318),
            (-1.1232, 52.6305),
            (-1.1252, 52.6300),
            (-1.1275, 52.6313),
            (-1.1312, 52.6328),
        ),
        "buffer_m": 200,
        "tolerance_m": 50,
        "control": LOUGHBOROUGH,
    },
    "Ashby-de-la-Zouch Market Street": {
        "geometry": _ring(
            (-1.4758, 52.7455),
            (-1.4730, 52.7452),
            (-1.4675, 52.7462),
            (-1.4672, 52.7470),
            (-1.4700, 52.7478),
            (-1.4755, 52.7462),
        ),
        "buffer_m": 200,
        "tolerance_m": 50,
        "control": COALVILLE,
    },
}

# (organisation, username who logs, areas, kind, visits per week in each of QUARTERS,
#  usual start hours, usual minutes, staff)
PATROL_PLAN = [
    (
        "Leicestershire Police",
        "officer",
        ["Leicester Clock Tower and Haymarket", "Granby Street and the railway station"],
        PatrolLog.Kind.FOOT,
        (4, 4, 4, 3),
        [20, 21, 22, 23, 0, 1],
        [12, 15, 10, 20, 30],
        2,
    ),
    (
        "Leicestershire Police",
        "officer2",
        ["Ashby-de-la-Zouch Market Street"],
        PatrolLog.Kind.VEHICLE,
        (2, 3, 3, 2),
        [21, 22, 23, 0],
        [10, 15, 12, 25],
        2,
    ),
    (
        "Street Pastors",
        "pastors",
        ["Leicester Clock Tower and Haymarket"],
        PatrolLog.Kind.PARTNER,
        (1, 2, 2, 2),
        [22, 23, 0, 1],
        [45, 60, 90],
        4,
    ),
    (
        "City Street Wardens",
        "wardens",
        ["Leicester Clock Tower and Haymarket", "Granby Street and the railway station"],
        PatrolLog.Kind.PARTNER,
        (1, 3, 3, 2),
        [10, 12, 14, 16],
        [20, 30, 15],
        2,
    ),
    (
        "BID Leicester",
        "bid",
        ["Granby Street and the railway station"],
        PatrolLog.Kind.ENGAGEMENT,
        (1, 2, 2, 2),
        [9, 11, 13, 15, 17],
        [15, 20, 30],
        1,
    ),
]
QUARTERS = [
    (datetime.date(2021, 10, 1), datetime.date(2021, 12, 31)),
    (datetime.date(2022, 1, 1), datetime.date(2022, 3, 31)),
    (datetime.date(2022, 4, 1), datetime.date(2022, 6, 30)),
    (datetime.date(2022, 7, 1), datetime.date(2022, 9, 30)),
]


def _say(stdout, text):
    if stdout is not None:
        stdout.write(text)


def _file_summary(path: Path) -> tuple[str, datetime.date, int]:
    """(force, month, rows) without building any incidents: enough to skip a month already in."""
    text = gzip.decompress(path.read_bytes()).decode("utf-8-sig")
    reader = csv.reader(io.StringIO(text, newline=""))
    next(reader)
    first = next(reader)
    rows = 1 + sum(1 for row in reader if row)
    year, month = first[1].split("-")
    return first[3], datetime.date(int(year), int(month), 1), rows


def import_months(*, actor, stdout=None) -> None:
    for path in sorted(DATA_DIR.glob("*.csv.gz")):
        force, month, rows = _file_summary(path)
        if ImportedMonth.objects.filter(force_key=force_key(force), month=month, rows=rows).exists():
            _say(stdout, f"  {path.name}: already imported")
            continue
        with path.open("rb") as handle:
            batch = import_services.import_police_uk_file(actor=actor, fileobj=handle, name=path.name)
        _say(stdout, f"  {path.name}: {batch.rows} rows")


def draw_areas(*, actor, stdout=None) -> dict[str, Area]:
    areas = {}
    for name, spec in AREAS.items():
        area = Area.objects.filter(name=name).first()
        if area is None:
            area = services.area_create(
                actor=actor,
                name=name,
                geometry_value=spec["geometry"],
                buffer_m=spec["buffer_m"],
                tolerance_m=spec["tolerance_m"],
                control_geometry=spec["control"],
            )
            _say(stdout, f"  area {name}")
        areas[name] = area
    return areas


def log_patrols(*, areas: dict[str, Area], stdout=None) -> None:
    User = get_user_model()
    rng = random.Random(2021)  # the same demo every time
    count = 0
    for org_name, username, area_names, kind, per_weeks, hours, minutes, staff in PATROL_PLAN:
        user = User.objects.filter(username=username).first()
        organisation = Organisation.objects.filter(name=org_name).first()
        if user is None or organisation is None:
            continue
        for area_name in area_names:
            area = areas[area_name]
            if PatrolLog.objects.filter(area=area, organisation=organisation).exists():
                continue
            for (start, end), per_week in zip(QUARTERS, per_weeks, strict=True):
                day = start
                while day <= end:
                    week = [
                        day + datetime.timedelta(days=d)
                        for d in range(7)
                        if day + datetime.timedelta(days=d) <= end
                    ]
                    for visit_day in sorted(rng.sample(week, min(per_week, len(week)))):
                        engagements = (
                            rng.choice([0, 1, 2, 3, 5])
                            if kind != PatrolLog.Kind.VEHICLE
                            else rng.choice([0, 1])
                        )
                        police = organisation.is_police
                        patrol_services.patrol_log(
                            actor=user,
                            area=area,
                            date=visit_day,
                            start_time=datetime.time(rng.choice(hours), rng.choice([0, 15, 30, 45])),
                            minutes=rng.choice(minutes),
                            staff_count=staff,
                            kind=kind,
                            engagements=engagements,
                            arrests=(1 if police and rng.random() < 0.12 else 0),
                            stop_searches=(1 if police and rng.random() < 0.15 else 0),
                            asb_powers=(1 if rng.random() < (0.1 if police else 0.03) else 0),
                            note="",
                        )
                        count += 1
                    day += datetime.timedelta(days=7)
    if count:
        _say(stdout, f"  {count} patrols logged")


def load(*, password: str, stdout=None) -> None:
    """Import the shipped police.uk months and draw the demo areas."""
    User = get_user_model()
    admin = User.objects.filter(username="admin").first()
    officer = User.objects.filter(username="officer").first() or admin
    import_months(actor=admin, stdout=stdout)
    with transaction.atomic():
        draw_areas(actor=officer, stdout=stdout)


def load_patrols(*, password: str, stdout=None) -> None:
    """A year of patrols; after the plans and tasks, since a partner patrols its plans' areas."""
    with transaction.atomic():  # one commit for hundreds of patrols, not one each
        log_patrols(areas={area.name: area for area in Area.objects.all()}, stdout=stdout)
