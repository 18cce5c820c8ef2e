"""Evidence files and their rows compared (`manage.py check_storage`), and orphans removed."""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction

from audit.services import log_event

from .models import Attachment
from .storage import STAGING, final_name_of, staging_name

logger = logging.getLogger(__name__)

# A staging file younger than this may belong to an upload whose transaction is still open.
STAGING_GRACE_SECONDS = 15 * 60


@dataclass
class StorageReport:
    orphans: list[str] = field(default_factory=list)  # files no row holds
    missing: list[tuple[int, str]] = field(default_factory=list)  # rows whose file is gone
    unmoved: list[str] = field(default_factory=list)  # committed rows' files still staged
    in_flight: list[str] = field(default_factory=list)  # recent staging files, left alone


def storage_report() -> StorageReport:
    """Every file in private storage against every evidence row (an administrator's read)."""
    storage = Attachment._meta.get_field("file").storage
    root = Path(storage.location)
    on_disk = {
        path.relative_to(root).as_posix(): path
        for path in (root.rglob("*") if root.exists() else [])
        if path.is_file()
    }
    rows = dict(Attachment.objects.values_list("file", "pk").iterator())
    report = StorageReport()
    now = time.time()
    for name, path in sorted(on_disk.items()):
        if name.startswith(f"{STAGING}/"):
            final = final_name_of(name)
            if final in rows:
                if final not in on_disk:
                    report.unmoved.append(final)
                else:
                    report.orphans.append(name)  # a copy of a file already in place
            elif now - path.stat().st_mtime < STAGING_GRACE_SECONDS:
                report.in_flight.append(name)
            else:
                report.orphans.append(name)
        elif name not in rows:
            report.orphans.append(name)
    for name, pk in sorted(rows.items(), key=lambda item: item[1]):
        if name not in on_disk and staging_name(name) not in on_disk:
            report.missing.append((pk, name))
    return report


def storage_orphans_remove(*, names: list[str]) -> int:
    """Remove files no evidence row holds (run by an administrator from the shell); audited.

    The names are the storage's random ones: the event names no person. A name a row holds
    (added since the report) is kept.
    """
    storage = Attachment._meta.get_field("file").storage
    held = set(
        Attachment.objects.filter(file__in=[*names, *map(final_name_of, names)]).values_list(
            "file", flat=True
        )
    )
    names = [name for name in names if name not in held and final_name_of(name) not in held]
    if not names:
        return 0
    with transaction.atomic():
        log_event(
            action="storage.orphans_remove", changes={"files": [names, None]}, reason="check_storage --remove"
        )

        def remove():
            for name in names:
                try:
                    Path(storage.location, name).unlink(missing_ok=True)
                except OSError as exc:
                    logger.error("Orphan file %s could not be removed: %s", name, type(exc).__name__)

        transaction.on_commit(remove)
    return len(names)


def storage_unmoved_promote(*, names: list[str]) -> int:
    """Move committed rows' files still under their staging names to their final ones."""
    storage = Attachment._meta.get_field("file").storage
    return sum(1 for name in names if storage.promote(name))
