"""manage.py backup and restore: a round trip on this test run's database (SQLite or PostgreSQL)
gives the same rows in every table, the same programme figures and the same evidence files, and
the restored audit trail verifies against the backup's checkpoint. A changed file is refused."""

import io
import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from audit.models import Event
from audit.services import log_event
from plans.backup import MANIFEST
from plans.models import Attachment
from tests import factories

pytestmark = pytest.mark.django_db(transaction=True)
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def checkpoint_key(settings):
    settings.AUDIT_CHECKPOINT_KEY = "backup-test-key-" + "k" * 40


@pytest.fixture
def programme(world, officer):
    """The shared world, with evidence files of two organisations on its tasks."""
    factories.make_attachment(world.task, world.users["partner_on"], name="patrol-log.pdf")
    factories.make_attachment(
        world.other_org_task,
        world.users["owner"],
        name="photo.png",
        data=b"\x89PNG\r\n\x1a\n" + os.urandom(300),
    )
    for _ in range(3):  # events in the trail before the backup's checkpoint
        log_event(action="plan.view", actor=world.users["owner"], target=world.plan, plan=world.plan)
    return world


@pytest.fixture
def target(tmp_path):
    """An empty database to restore into: a new SQLite file, or a new PostgreSQL database
    named after this run's test database (dropped afterwards)."""
    if connection.vendor == "sqlite":
        yield f"sqlite:///{tmp_path / 'restored.sqlite3'}"
        return
    import psycopg

    s = connection.settings_dict
    name = f"{s['NAME']}_restore"
    admin = {
        "dbname": "postgres",
        "host": s["HOST"] or None,
        "port": s["PORT"] or None,
        "user": s["USER"] or None,
    }
    with psycopg.connect(**admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')
    yield f"postgres://{s['USER']}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{name}"
    with psycopg.connect(**admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def rows_of_every_table(cursor, tables) -> dict:
    found = {}
    for table in tables:
        cursor.execute(f'SELECT * FROM "{table}"')  # noqa: S608 (names from the introspection)
        found[table] = sorted(tuple(str(v) for v in row) for row in cursor.fetchall())
    return found


def restored_rows(url: str, tables) -> dict:
    if url.startswith("sqlite"):
        # Read as Django reads it (its converters: booleans, dates), to compare like with like.
        conn = sqlite3.connect(
            url.removeprefix("sqlite:///"), detect_types=sqlite3.PARSE_DECLTYPES | sqlite3.PARSE_COLNAMES
        )
        try:
            return rows_of_every_table(conn.cursor(), tables)
        finally:
            conn.close()
    import psycopg

    with psycopg.connect(url.replace("postgres://", "postgresql://"), options="-c TimeZone=UTC") as conn:
        return rows_of_every_table(conn.cursor(), tables)


def figures_from(url: str, media: Path) -> dict:
    env = {**os.environ, "DATABASE_URL": url, "PRIVATE_MEDIA_ROOT": str(media)}
    result = subprocess.run(
        [sys.executable, "manage.py", "programme_figures", "--json"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return json.loads(result.stdout)


def test_a_backup_restores_to_the_same_records_figures_and_files(programme, tmp_path, target):
    folder = tmp_path / "backup"
    out = io.StringIO()
    call_command("backup", str(folder), stdout=out)
    assert "2 evidence files" in out.getvalue()
    assert Event.objects.filter(action="audit.checkpoint").count() == 1
    manifest = json.loads((folder / MANIFEST).read_text())
    assert {n for n in manifest["files"] if n.startswith("evidence/")} == {
        f"evidence/{a.file.name}" for a in Attachment.objects.all()
    }

    # What the original holds now (the backup's checkpoint event included: it is in the dump).
    tables = connection.introspection.table_names()
    if connection.vendor == "sqlite":  # in memory: read through Django's own connection
        with connection.cursor() as cursor:
            original = rows_of_every_table(cursor, tables)
    else:  # read both databases the same way
        s = connection.settings_dict
        original = restored_rows(
            f"postgres://{s['USER']}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}", tables
        )
    figures = json.loads(_call("programme_figures", "--json"))

    media = tmp_path / "restored-media"
    out = io.StringIO()
    call_command("restore", str(folder), database_url=target, media_root=str(media), stdout=out)
    report = out.getvalue()
    assert f"Verified {Event.objects.count()} audit events" in report
    assert f"It still holds checkpoint #{manifest['checkpoint']['sequence']}" in report

    assert restored_rows(target, tables) == original
    assert figures_from(target, media) == figures
    for attachment in Attachment.objects.all():
        restored = media / attachment.file.name
        assert restored.read_bytes() == Path(attachment.file.path).read_bytes()
    assert sum(1 for p in media.rglob("*") if p.is_file()) == Attachment.objects.count()


def _call(*args) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_a_changed_file_in_the_backup_is_refused_and_nothing_is_restored(programme, tmp_path, target):
    folder = tmp_path / "backup"
    call_command("backup", str(folder), stdout=io.StringIO())
    evidence = next(p for p in (folder / "evidence").rglob("*") if p.is_file())
    evidence.write_bytes(evidence.read_bytes() + b"tampered")
    media = tmp_path / "restored-media"
    with pytest.raises(CommandError, match="does not match its SHA-256 digest"):
        call_command("restore", str(folder), database_url=target, media_root=str(media), stdout=io.StringIO())
    assert not media.exists()
    if target.startswith("sqlite"):
        assert not Path(target.removeprefix("sqlite:///")).exists()
    else:
        assert restored_rows(target, ["pg_tables"]) is not None  # still there, and empty:
        import dj_database_url

        from plans.backup import _postgresql_is_empty

        assert _postgresql_is_empty(dj_database_url.parse(target))


def test_a_rewritten_manifest_or_an_added_file_is_refused(programme, tmp_path, target):
    folder = tmp_path / "backup"
    call_command("backup", str(folder), stdout=io.StringIO())
    (folder / "evidence" / "extra.pdf").write_bytes(b"%PDF-1.4")
    with pytest.raises(CommandError, match="Files not in the manifest: evidence/extra.pdf"):
        call_command("restore", str(folder), database_url=target, media_root=str(tmp_path / "m"))
    (folder / "evidence" / "extra.pdf").unlink()
    manifest = json.loads((folder / MANIFEST).read_text())
    name = next(iter(manifest["files"]))
    manifest["files"][name]["sha256"] = "0" * 64
    (folder / MANIFEST).write_text(json.dumps(manifest))
    with pytest.raises(CommandError, match="manifest's signature does not match"):
        call_command("restore", str(folder), database_url=target, media_root=str(tmp_path / "m"))


def test_restore_refuses_a_database_or_an_evidence_folder_that_is_not_empty(programme, tmp_path, target):
    folder = tmp_path / "backup"
    call_command("backup", str(folder), stdout=io.StringIO())
    media = tmp_path / "restored-media"
    (media / "evidence").mkdir(parents=True)
    (media / "evidence" / "kept.pdf").write_bytes(b"someone's file")
    with pytest.raises(CommandError, match="is not empty"):
        call_command("restore", str(folder), database_url=target, media_root=str(media))
    assert (media / "evidence" / "kept.pdf").read_bytes() == b"someone's file"

    call_command(
        "restore", str(folder), database_url=target, media_root=str(tmp_path / "m1"), stdout=io.StringIO()
    )
    with pytest.raises(CommandError, match="is not empty: restore into a new"):
        call_command("restore", str(folder), database_url=target, media_root=str(tmp_path / "m2"))


def test_backup_refuses_a_folder_that_is_not_empty_and_needs_the_key(programme, tmp_path, settings):
    folder = tmp_path / "backup"
    folder.mkdir()
    (folder / "old").write_text("x")
    with pytest.raises(CommandError, match="not empty"):
        call_command("backup", str(folder))
    settings.AUDIT_CHECKPOINT_KEY = ""
    with pytest.raises(CommandError, match="AUDIT_CHECKPOINT_KEY is not set"):
        call_command("backup", str(tmp_path / "new"))
    assert not (tmp_path / "new").exists()
