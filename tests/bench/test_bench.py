"""The benchmark's own code runs at the tiny scale and writes valid results, so it cannot rot.

It runs `python -m bench` as a subprocess against a throwaway database (a temporary SQLite
file, or a uniquely named PostgreSQL database on the DATABASE_URL server) that is dropped
afterwards. No timing is asserted: only that every figure is there, finite and positive,
and that every measurement was measured.
"""

import json
import math
import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

from bench import database
from bench.measure import CHEAP_ROUNDS, SPECS, cheap_rounds

ROOT = Path(__file__).resolve().parents[2]


def _default_env() -> dict:
    """This environment without settings that change what the run records (the map's size)."""
    return {name: value for name, value in os.environ.items() if name != "SQLITE_MMAP_SIZE"}


@pytest.fixture(scope="module")
def tiny_run(tmp_path_factory):
    folder = tmp_path_factory.mktemp("bench")
    out = folder / "results.json"
    if os.environ.get("DATABASE_URL", "").startswith("postgres"):
        name = f"bench_pytest_{uuid.uuid4().hex[:10]}"
    else:
        name = str(folder / "bench-tiny.sqlite3")
    db = database.bench_database("tiny", name)
    command = [sys.executable, "-m", "bench", "--scale", "tiny", "--repeat", "2", "--out", str(out)]
    command += ["--database", name, "--rebuild", "--drop-after"]
    try:
        completed = subprocess.run(
            command, cwd=ROOT, env=_default_env(), capture_output=True, text=True, timeout=600, check=False
        )
    finally:
        if database.exists(db):
            database.drop(db)
    assert completed.returncode == 0, completed.stderr[-4000:]
    return {"data": json.loads(out.read_text()), "out": out, "db": db, "stdout": completed.stdout}


def test_it_writes_one_run_with_machine_and_database(tiny_run):
    data = tiny_run["data"]
    assert list(data["runs"]) == [data["latest"]]
    run = data["runs"][data["latest"]]
    assert run["scale"] == "tiny"
    assert run["repeat"] == 2
    assert run["machine"]["cores"] >= 1 and run["machine"]["cpu"]
    assert run["database"]["vendor"] in ("sqlite", "postgresql")
    assert run["database"]["version"]
    assert run["build"]["rows"]["plans"] >= 100
    assert run["build"]["rows"]["audit_events"] >= 5000


def test_it_measures_on_a_connection_set_up_as_the_applications(tiny_run):
    # The build loads with SQLite's sync off; the measurements (right after it, here) must not.
    run = tiny_run["data"]["runs"][tiny_run["data"]["latest"]]
    expected = {
        "sqlite": "journal wal, synchronous full, mmap 1024 MB",
        "postgresql": "synchronous_commit on",
    }
    assert run["database"]["durability"] == expected[run["database"]["vendor"]]
    assert expected[run["database"]["vendor"]] in tiny_run["out"].with_suffix(".md").read_text()


def test_every_measurement_is_reported(tiny_run):
    run = tiny_run["data"]["runs"][tiny_run["data"]["latest"]]
    assert set(run["measurements"]) == {spec.key for spec in SPECS}


@pytest.mark.parametrize("spec", SPECS, ids=[spec.key for spec in SPECS])
def test_every_measurement_is_measured(tiny_run, spec):
    entry = tiny_run["data"]["runs"][tiny_run["data"]["latest"]]["measurements"][spec.key]
    assert entry["status"] == "measured", entry.get("reason")
    assert math.isfinite(entry["median"]) and entry["median"] > 0
    spread = entry["spread"]
    assert 0 < spread["min"] <= entry["median"] <= spread["max"]
    assert entry["n"] >= 1
    assert entry["goal"] == spec.goal
    if spec.goal:
        assert isinstance(entry["pass"], bool)
    else:  # reported for information only
        assert entry["pass"] is None
    if spec.kind == "ratio":
        assert entry["queries"]["subject"] > 0 and entry["queries"]["baseline"] > 0
        assert entry["subject_median_s"] > 0 and entry["baseline_median_s"] > 0


def test_it_writes_the_readable_table(tiny_run):
    table = tiny_run["out"].with_suffix(".md").read_text()
    assert "| Measurement | Median |" in table
    for spec in SPECS:
        assert spec.title in table
    assert "| Measurement | Median |" in tiny_run["stdout"]


def test_it_drops_its_database_afterwards(tiny_run):
    assert not database.exists(tiny_run["db"])


