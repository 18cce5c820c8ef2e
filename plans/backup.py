"""Backups proven by a restore: the database, the evidence files and an audit checkpoint.

A backup folder holds `database.pgdump` (pg_dump's custom format) or `database.sqlite3`
(SQLite's online backup), `evidence/` (the files the dumped rows name), `audit-checkpoint.json`
(the chain head, signed, taken just before the dump) and `manifest.json`: every file's size and
SHA-256, signed with HMAC-SHA256 under AUDIT_CHECKPOINT_KEY, so a file changed, added, lost or
a manifest rewritten is refused before anything is restored.
"""

import datetime
import hashlib
import hmac
import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import dj_database_url
from django.conf import settings
from django.db import connection

from audit import integrity
from audit.services import log_checkpoint

MANIFEST = "manifest.json"
CHECKPOINT = "audit-checkpoint.json"
EVIDENCE = "evidence"
DUMPS = {"postgresql": "database.pgdump", "sqlite": "database.sqlite3"}


class BackupError(Exception):
    """A backup cannot be made, or a folder cannot be restored (the message says why)."""


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with Path(path).open("rb") as handle:
        for block in iter(lambda: handle.read(1024 * 1024), b""):
            digest.update(block)
    return digest.hexdigest()


def _sign(files: dict) -> str:
    payload = json.dumps(files, sort_keys=True, separators=(",", ":")).encode()
    return hmac.new(integrity.checkpoint_key(), payload, hashlib.sha256).hexdigest()


def _pg_env(settings_dict: dict) -> dict:
    env = dict(os.environ)
    for variable, key in (
        ("PGHOST", "HOST"),
        ("PGPORT", "PORT"),
        ("PGUSER", "USER"),
        ("PGPASSWORD", "PASSWORD"),
    ):
        if settings_dict.get(key):
            env[variable] = str(settings_dict[key])
    env["PGDATABASE"] = settings_dict["NAME"]
    return env


def _tool(name: str) -> str:
    """The path of a PostgreSQL client tool, refusing one that is not installed."""
    path = shutil.which(name)
    if path is None:
        raise BackupError(
            f"{name} is not installed: install the PostgreSQL client (apt-get install postgresql-client)."
        )
    return path


def _tool_major(name: str) -> int:
    command = [_tool(name), "--version"]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout  # noqa: S603 (no shell)
    return int(re.search(r"\)\s+(\d+)", output)[1])  # "pg_dump (PostgreSQL) 15.20 (Debian ...)"


def _dump_postgresql(target: Path) -> list[str]:
    """pg_dump in one snapshot, and the evidence file names read in that same snapshot."""
    server_major = connection.pg_version // 10000
    if _tool_major("pg_dump") < server_major:
        raise BackupError(
            f"pg_dump {_tool_major('pg_dump')} is older than the server ({server_major}): "
            f"install postgresql-client-{server_major}."
        )
    from .models import Attachment

    connection.ensure_connection()
    with connection.cursor() as cursor:
        # The snapshot is exported by an open transaction; pg_dump reads exactly what it sees,
        # and the file list below is read in it too: the rows and the files agree.
        cursor.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
        try:
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot = cursor.fetchone()[0]
            names = list(Attachment.objects.exclude(file="").values_list("file", flat=True))
            subprocess.run(  # noqa: S603 (no shell; the arguments are ours)
                [_tool("pg_dump"), "--format=custom", "--no-owner", "--no-privileges", f"--snapshot={snapshot}",
                 f"--file={target}"],
                env=_pg_env(connection.settings_dict),
                check=True,
                capture_output=True,
                text=True,
            )  # fmt: skip
        except subprocess.CalledProcessError as exc:
            raise BackupError(f"pg_dump failed: {exc.stderr.strip()}") from exc
        finally:
            cursor.execute("ROLLBACK")
    return names


def _dump_sqlite(target: Path) -> list[str]:
    """SQLite's online backup: a consistent copy while others go on reading and writing."""
    connection.ensure_connection()
    destination = sqlite3.connect(target)
    try:
        connection.connection.backup(destination)
    finally:
        destination.close()
    copy = sqlite3.connect(f"file:{target}?mode=ro", uri=True)
    try:
        return [name for (name,) in copy.execute("SELECT file FROM plans_attachment WHERE file != ''")]
    finally:
        copy.close()


def backup(folder: Path, *, media_root: Path | None = None) -> dict:
    """Write a backup into `folder` (new or empty); returns the manifest."""
    folder = Path(folder)
    if media_root is None:
        from .models import Attachment

        media_root = Attachment._meta.get_field("file").storage.location  # PRIVATE_MEDIA_ROOT
    media_root = Path(media_root)
    if folder.exists() and any(folder.iterdir()):
        raise BackupError(f"{folder} is not empty: back up into a new folder each time.")
    vendor = connection.vendor
    if vendor not in DUMPS:
        raise BackupError(f"Backups of a {vendor} database are not supported.")
    integrity.checkpoint_key()  # refuse before writing anything when there is no key
    folder.mkdir(parents=True, exist_ok=True)

    # The checkpoint first, then the dump: the dump holds the checkpointed event and the
    # event recording the checkpoint, so the restored chain can be checked against it.
    checkpoint = integrity.checkpoint_create()
    integrity.checkpoint_write(checkpoint, folder / CHECKPOINT)
    log_checkpoint(checkpoint)

    dump = folder / DUMPS[vendor]
    names = _dump_postgresql(dump) if vendor == "postgresql" else _dump_sqlite(dump)

    missing = []
    for name in names:
        source = media_root / name
        if not source.is_file():
            missing.append(name)
            continue
        copy = folder / EVIDENCE / name
        copy.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source, copy)

    files = {
        str(path.relative_to(folder)): {"size": path.stat().st_size, "sha256": sha256_of(path)}
        for path in sorted(folder.rglob("*"))
        if path.is_file() and path.name != MANIFEST
    }
    manifest = {
        "format": 1,
        "created_at": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "database": {"vendor": vendor, "dump": dump.name},
        "checkpoint": {"sequence": checkpoint.sequence, "hash": checkpoint.hash},
        "evidence_missing": missing,
        "files": files,
        "signature": _sign(files),
    }
    (folder / MANIFEST).write_text(json.dumps(manifest, indent=2) + "\n")
    return manifest


