"""Fill the benchmark database with a synthetic programme, fast.

Rows go in by COPY (PostgreSQL) or executemany (SQLite) with values prepared by each
model field, so the data reads back exactly as the application would have written it.
The audit events form a real hash chain computed with audit.models.Event's own
canonical hash, so `verify_audit` passes over them. Incidents repeat the real police.uk
rows shipped in the project with their months shifted back five months per pass.
"""

from __future__ import annotations

import csv
import datetime
import gzip
import hashlib
import io
import json
import os
import random
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass
from pathlib import Path

# Bump when the shape of the built data changes: cached databases are then rebuilt.
BUILD_VERSION = 6
UTC = datetime.UTC


@dataclass(frozen=True)
class Scale:
    plans: int
    tasks: int
    organisations: int  # including the police force
    events: int
    incidents: int
    officers: int
    areas: int = 10  # the programme report covers every area
    report_tasks: int = 60  # tasks on the plan whose report runs to about 20 pages


SCALES = {
    # Tiny only proves the harness works (in the test suite): two areas and a short report.
    "tiny": Scale(
        plans=120,
        tasks=1_200,
        organisations=8,
        events=5_000,
        incidents=5_000,
        officers=3,
        areas=2,
        report_tasks=10,
    ),
    "small": Scale(
        plans=1_000, tasks=10_000, organisations=20, events=100_000, incidents=100_000, officers=10
    ),
    "full": Scale(
        plans=10_000, tasks=100_000, organisations=200, events=1_000_000, incidents=1_000_000, officers=50
    ),
}

# Fixed content at every scale, so the per-page figures compare like with like.
DETAIL_PLAN_ID = 1  # 50 tasks, 200 audit events
REPORT_PLAN_ID = 2  # long enough for a 20-page plan report
DETAIL_TASKS = 50
DETAIL_EVENTS = 200
REPORT_EVENTS = 100
# A plan with a long history (issue 24): its history page against a bare view of its newest 25.
# 10,000 events at the small and full scales; a tenth of the trail at the tiny one.
HISTORY_PLAN_ID = 3
HISTORY_EVENTS = 10_000
BIG_PARTNER_SHARE = 0.2  # the city council is on a fifth of all plans
PASSWORD = "bench-password-not-secret"  # noqa: S105 - a throwaway database's users


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


# --- The real police.uk rows ----------------------------------------------------------------


def police_uk_files() -> tuple[list[Path], str]:
    """The monthly police.uk files and where they came from (the project's own copies first)."""
    from django.conf import settings

    shipped = sorted((Path(settings.BASE_DIR) / "tests" / "data" / "police_uk").glob("*-street.csv*"))
    if shipped:
        return shipped, "tests/data/police_uk (shipped with the project)"
    candidates = [os.environ.get("BENCH_POLICE_UK_DIR", "")]
    base = Path(settings.BASE_DIR).resolve()
    candidates += [str(parent / "shared" / "data" / "police-uk") for parent in base.parents[:3]]
    for candidate in candidates:
        if candidate and sorted(Path(candidate).glob("*-street.csv*")):
            log(
                f"NOTE: tests/data/police_uk has no police.uk files yet; reading {candidate} instead. "
                "The evidence issue ships them inside the project."
            )
            return sorted(Path(candidate).glob("*-street.csv*")), candidate
    return [], "none found (tests/data/police_uk is empty and no shared copy was found)"


def open_text(path: Path):
    if path.suffix == ".gz":
        return io.TextIOWrapper(gzip.open(path, "rb"), encoding="utf-8", newline="")
    return path.open(encoding="utf-8", newline="")