def test_the_benchmark_database_is_never_the_applications():
    db = database.bench_database("small", source_url="postgres://postgres@127.0.0.1:5432/plans")
    assert db.name == "plans_bench_small"
    assert db.url.endswith("/plans_bench_small")
    with pytest.raises(SystemExit):
        database.bench_database("small", "plans", source_url="postgres://postgres@127.0.0.1:5432/plans")
    with pytest.raises(SystemExit):
        database.bench_database("small", "test_plans", source_url="postgres://postgres@127.0.0.1:5432/plans")
    sqlite = database.bench_database("full", source_url="")
    assert sqlite.name.endswith("bench-full.sqlite3") and "db.sqlite3" not in sqlite.name
    with pytest.raises(SystemExit):
        database.bench_database("full", str(ROOT / "db.sqlite3"), source_url="")
    with pytest.raises(SystemExit):
        database.bench_database("full", "/tmp/app.sqlite3", source_url="sqlite:////tmp/app.sqlite3")


def test_the_transition_baseline_is_the_same_service_without_its_event(tiny_run):
    measurements = tiny_run["data"]["runs"][tiny_run["data"]["latest"]]["measurements"]
    # The event is one statement (lock the chain head, link and insert the event; a trigger
    # moves the head); nothing else differs.
    queries = measurements["transition"]["queries"]
    assert queries["subject"] - queries["baseline"] == 1
    assert measurements["transition_bare_update"]["pass"] is None
    assert "| information |" in tiny_run["out"].with_suffix(".md").read_text()


def test_cheap_measurements_take_more_rounds_unless_the_run_asks_for_very_few():
    assert [cheap_rounds(n) for n in (1, 2)] == [1, 2]  # the tiny run in this suite stays quick
    assert cheap_rounds(5) == CHEAP_ROUNDS
    assert cheap_rounds(CHEAP_ROUNDS + 5) == CHEAP_ROUNDS + 5


def test_a_fresh_build_is_written_out_and_vacuumed_before_measuring(monkeypatch):
    # Its writeback would otherwise land in the first measurements' commits, and the rows an
    # earlier run left dead in the later measurements' scans.
    url = os.environ.get("DATABASE_URL", "")
    synced = []
    monkeypatch.setattr(database.os, "sync", lambda: synced.append(True))
    if not url.startswith("postgres"):
        database.settle(database.bench_database("tiny", "/tmp/unused.sqlite3", source_url=""))
        assert synced == [True]
        return
    import psycopg

    db = database.bench_database("tiny", f"bench_pytest_{uuid.uuid4().hex[:10]}", source_url=url)
    database.create(db)
    try:
        with psycopg.connect(db.url, autocommit=True) as conn:
            conn.execute("CREATE TABLE churn (id int)")
            conn.execute("INSERT INTO churn SELECT generate_series(1, 100)")
            conn.execute("DELETE FROM churn WHERE id > 10")
        with psycopg.connect(db.admin_url, autocommit=True) as conn:
            # The control file keeps the last checkpoint's start to the second; a CHECKPOINT
            # waits for one that starts after it is asked for (another test's may run too).
            asked = conn.execute("SELECT date_trunc('second', clock_timestamp())").fetchone()[0]
            database.settle(db)
            last = conn.execute("SELECT checkpoint_time FROM pg_control_checkpoint()").fetchone()[0]
        with psycopg.connect(db.url, autocommit=True) as conn:
            vacuumed = conn.execute(
                "SELECT last_vacuum IS NOT NULL, n_dead_tup FROM pg_stat_user_tables WHERE relname = 'churn'"
            ).fetchone()
    finally:
        database.drop(db)
    assert synced == [True]
    assert last >= asked
    assert vacuumed == (True, 0)


@pytest.mark.django_db(transaction=True)  # VACUUM cannot run inside the test's transaction
def test_a_transition_measurement_removes_its_plans_and_on_postgresql_vacuums_them_away(officer):
    from django.db import connection

    from bench.measure import _delete_plans
    from plans.models import Plan
    from tests.factories import make_plan

    pks = [make_plan(owner=officer).pk for _ in range(3)]
    with connection.cursor() as cursor:
        cursor.execute("SELECT CURRENT_TIMESTAMP")
        asked = cursor.fetchone()[0]
    _delete_plans(pks)
    assert not Plan.objects.filter(pk__in=pks).exists()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT last_vacuum FROM pg_stat_user_tables WHERE relname = %s", [Plan._meta.db_table]
            )
            assert cursor.fetchone()[0] >= asked
