"""Where the benchmark's own database lives. Imported before Django is set up.

SQLite (DATABASE_URL unset or sqlite): bench/data/bench-<scale>.sqlite3.
PostgreSQL: a database named `<name>_bench_<scale>` on the server DATABASE_URL names,
created when missing; one per scale so each scale's build is cached.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

BENCH_DIR = Path(__file__).resolve().parent
DATA_DIR = BENCH_DIR / "data"


@dataclass(frozen=True)
class BenchDatabase:
    vendor: str  # "sqlite" or "postgresql"
    url: str  # what DATABASE_URL is set to for the benchmark process
    name: str  # file path (SQLite) or database name (PostgreSQL)
    admin_url: str = ""  # PostgreSQL: the maintenance database used to create and drop it

    def describe(self) -> str:
        return self.name if self.vendor == "sqlite" else f"PostgreSQL database {self.name}"


def bench_database(scale: str, override: str = "", source_url: str | None = None) -> BenchDatabase:
    """The benchmark database for this scale, derived from DATABASE_URL but never equal to it."""
    source_url = os.environ.get("DATABASE_URL", "") if source_url is None else source_url
    if not source_url or source_url.startswith("sqlite"):
        path = Path(override).resolve() if override else DATA_DIR / f"bench-{scale}.sqlite3"
        developer_db = BENCH_DIR.parent / "db.sqlite3"
        if source_url:
            import dj_database_url

            developer_db = Path(dj_database_url.parse(source_url)["NAME"])
        if developer_db.resolve() == path:
            raise SystemExit("The benchmark database must not be the application's database.")
        return BenchDatabase(vendor="sqlite", url=f"sqlite:///{path}", name=str(path))
    parts = urlsplit(source_url)
    if not parts.scheme.startswith("postgres"):
        raise SystemExit(f"Unsupported DATABASE_URL scheme for the benchmark: {parts.scheme}")
    source_name = parts.path.lstrip("/") or "postgres"
    name = override or f"{source_name}_bench_{scale}"
    if name in (source_name, f"test_{source_name}", "postgres", "template0", "template1"):
        raise SystemExit(f"Refusing to use {name!r} as the benchmark database.")
    return BenchDatabase(
        vendor="postgresql",
        url=urlunsplit(parts._replace(path=f"/{name}")),
        name=name,
        admin_url=urlunsplit(parts._replace(path="/postgres")),
    )


def _pg_admin(db: BenchDatabase):
    import psycopg

    return psycopg.connect(db.admin_url, autocommit=True)


def exists(db: BenchDatabase) -> bool:
    if db.vendor == "sqlite":
        return Path(db.name).exists()
    with _pg_admin(db) as conn:
        return conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [db.name]).fetchone() is not None


def create(db: BenchDatabase) -> None:
    """An empty database (dropping whatever was there)."""
    drop(db)
    if db.vendor == "sqlite":
        Path(db.name).parent.mkdir(parents=True, exist_ok=True)
        return
    from psycopg import sql

    with _pg_admin(db) as conn:
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(db.name)))


def drop(db: BenchDatabase) -> None:
    if db.vendor == "sqlite":
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(db.name + suffix).unlink(missing_ok=True)
        return
    from psycopg import sql

    with _pg_admin(db) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(db.name)))


def settle(db: BenchDatabase) -> None:
    """Write out what is still to be written before measuring: a fresh build, or the run before.

    A build leaves hundreds of megabytes dirty in memory (SQLite loads with sync off; PostgreSQL
    checkpoints later), and so, less, does a run just before this one. Flushed during the
    measurements, that writeback slows every commit sync there, and most of all the side that
    writes more: the transition with its event read 1.37 straight after a build against about
    1.25 on the same data later.

    On PostgreSQL it also vacuums first. The transition measurements vacuum after deleting
    their plans, but a run stopped halfway (or one from before they did) leaves dead rows,
    and on a server without autovacuum every later run on the cached data would read through
    them (2,572 dead plan rows after two full runs once; the full-scale selector read 0.74).
    """
    if db.vendor == "postgresql":
        import psycopg

        try:
            with psycopg.connect(db.url, autocommit=True) as conn:
                conn.execute("VACUUM")
            with _pg_admin(db) as conn:
                conn.execute("CHECKPOINT")
        except psycopg.Error as exc:  # CHECKPOINT needs superuser or pg_checkpoint: then only the OS flush
            print(
                f"  no VACUUM and CHECKPOINT before measuring ({exc}); flushing the OS only", file=sys.stderr
            )
    os.sync()
