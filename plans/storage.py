"""Private storage for evidence: a file becomes permanent only when its row is committed.

An upload is written under a staging name (staging/<its final name, slashes as "__">) and
moved to its final name when the transaction that saved its row commits; when the service
fails, the staging file is removed. A worker killed before the commit leaves a staging file
with no row, which check_storage lists and removes; killed between the commit and the move,
the row's file is still read from its staging name, and check_storage moves it into place.
"""

from __future__ import annotations

import os
import secrets
import time
from pathlib import Path

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.utils import timezone

STAGING = "staging"


def staging_name(name: str) -> str:
    return f"{STAGING}/{name.replace('/', '__')}"


def final_name_of(staged: str) -> str:
    return staged.removeprefix(f"{STAGING}/").replace("__", "/")


class PrivateStorage(FileSystemStorage):
    """Evidence outside the web root; a committed row's file is read from its staging name
    until it has been moved to its final one."""

    def _present(self, name: str) -> str:
        if not super().exists(name) and super().exists(staging_name(name)):
            return staging_name(name)
        return name

    def open(self, name, mode="rb"):
        return super().open(self._present(name), mode)

    def size(self, name):
        return super().size(self._present(name))

    def exists(self, name):
        return super().exists(name) or super().exists(staging_name(name))

    def delete(self, name):
        super().delete(staging_name(name))
        super().delete(name)

    def stage(self, name: str, content) -> str:
        """Write the content under the staging name of `name`; the staging name written."""
        return self.save(staging_name(name), content)

    def promote(self, name: str) -> bool:
        """Move a staged file to its final name (once its row is committed)."""
        source = Path(super().path(staging_name(name)))
        if not source.exists():
            return False
        target = Path(super().path(name))
        target.parent.mkdir(
            parents=True, exist_ok=True, mode=settings.FILE_UPLOAD_DIRECTORY_PERMISSIONS or 0o750
        )
        os.replace(source, target)
        return True


def private_storage():
    return PrivateStorage(location=settings.PRIVATE_MEDIA_ROOT)


def new_evidence_name(sha256: str, extension: str) -> str:
    """A final name no other file has: the month's folder, the content's digest, a random part."""
    now = timezone.now()
    return f"evidence/{now:%Y}/{now:%m}/{sha256[:16]}-{secrets.token_hex(4)}.{extension}"


def upload_temp_dir() -> Path:
    """Where uploads past the in-memory size wait while the request runs (FILE_UPLOAD_TEMP_DIR)."""
    folder = Path(settings.FILE_UPLOAD_TEMP_DIR)
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    return folder


def clean_upload_temp_dir(*, older_than: float) -> int:
    """Remove temporary uploads older than `older_than` seconds (0 at app server start, when no
    request is running: each leftover is from a worker that was killed)."""
    removed = 0
    cutoff = time.time() - older_than
    for entry in upload_temp_dir().iterdir():
        try:
            if entry.is_file() and entry.stat().st_mtime <= cutoff:
                entry.unlink()
                removed += 1
        except FileNotFoundError:
            continue
    return removed
