import datetime
import gzip
import io
from pathlib import Path

from hotspots import import_services, patrol_services, services
from hotspots.models import Area, CrimeFamily, ImportedMonth, PatrolLog
from plans import baseline_services
from tests.factories import make_patrol
from tests.world import SQUARE

DATA = (
    Path(__file__).resolve().parents[2]
    / "tests"
    / "data"
    / "police_uk"
    / "2019-02-leicestershire-street.csv.gz"
)


def area_create(w):
    area = services.area_create(
        actor=w.users["owner"], name="Haymarket", geometry_value=SQUARE, tolerance_m=50
    )
    return {"action": "area.create", "actor": w.users["owner"], "target": area}


def area_update(w):
    area = services.area_update(
        actor=w.users["manager"],
        area=w.area,
        name="Clock Tower and Haymarket",
        geometry_value=SQUARE,
        buffer_m=150,
    )
    return {"action": "area.update", "actor": w.users["manager"], "target": area}


def area_delete(w):
    area = Area.objects.create(name="Drawn twice", geometry=SQUARE)
    pk = area.pk
    services.area_delete(actor=w.users["manager"], area=area, reason="Drawn twice")
    return {"action": "area.delete", "actor": w.users["manager"], "target": Area(pk=pk)}


def scan_plan_start(w):
    """Three events, each its own service's: the area, the plan and its police.uk source."""
    from hotspots.scan import CELL, Window, describe_places
    from hotspots.scan_services import scan_plan_start as start
    from tests.hotspots.scan_helpers import at

    january = datetime.date(2022, 1, 1)
    at(458_700.0, 304_500.0, january, 12)
    selection = describe_places(
        family=CrimeFamily.objects.get(slug="asb"),
        window=Window(january, january),
        kind=CELL,
        keys=[(3058, 2030)],
        size=150,
    )
    plan = start(
        actor=w.users["owner"],
        selection=selection,
        area_name="Haymarket from Scan",
        title="ASB at Haymarket",
        hotspot_name="Haymarket",
        problem_statement=selection.statement(),
        buffer_m=200,
    )
    return {"action": "plan.create", "actor": w.users["owner"], "target": plan, "count": 3}


def import_police_uk_file(w):
    from django.contrib.auth import get_user_model

    admin = get_user_model().objects.get(username="admin")
    # The first 200 rows of a real month: the same path as a whole file, quicker.
    lines = gzip.decompress(DATA.read_bytes()).splitlines()[:201]
    batch = import_services.import_police_uk_file(
        actor=admin, fileobj=io.BytesIO(b"\n".join(lines)), name=DATA.name
    )
    return {"action": "incidents.import", "actor": admin, "target": batch}


def patrol_log(w):
    patrol = patrol_services.patrol_log(
        actor=w.users["partner_on"],
        area=w.area,
        date=datetime.date(2019, 1, 18),
        start_time=datetime.time(23, 0),
        minutes=45,
        staff_count=4,
        kind=PatrolLog.Kind.PARTNER,
        engagements=6,
    )
    return {"action": "patrol.log", "actor": w.users["partner_on"], "target": patrol}


def objective_baseline_from_figures(w):
    for month in (10, 11, 12):  # a baseline is taken only from a period whose every month is imported
        ImportedMonth.objects.create(
            force="Leicestershire Police",
            month=datetime.date(2018, month, 1),
            source_name="hand-made",
            rows=0,
            rows_without_location=0,
        )
    objective = baseline_services.objective_baseline_from_figures(
        actor=w.users["owner"],
        objective=w.plan.objectives.get(),
        family=CrimeFamily.objects.get(slug="serious-violence"),
        period=(datetime.date(2018, 10, 1), datetime.date(2018, 12, 31)),
    )
    return {"action": "plan.objective_baseline", "actor": w.users["owner"], "target": objective}


def _logged_patrol(w):
    return make_patrol(area=w.area, logged_by=w.users["partner_on"])


def patrol_update(w):
    patrol = patrol_services.patrol_update(actor=w.users["partner_on"], patrol=_logged_patrol(w), minutes=15)
    return {"action": "patrol.update", "actor": w.users["partner_on"], "target": patrol}


def patrol_delete(w):
    patrol = _logged_patrol(w)
    patrol_services.patrol_delete(actor=w.users["partner_on"], patrol=patrol, reason="Logged twice")
    return {"action": "patrol.delete", "actor": w.users["partner_on"], "target": patrol}


def _admin():
    from django.contrib.auth import get_user_model

    return get_user_model().objects.get(username="admin")


def crime_family_create(w):
    admin = _admin()
    family = services.crime_family_create(
        actor=admin, name="Night-time economy", slug="night-time-economy", crime_types=["Public order"]
    )
    return {"action": "crimefamily.create", "actor": admin, "target": family}


def crime_family_update(w):
    admin, family = _admin(), CrimeFamily.objects.get(slug="asb")
    family = services.crime_family_update(
        actor=admin,
        family=family,
        name=family.name,
        slug=family.slug,
        crime_types=["Anti-social behaviour", "Drugs"],
    )
    return {"action": "crimefamily.update", "actor": admin, "target": family}


def crime_family_delete(w):
    admin, family = _admin(), CrimeFamily.objects.get(slug="robbery")
    pk = family.pk
    services.crime_family_delete(actor=admin, family=family)
    return {"action": "crimefamily.delete", "actor": admin, "target": CrimeFamily(pk=pk)}


CASES = {
    "hotspots.services.crime_family_create": crime_family_create,
    "hotspots.services.crime_family_update": crime_family_update,
    "hotspots.services.crime_family_delete": crime_family_delete,
    "hotspots.services.area_create": area_create,
    "hotspots.services.area_update": area_update,
    "hotspots.services.area_delete": area_delete,
    "hotspots.import_services.import_police_uk_file": import_police_uk_file,
    "hotspots.scan_services.scan_plan_start": scan_plan_start,
    "hotspots.patrol_services.patrol_log": patrol_log,
    "hotspots.patrol_services.patrol_update": patrol_update,
    "hotspots.patrol_services.patrol_delete": patrol_delete,
    "plans.baseline_services.objective_baseline_from_figures": objective_baseline_from_figures,
}