def verify_folder(folder: Path) -> dict:
    """The manifest of a backup whose every file is there, unchanged, and nothing else."""
    folder = Path(folder)
    try:
        manifest = json.loads((folder / MANIFEST).read_text())
        files = manifest["files"]
        signature = manifest["signature"]
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise BackupError(f"Cannot read {folder / MANIFEST}: {exc}") from exc
    if not hmac.compare_digest(_sign(files), str(signature)):
        raise BackupError(
            "The manifest's signature does not match: it was altered, or signed with another key."
        )
    present = {str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file() and p.name != MANIFEST}
    if present - set(files):
        raise BackupError(f"Files not in the manifest: {', '.join(sorted(present - set(files)))}")
    for name, expected in files.items():
        path = folder / name
        if not path.is_file():
            raise BackupError(f"{name} is missing from the backup.")
        if sha256_of(path) != expected["sha256"]:
            raise BackupError(f"{name} does not match its SHA-256 digest in the manifest: it was changed.")
    return manifest


def _postgresql_is_empty(settings_dict: dict) -> bool:
    import psycopg

    with psycopg.connect(
        dbname=settings_dict["NAME"],
        host=settings_dict.get("HOST") or None,
        port=settings_dict.get("PORT") or None,
        user=settings_dict.get("USER") or None,
        password=settings_dict.get("PASSWORD") or None,
        connect_timeout=10,
    ) as conn:
        count = conn.execute(
            "SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg_toast%%' "
            "AND c.relkind IN ('r', 'v', 'm', 'S', 'p')"
        ).fetchone()[0]
    return count == 0


def restore(folder: Path, *, database_url: str, media_root: Path, stdout=sys.stdout) -> str:
    """Restore a backup into an empty database and an empty evidence folder, then check the
    audit chain against the backup's checkpoint; returns verify_audit's report."""
    folder, media_root = Path(folder), Path(media_root)
    manifest = verify_folder(folder)
    target = dj_database_url.parse(database_url)
    vendor = (
        "postgresql" if "postgresql" in target["ENGINE"] else "sqlite" if "sqlite" in target["ENGINE"] else ""
    )
    if vendor != manifest["database"]["vendor"]:
        raise BackupError(
            f"This backup is of a {manifest['database']['vendor']} database; {database_url} is not one."
        )
    if media_root.exists() and any(p.is_file() for p in media_root.rglob("*")):
        raise BackupError(f"The evidence folder {media_root} is not empty: restore into an empty one.")
    dump = folder / manifest["database"]["dump"]
    if vendor == "sqlite":
        path = Path(target["NAME"])
        if path.exists() and path.stat().st_size > 0:
            raise BackupError(f"The database {path} is not empty: restore into a new one.")
        path.parent.mkdir(parents=True, exist_ok=True)
        source = sqlite3.connect(f"file:{dump}?mode=ro", uri=True)
        destination = sqlite3.connect(path)
        try:
            source.backup(destination)
        finally:
            source.close()
            destination.close()
    else:
        if not _postgresql_is_empty(target):
            raise BackupError(f"The database {target['NAME']} is not empty: restore into a new, empty one.")
        result = subprocess.run(  # noqa: S603 (no shell; the arguments are ours)
            [_tool("pg_restore"), "--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction",
             f"--dbname={target['NAME']}", str(dump)],
            env=_pg_env(target),
            capture_output=True,
            text=True,
        )  # fmt: skip
        if result.returncode != 0:
            raise BackupError(f"pg_restore failed: {result.stderr.strip()}")
    stdout.write(f"Database restored from {dump.name}.\n")

    evidence = folder / EVIDENCE
    copied = 0
    for source in sorted(evidence.rglob("*")) if evidence.exists() else []:
        if source.is_file():
            copy = media_root / source.relative_to(evidence)
            copy.parent.mkdir(parents=True, exist_ok=True, mode=0o750)
            shutil.copy2(source, copy)
            copied += 1
    stdout.write(f"{copied} evidence files restored into {media_root}.\n")

    # The restored database is checked by the project's own command, run against it.
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "PRIVATE_MEDIA_ROOT": str(media_root),
        "AUDIT_CHECKPOINT_KEY": settings.AUDIT_CHECKPOINT_KEY,
    }
    result = subprocess.run(  # noqa: S603 (no shell; the arguments are ours)
        [sys.executable, str(Path(settings.BASE_DIR) / "manage.py"), "verify_audit",
         "--checkpoint", str(folder / CHECKPOINT)],
        env=env,
        capture_output=True,
        text=True,
    )  # fmt: skip
    if result.returncode != 0:
        raise BackupError(
            f"The restored audit trail does not verify: {(result.stderr or result.stdout).strip()}"
        )
    return result.stdout.strip()