def read_police_uk_rows(paths: list[Path]) -> list[tuple]:
    """Every row of the files as (month, crime_id, reported_by, falls_within, lon, lat, ...)."""
    from hotspots import importer  # the app's own reading of a police.uk header

    rows = []
    for path in paths:
        with open_text(path) as handle:
            reader = csv.reader(handle)
            header = next(reader)
            if header != importer.HEADER:
                raise SystemExit(f"{path}: not a police.uk street-level file")
            for r in reader:
                year, month = r[1].split("-")
                rows.append(
                    (
                        int(year) * 12 + int(month) - 1,
                        r[0],
                        r[2],
                        r[3],
                        float(r[4]) if r[4] else None,
                        float(r[5]) if r[5] else None,
                        r[6],
                        r[7],
                        r[8],
                        r[9],
                        r[10],
                        r[11],
                    )
                )
    return rows


def month_date(month_index: int) -> datetime.date:
    return datetime.date(month_index // 12, month_index % 12 + 1, 1)


# --- Fast inserts ---------------------------------------------------------------------------


def _preparer(field, connection) -> Callable | None:
    from django.db import models

    plain = (
        models.CharField,
        models.TextField,
        models.IntegerField,
        models.FloatField,
        models.BooleanField,
        models.ForeignKey,
    )
    if isinstance(field, plain) and not isinstance(field, models.JSONField):
        return None
    return lambda value: field.get_db_prep_save(value, connection)


def _default(field):
    if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
        return (
            datetime.datetime.now(UTC)
            if field.get_internal_type() == "DateTimeField"
            else datetime.date.today()
        )
    return field.get_default()


def insert_rows(model, fields: list[str], rows: Iterable[tuple], batch: int = 5_000) -> int:
    """Insert rows (Python values in `fields` order) in bulk, bypassing the ORM's per-object work."""
    from django.db import connection

    meta = model._meta
    field_objs = [meta.get_field(name) for name in fields]
    # Columns not given take the field's default, so a field another issue adds later
    # (with a default, as every new field needs) does not break the build.
    given = {f.attname for f in field_objs}
    missing = [
        f for f in meta.concrete_fields if f.attname not in given and not (f.primary_key and f.auto_created)
    ]
    defaults = tuple(_default(f) for f in missing)
    field_objs += missing
    preparers = [_preparer(f, connection) for f in field_objs]
    qn = connection.ops.quote_name
    columns = ", ".join(qn(f.column) for f in field_objs)
    needs_prep = any(preparers)

    def prepared(row):
        if defaults:
            row = (*row, *defaults)
        if not needs_prep:
            return row
        return tuple(p(v) if p else v for p, v in zip(preparers, row, strict=True))

    count = 0
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {qn(meta.db_table)} ({columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(prepared(row))
                    count += 1
            return count
        placeholders = ", ".join(["%s"] * len(field_objs))
        sql = f"INSERT INTO {qn(meta.db_table)} ({columns}) VALUES ({placeholders})"  # noqa: S608 - model metadata
        buffer = []
        for row in rows:
            buffer.append(prepared(row))
            if len(buffer) >= batch:
                cursor.executemany(sql, buffer)
                count += len(buffer)
                buffer.clear()
        if buffer:
            cursor.executemany(sql, buffer)
            count += len(buffer)
    return count


def reset_sequences(*models) -> None:
    from django.core.management.color import no_style
    from django.db import connection

    statements = connection.ops.sequence_reset_sql(no_style(), list(models))
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


# --- The cache marker -----------------------------------------------------------------------


def fingerprint() -> str:
    """Changes whenever a migration is added or this file changes: the cached database is then stale."""
    from django.db.migrations.loader import MigrationLoader

    names = sorted(f"{app}.{name}" for app, name in MigrationLoader(None).disk_migrations)
    source = hashlib.sha256(Path(__file__).read_bytes()).hexdigest()
    return hashlib.sha256(json.dumps([BUILD_VERSION, source, names]).encode()).hexdigest()[:16]


def read_meta() -> dict | None:
    from django.db import connection

    if "bench_meta" not in connection.introspection.table_names():
        return None
    with connection.cursor() as cursor:
        cursor.execute("SELECT value FROM bench_meta WHERE name = 'build'")
        row = cursor.fetchone()
    return json.loads(row[0]) if row else None


def write_meta(meta: dict) -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE IF NOT EXISTS bench_meta (name varchar(40) PRIMARY KEY, value text)")
        cursor.execute("DELETE FROM bench_meta WHERE name = 'build'")
        cursor.execute("INSERT INTO bench_meta (name, value) VALUES ('build', %s)", [json.dumps(meta)])


# --- The programme --------------------------------------------------------------------------

TITLES = [
    "Late-night violence at the taxi rank",
    "Street drinking and ASB by the market",
    "Shoplifting cluster on the high street",
    "Drug dealing behind the car park",
    "Vehicle crime on the retail park",
    "Robbery near the bus station",
    "Youth ASB at the recreation ground",
    "Burglary series in the terraces",
]
SENTENCE = "Calls and crimes concentrate here after dark; the partners agree the pattern is stable. "


def _hotspot_cells(rows: list[tuple], count: int) -> list[tuple[float, float, str]]:
    """The densest distinct 0.004 x 0.0025 degree cells of the real data, with a street name."""
    cells: Counter = Counter()
    names: dict = {}
    for row in rows:
        lon, lat = row[4], row[5]
        if lon is None or lat is None:
            continue
        key = (round(lon / 0.004), round(lat / 0.0025))
        cells[key] += 1
        names.setdefault(key, row[6].removeprefix("On or near ").strip() or "Unnamed")
    chosen: list = []
    for key, _ in cells.most_common():
        if all(abs(key[0] - k[0]) > 3 or abs(key[1] - k[1]) > 3 for k in chosen):
            chosen.append(key)
        if len(chosen) == count:
            break
    while len(chosen) < count:  # not enough data: invent areas around Leicester
        chosen.append((round(-1.13 / 0.004) + 5 * len(chosen), round(52.63 / 0.0025)))
    return [(k[0] * 0.004, k[1] * 0.0025, names.get(k, f"Area {i}")) for i, k in enumerate(chosen)]


def _square(lon: float, lat: float, half_lon: float = 0.006, half_lat: float = 0.00375) -> dict:
    ring = [
        [lon - half_lon, lat - half_lat],
        [lon + half_lon, lat - half_lat],
        [lon + half_lon, lat + half_lat],
        [lon - half_lon, lat + half_lat],
        [lon - half_lon, lat - half_lat],
    ]
    return {"type": "Polygon", "coordinates": [ring]}


def _area_values(i: int, lon: float, lat: float, street: str) -> dict:
    """A square hotspot about 800 m across with a 200 m buffer and a control square 1.5 km east."""
    from hotspots.geometry import area_bounds

    values = {
        "name": f"Bench hotspot {i + 1}: {street}"[:120],
        "geometry": _square(lon, lat),
        "buffer_m": 200,
        "control_geometry": _square(lon + 0.022, lat),
    }
    main, control = area_bounds(
        geometry=values["geometry"],
        buffer_m=200,
        tolerance_m=0,
        control_geometry=values["control_geometry"],
    )
    values.update(zip(("min_lon", "min_lat", "max_lon", "max_lat"), main, strict=True))
    values.update(
        zip(
            ("control_min_lon", "control_min_lat", "control_max_lon", "control_max_lat"), control, strict=True
        )
    )
    return values


def build(scale_name: str) -> dict:
    """Fill the (migrated, empty) database; returns row counts and timings."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password
    from django.contrib.auth.models import Group, Permission
    from django.contrib.contenttypes.models import ContentType
    from django.db import connection, transaction
    from guardian.models import GroupObjectPermission

    from audit.models import ChainHead, Event
    from hotspots.models import Area, CrimeFamily, ImportedMonth, Incident
    from partners.models import POLICE_KINDS, Membership, Organisation
    from partners.roles import Role, sync_role_groups
    from plans.models import (
        Comment,
        Objective,
        Plan,
        PlanGroupObjectPermission,
        PlanPartner,
        Response,
        Source,
        Task,
        TaskGroupObjectPermission,
    )

    scale = SCALES[scale_name]
    rng = random.Random(20181001)
    timings: dict[str, float] = {}
    started = time.perf_counter()
    now = datetime.datetime.now(UTC).replace(microsecond=0)
    today = now.date()
    User = get_user_model()

    def lap(name):
        nonlocal started
        timings[name] = round(time.perf_counter() - started, 2)
        log(f"  built {name} in {timings[name]:.1f} s")
        started = time.perf_counter()

    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=OFF")

    sync_role_groups()
    role_group = {role: Group.objects.get(name=role.value) for role in Role}

    # Organisations, each with its group and a lead; the police force is the first.
    with transaction.atomic():
        password = make_password(PASSWORD)
        org_groups = Group.objects.bulk_create(
            [Group(name=f"org:bench-{i:03d}") for i in range(scale.organisations)]
        )
        kinds = [k for k in Organisation.Kind.values if k not in POLICE_KINDS]
        organisations = Organisation.objects.bulk_create(
            [
                Organisation(
                    name="Bench Constabulary"
                    if i == 0
                    else ("Bench City Council" if i == 1 else f"Bench Partner {i:03d}"),
                    slug=f"bench-{i:03d}",
                    kind=Organisation.Kind.POLICE if i == 0 else rng.choice(kinds),
                    group=group,
                )
                for i, group in enumerate(org_groups)
            ]
        )
        police, partners = organisations[0], organisations[1:]
        people = [
            ("manager", Role.MANAGER, police, True),
            *[(f"officer{i:02d}", Role.OFFICER, police, False) for i in range(scale.officers)],
            *[(f"lead-{org.slug}", Role.PARTNER_LEAD, org, True) for org in partners],
        ]
        users = User.objects.bulk_create(
            [
                User(
                    username=username,
                    password=password,
                    first_name=username.split("-")[0].capitalize(),
                    last_name="Bench",
                    email=f"{username}@bench.invalid",
                )
                for username, *_ in people
            ]
        )
        User.objects.create_superuser(username="bench-admin", password=PASSWORD, email="admin@bench.invalid")
        Through = User.groups.through
        Through.objects.bulk_create(
            [
                Through(user_id=u.pk, group_id=role_group[role].pk)
                for u, (_, role, _, _) in zip(users, people, strict=True)
            ]
            + [
                Through(user_id=u.pk, group_id=org.group_id)
                for u, (_, _, org, _) in zip(users, people, strict=True)
            ]
        )
        Membership.objects.bulk_create(
            [
                Membership(
                    user=u, organisation=org, role=Membership.Role.LEAD if lead else Membership.Role.MEMBER
                )
                for u, (_, _, org, lead) in zip(users, people, strict=True)
            ]
        )
        manager = users[0]
        officers = users[1 : 1 + scale.officers]
        lead_of = {
            org.pk: u for u, (_, role, org, _) in zip(users, people, strict=True) if role == Role.PARTNER_LEAD
        }
    lap("organisations and users")

    # Areas at the densest real hotspots, and the crime family the figures use.
    paths, source = police_uk_files()
    real_rows = read_police_uk_rows(paths) if paths else []
    with transaction.atomic():
        areas = [
            Area.objects.create(**_area_values(i, lon, lat, street))
            for i, (lon, lat, street) in enumerate(_hotspot_cells(real_rows, scale.areas))
        ]
        if not CrimeFamily.objects.filter(slug="serious-violence").exists():
            CrimeFamily.objects.create(
                name="Violence, robbery and weapons",
                slug="serious-violence",
                crime_types=["Violence and sexual offences", "Robbery", "Possession of weapons"],
            )
    lap("areas")

    # Plans: ten years of them; those started in the last 120 days are still open.
    open_states = ["scan", "analyse", "respond", "assess"]
    plan_rows, plan_meta = [], {}
    long_text = SENTENCE * 55
    for pk in range(1, scale.plans + 1):
        start = today - datetime.timedelta(days=rng.randrange(0, 3650))
        age = (today - start).days
        if pk <= REPORT_PLAN_ID + 10:
            # The two fixed plans, and recent plans in every area for the programme report.
            start, age = today - datetime.timedelta(days=60 - pk), 60 - pk
        if age < 120:
            state, closed_at = rng.choice(open_states), None
        else:
            state = "withdrawn" if rng.random() < 0.1 else "closed"
            closed_at = datetime.datetime.combine(
                start + datetime.timedelta(days=rng.randrange(30, 120)), datetime.time(12), UTC
            )
        owner = officers[pk % len(officers)]
        area = areas[pk % len(areas)]
        created = datetime.datetime.combine(start, datetime.time(9), UTC)
        updated = closed_at or created + datetime.timedelta(days=min(age, 40), seconds=pk)
        text = long_text if pk == REPORT_PLAN_ID else SENTENCE * 3
        plan_rows.append(
            (
                pk,
                f"BENCH-{pk:05d}",
                TITLES[pk % len(TITLES)],
                owner.pk,
                area.name[:200],
                area.pk,
                rng.choice(["high", "medium", "low"]),
                start,
                start + datetime.timedelta(days=28 * (1 + age // 28)),
                state,
                1,
                text,
                start - datetime.timedelta(days=30),
                text,
                "Door staff and CCTV",
                "Groups leaving licensed premises",
                "Licensees",
                "Taxi rank and alley",
                "Council licensing",
                text,
                text,
                "POLICE-ONLY victim details",
                "POLICE-ONLY offender details",
                "POLICE-ONLY intelligence",
                text if closed_at else "",
                text if closed_at else "",
                "effective" if closed_at else "",
                text if closed_at else "",
                created,
                updated,
                closed_at,
            )
        )
        plan_meta[pk] = (state, owner, area)
    plan_fields = [
        "id",
        "reference",
        "title",
        "owner",
        "hotspot_name",
        "area",
        "priority",
        "start_date",
        "next_review_date",
        "state",
        "version",
        "problem_statement",
        "first_seen",
        "pat_victim",
        "pat_guardian",
        "pat_offender",
        "pat_handler",
        "pat_location",
        "pat_place_manager",
        "data_findings",
        "hypothesis",
        "victim_details",
        "offender_details",
        "police_notes",
        "process_evaluation",
        "outcome_summary",
        "outcome_verdict",
        "lessons_learned",
        "created_at",
        "updated_at",
        "closed_at",
    ]
    with transaction.atomic():
        insert_rows(Plan, plan_fields, plan_rows)
        reset_sequences(Plan)
        insert_rows(
            Source,
            ["plan", "kind", "notes", "created_at"],
            ((pk, "calls", "Calls for service, last quarter", now) for pk in plan_meta),
        )
        insert_rows(
            Objective,
            [
                "plan",
                "impact",
                "reduction_percent",
                "description",
                "measure",
                "baseline",
                "target",
                "created_at",
            ],
            (
                (pk, "reduce", 20, "Reduce violence by a fifth", "Violence, police.uk", 40, 32, now)
                for pk in plan_meta
            ),
        )
    lap("plans")

    # Partners on plans, with guardian grants in the direct FK table and, for the
    # comparison baseline only, the same grants in guardian's generic table (the task
    # grants follow below).
    view_plan = Permission.objects.get(content_type__app_label="plans", codename="view_plan")
    change_task = Permission.objects.get(content_type__app_label="plans", codename="change_task")
    plan_ct = ContentType.objects.get_for_model(Plan)
    on_plan: dict[int, list] = {}
    others = partners[1:] or partners
    for pk in plan_meta:
        chosen = {partners[0]} if (rng.random() < BIG_PARTNER_SHARE or pk <= REPORT_PLAN_ID) else set()
        chosen.update(rng.sample(others, k=min(len(others), rng.choice([1, 1, 2]))))
        on_plan[pk] = sorted(chosen, key=lambda o: o.pk)
    links = [(pk, org) for pk, orgs in on_plan.items() for org in orgs]
    with transaction.atomic():
        insert_rows(
            PlanPartner,
            ["plan", "organisation", "added_by", "added_at"],
            ((pk, org.pk, plan_meta[pk][1].pk, now) for pk, org in links),
        )
        insert_rows(
            PlanGroupObjectPermission,
            ["permission", "group", "content_object"],
            ((view_plan.pk, org.group_id, pk) for pk, org in links),
        )
        insert_rows(
            GroupObjectPermission,
            ["permission", "group", "content_type", "object_pk"],
            ((view_plan.pk, org.group_id, plan_ct.pk, str(pk)) for pk, org in links),
        )
    lap("partners and grants")

    # Responses and tasks: one response per plan carrying its tasks.
    fixed = {DETAIL_PLAN_ID: DETAIL_TASKS, REPORT_PLAN_ID: scale.report_tasks}
    remaining = max(0, scale.tasks - sum(fixed[pk] for pk in fixed if pk in plan_meta))
    ordinary = [pk for pk in plan_meta if pk not in fixed]
    per_plan = Counter({pk: n for pk, n in fixed.items() if pk in plan_meta})
    for i in range(remaining):
        per_plan[ordinary[i % len(ordinary)] if i < len(ordinary) else rng.choice(ordinary)] += 1
    task_rows, grant_rows = [], []
    task_pk = 0
    for pk, count in sorted(per_plan.items()):
        state, owner, _ = plan_meta[pk]
        done = state in ("closed", "withdrawn", "assess")
        for n in range(count):
            task_pk += 1
            org = rng.choice(on_plan[pk] + [police])
            due = today + datetime.timedelta(days=rng.randrange(-60, 60))
            task_state = "done" if done else rng.choice(["open", "in_progress", "done", "blocked"])
            title = f"Task {n + 1}: staff the rank and report back"
            task_rows.append(
                (
                    task_pk,
                    pk,
                    pk,
                    title,
                    SENTENCE * (2 if pk == REPORT_PLAN_ID else 1),
                    org.pk,
                    lead_of.get(org.pk, owner).pk if n % 3 == 0 else None,
                    due,
                    task_state,
                    "Waiting for the council's licensing team" if task_state == "blocked" else "",
                    "Done as agreed" if task_state == "done" else "",
                    False,
                    1,
                    now,
                    now if task_state == "done" else None,
                )
            )
            if org.pk != police.pk:
                grant_rows.append((change_task.pk, org.group_id, task_pk))
    with transaction.atomic():
        insert_rows(
            Response,
            [
                "id",
                "plan",
                "kind",
                "description",
                "lead_organisation",
                "delivery",
                "delivery_note",
                "created_at",
            ],
            (
                (pk, pk, "prevention", "Patrols and street pastors", on_plan[pk][0].pk, "", "", now)
                for pk in plan_meta
            ),
        )
        reset_sequences(Response)
        insert_rows(
            Task,
            [
                "id",
                "plan",
                "response",
                "title",
                "description",
                "organisation",
                "assignee",
                "due_date",
                "state",
                "blocked_reason",
                "completion_note",
                "needs_reassignment",
                "version",
                "created_at",
                "completed_at",
            ],
            task_rows,
        )
        reset_sequences(Task)
        insert_rows(TaskGroupObjectPermission, ["permission", "group", "content_object"], grant_rows)
        # A deployment on guardian's generic tables keeps every grant in one table: the
        # selector's baseline reads the plan grants beside the task grants, as it would there.
        task_ct = ContentType.objects.get_for_model(Task)
        insert_rows(
            GroupObjectPermission,
            ["permission", "group", "content_type", "object_pk"],
            ((perm, group, task_ct.pk, str(task)) for perm, group, task in grant_rows),
        )
        insert_rows(
            Comment,
            ["plan", "author", "body", "police_only", "created_at"],
            [
                (REPORT_PLAN_ID, officers[0].pk, SENTENCE * 2, False, now),
                (REPORT_PLAN_ID, manager.pk, SENTENCE, True, now),
            ],
        )
    lap("tasks")

    # The audit trail: a real hash chain, computed with the model's own canonical hash.
    event_count = _build_events(
        scale=scale,
        rng=rng,
        now=now,
        plan_meta=plan_meta,
        users=[manager, *officers, *lead_of.values()],
        org_name={u.pk: org.name for u, (_, _, org, _) in zip(users, people, strict=True)},
        Event=Event,
        ChainHead=ChainHead,
    )
    lap("audit events")

    incident_count = _build_incidents(
        scale=scale, rows=real_rows, ImportedMonth=ImportedMonth, Incident=Incident
    )
    lap("incidents")

    # What autovacuum does to a settled production database: statistics, and on PostgreSQL the
    # visibility map, without which every count reads the whole table instead of an index.
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
        if connection.vendor == "sqlite":  # the load's log folded into the database file
            cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    lap("analyze")
    return {
        "scale": scale_name,
        "sizes": asdict(scale),
        "rows": {
            "plans": Plan.objects.count(),
            "tasks": Task.objects.count(),
            "organisations": Organisation.objects.count(),
            "audit_events": event_count,
            "incidents": incident_count,
            "plan_grants": len(links),
            "task_grants": len(grant_rows),
        },
        "police_uk_source": source,
        "build_seconds": timings,
    }


ACTIONS = [
    ("plan.view", 40),
    ("plan.update", 20),
    ("task.update", 20),
    ("plan.transition", 8),
    ("report.export", 4),
    ("plan.partner_add", 4),
    ("auth.login", 4),
]


def _build_events(*, scale, rng, now, plan_meta, users, org_name, Event, ChainHead) -> int:
    from django.db import transaction

    from audit.models import GENESIS_HASH

    total = max(scale.events, DETAIL_EVENTS + REPORT_EVENTS)
    fixed = {
        DETAIL_PLAN_ID: DETAIL_EVENTS,
        REPORT_PLAN_ID: REPORT_EVENTS,
        HISTORY_PLAN_ID: min(HISTORY_EVENTS, total // 10),
    }
    # Which sequence numbers belong to the fixed plans: spread evenly through the chain.
    special: dict[int, int] = {}
    for offset, (pk, count) in enumerate(fixed.items()):
        step = total // count
        for i in range(count):
            sequence = i * step + offset + 1
            if sequence in special:
                raise ValueError(f"event {sequence} would belong to plans {special[sequence]} and {pk}")
            special[sequence] = pk
    ordinary = [pk for pk in plan_meta if pk not in fixed]
    actions, weights = zip(*ACTIONS, strict=True)
    start = now - datetime.timedelta(days=3650)
    step = (now - datetime.timedelta(days=1) - start) / total
    names = [f.name for f in Event._meta.concrete_fields if f.name != "id"]

    def events() -> Iterator[tuple]:
        prev = GENESIS_HASH
        for sequence in range(1, total + 1):
            plan_id = special.get(sequence) or rng.choice(ordinary)
            action = rng.choices(actions, weights)[0]
            actor = rng.choice(users)
            if action == "plan.transition":
                changes = {"state": ["scan", "analyse"]}
            elif action in ("plan.update", "task.update"):
                changes = {"title": ["Old title", "New title"], "due_date": ["2024-01-01", "2024-02-01"]}
            else:
                changes = {}
            event = Event(
                sequence=sequence,
                occurred_at=start + step * sequence,
                actor_id=actor.pk,
                actor_username=actor.username,
                actor_organisation=org_name.get(actor.pk, ""),
                action="auth.login" if action == "auth.login" else action,
                target_type="" if action == "auth.login" else "plans.plan",
                target_id="" if action == "auth.login" else str(plan_id),
                target_label="" if action == "auth.login" else f"BENCH-{plan_id:05d} {TITLES[plan_id % 8]}",
                plan_id=None if action == "auth.login" else plan_id,
                changes=changes,
                police_only=rng.random() < 0.05,
                reason="Agreed at the tasking meeting" if action == "plan.transition" else "",
                request_id=f"{rng.getrandbits(64):016x}",
                # One address per person (an office gateway or a phone), as in real use.
                ip_address=f"10.20.{actor.pk // 250}.{actor.pk % 250 + 1}",
                prev_hash=prev,
            )
            event.hash = event.compute_hash()
            prev = event.hash
            if sequence == total:
                last[:] = [sequence, event.hash]
            if sequence % 200_000 == 0:
                log(f"    {sequence:,} events")
            yield tuple(getattr(event, Event._meta.get_field(n).attname) for n in names)

    last: list = []
    with transaction.atomic():
        count = insert_rows(Event, names, events())
        ChainHead.objects.update_or_create(pk=1, defaults={"last_sequence": last[0], "last_hash": last[1]})
    return count


def _build_incidents(*, scale, rows, ImportedMonth, Incident) -> int:
    from django.db import transaction

    from hotspots.models import force_key

    if not rows:
        return 0
    if scale.incidents < len(rows):
        stride = -(-len(rows) // scale.incidents)
        rows = rows[::stride][: scale.incidents]
    passes = -(-scale.incidents // len(rows))
    plan = []  # (pass, row) in insertion order, stopping at the scale's count
    for p in range(passes):
        for row in rows:
            if len(plan) == scale.incidents:
                break
            plan.append((p, row))
    counts: Counter = Counter()
    without: Counter = Counter()
    for p, row in plan:
        key = (row[3] or row[2], row[0] - 5 * p)
        counts[key] += 1
        if row[4] is None:
            without[key] += 1
    batch_id = {key: i for i, key in enumerate(sorted(counts), start=1)}
    # Each real row's snap point in British National Grid, as the importer projects it.
    bng = _bng_of(rows)
    now = datetime.datetime.now(UTC)
    with transaction.atomic():
        insert_rows(
            ImportedMonth,
            [
                "id",
                "force",
                "force_key",
                "month",
                "source_name",
                "rows",
                "rows_without_location",
                "imported_at",
            ],
            (
                (
                    i,
                    force,
                    force_key(force),
                    month_date(m),
                    f"{month_date(m):%Y-%m}-bench-street.csv",
                    counts[(force, m)],
                    without[(force, m)],
                    now,
                )
                for (force, m), i in batch_id.items()
            ),
        )
        reset_sequences(ImportedMonth)
        fields = [
            "batch",
            "month",
            "crime_id",
            "reported_by",
            "falls_within",
            "longitude",
            "latitude",
            "location",
            "lsoa_code",
            "lsoa_name",
            "crime_type",
            "last_outcome",
            "context",
            "easting",
            "northing",
        ]
        months = {m: month_date(m) for _, m in batch_id}

        def incidents():
            for p, r in plan:
                m = r[0] - 5 * p
                yield (
                    batch_id[(r[3] or r[2], m)],
                    months[m],
                    r[1][:54] + (f"-{p}" if p and r[1] else ""),
                    *r[2:],
                    *bng[id(r)],
                )

        inserted = insert_rows(Incident, fields, incidents())
        # Scan ranks grid cells from the counts by point, as the import service keeps them.
        from django.db import connection

        from hotspots.scan import point_counts

        point_counts.recount(connection)
        return inserted


def _bng_of(rows) -> dict:
    """id(row) -> (easting, northing) of its snap point, or (None, None) without a location."""
    from hotspots.geometry import lonlat_to_bng

    located = [r for r in rows if r[4] is not None and r[5] is not None]
    result = {id(r): (None, None) for r in rows}
    if located:
        x, y = lonlat_to_bng([r[4] for r in located], [r[5] for r in located])
        for r, easting, northing in zip(located, x.tolist(), y.tolist(), strict=True):
            result[id(r)] = (easting, northing)
    return result
