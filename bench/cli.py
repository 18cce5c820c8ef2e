"""`python -m bench [--scale tiny|small|full] [--repeat N] [--out bench/results.json]`."""

from __future__ import annotations

import argparse
import datetime
import os
import sys
import time
from pathlib import Path

from . import database

BENCH_DIR = Path(__file__).resolve().parent


def parse(argv=None):
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--scale", choices=["tiny", "small", "full"], default="small")
    parser.add_argument("--repeat", type=int, default=5, help="rounds per measurement (default 5)")
    parser.add_argument("--out", type=Path, default=BENCH_DIR / "results.json")
    parser.add_argument("--rebuild", action="store_true", help="build the data again even if cached")
    parser.add_argument(
        "--database", default="", help="SQLite file or PostgreSQL database name to use instead of the default"
    )
    parser.add_argument("--drop-after", action="store_true", help="remove the benchmark database at the end")
    parser.add_argument("--only", default="", help="comma-separated measurement keys (for debugging)")
    return parser.parse_args(argv)


def main(argv=None) -> None:
    args = parse(argv)
    if args.repeat < 1:
        raise SystemExit("--repeat must be at least 1")
    db = database.bench_database(args.scale, args.database)
    # The benchmark's process talks only to its own database, production-like: DEBUG off, and
    # connections kept between requests as config.production keeps them.
    os.environ["DATABASE_URL"] = db.url
    os.environ["DEBUG"] = "0"
    os.environ.setdefault("CONN_MAX_AGE", "60")
    # The build loads a million events in one COPY, longer than the service's statement limit
    # (DB_STATEMENT_TIMEOUT, 30 s) on a busy machine; no measured call comes near it.
    os.environ.setdefault("DB_STATEMENT_TIMEOUT", "0")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    sys.path.insert(0, str(BENCH_DIR.parent))

    import django

    django.setup()
    from django.conf import settings

    settings.ROOT_URLCONF = "bench.urls"
    try:
        run = _run(args, db)
    finally:
        if args.drop_after:
            from django.db import connections

            connections.close_all()
            database.drop(db)
    from . import report

    data = report.save(args.out, run)
    print(report.heading(run))
    print(report.table(run))
    for vendor, rows in data.get("growth", {}).items():
        print()
        print(report.growth_table(vendor, rows))
    print(f"\nWritten {args.out} and {args.out.with_suffix('.md')}")


def _ensure_built(args, db) -> dict:
    from django.core.management import call_command
    from django.db import connections

    from . import build

    started = time.perf_counter()
    if database.exists(db) and not args.rebuild:
        meta = build.read_meta()
        if meta and meta.get("fingerprint") == build.fingerprint() and meta.get("scale") == args.scale:
            print(f"Using the cached {args.scale} database: {db.describe()}", file=sys.stderr)
            return {**meta, "reused": True, "seconds": round(time.perf_counter() - started, 1)}
        print("The cached database is stale (new migrations or build): rebuilding", file=sys.stderr)
    connections.close_all()
    print(f"Building the {args.scale} programme in {db.describe()}", file=sys.stderr)
    database.create(db)
    call_command("migrate", verbosity=0, interactive=False)
    migrated = round(time.perf_counter() - started, 1)
    meta = build.build(args.scale)
    # The build's connection was tuned for loading (synchronous off on SQLite): measurements
    # run on a new connection, opened as the application opens it.
    connections.close_all()
    meta["build_seconds"]["migrate"] = migrated
    meta["fingerprint"] = build.fingerprint()
    meta["built_at"] = datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds")
    meta["seconds"] = round(time.perf_counter() - started, 1)
    build.write_meta(meta)
    return {**meta, "reused": False}


def _run(args, db) -> dict:
    from . import measure
    from .machine import describe_database, describe_machine

    machine = describe_machine()
    built = _ensure_built(args, db)
    # Whatever is still to be written (this build, the run before this one) is written now,
    # not during the measurements' commits.
    database.settle(db)
    # Read before measuring: the connection the measurements use, with its durability settings.
    database_facts = describe_database()
    started = time.perf_counter()
    world = measure.load_world(args.repeat)
    world.extra["database_url"] = db.url
    only = {k.strip() for k in args.only.split(",") if k.strip()} or None
    results = measure.run_all(world, only)
    return {
        "date": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "scale": args.scale,
        "repeat": args.repeat,
        "machine": machine,
        "database": {**database_facts, "name": db.name if db.vendor != "sqlite" else Path(db.name).name},
        "build": built,
        "run_seconds": round(time.perf_counter() - started, 1),
        "measurements": results,
    }
