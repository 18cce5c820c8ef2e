"""Evidence files: what may be uploaded, checked by content as well as by name.

Only PDF, PNG, JPEG, DOCX, XLSX and CSV, at most 10 MB, never empty. A file renamed to
look like another kind is refused: its first bytes (or, for DOCX and XLSX, the parts inside
the ZIP) must match its extension.
"""

import hashlib
import zipfile
from dataclasses import dataclass
from pathlib import PurePath

from django.core.exceptions import ValidationError

MAX_BYTES = 10 * 1024 * 1024
ALLOWED_TEXT = "PDF, PNG, JPEG, DOCX, XLSX or CSV"

# extension -> (kind, content type)
EXTENSIONS = {
    ".pdf": ("pdf", "application/pdf"),
    ".png": ("png", "image/png"),
    ".jpg": ("jpeg", "image/jpeg"),
    ".jpeg": ("jpeg", "image/jpeg"),
    ".docx": ("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    ".xlsx": ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    ".csv": ("csv", "text/csv"),
}


@dataclass(frozen=True)
class CheckedFile:
    name: str
    content_type: str
    size: int
    sha256: str


def _read_all(uploaded) -> bytes:
    uploaded.seek(0)
    data = uploaded.read()
    uploaded.seek(0)
    return data


def _is_office(data: bytes, folder: str) -> bool:
    import io

    if not data.startswith(b"PK\x03\x04"):
        return False
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = archive.namelist()
    except (zipfile.BadZipFile, ValueError, OSError):
        return False
    return "[Content_Types].xml" in names and any(n.startswith(folder) for n in names)


def _is_csv(data: bytes) -> bool:
    if b"\x00" in data:
        return False
    try:
        data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return False
    return True


def _content_matches(kind: str, data: bytes) -> bool:
    if kind == "pdf":
        return data.startswith(b"%PDF-")
    if kind == "png":
        return data.startswith(b"\x89PNG\r\n\x1a\n")
    if kind == "jpeg":
        return data.startswith(b"\xff\xd8\xff")
    if kind == "docx":
        return _is_office(data, "word/")
    if kind == "xlsx":
        return _is_office(data, "xl/")
    if kind == "csv":
        return _is_csv(data)
    return False


def clean_name(name: str) -> str:
    """The file's own name without any folders, at most 200 characters."""
    base = PurePath(name.replace("\\", "/")).name.strip() or "evidence"
    if len(base) > 200:
        stem, dot, ext = base.rpartition(".")
        base = (stem[: 200 - len(ext) - 1] + dot + ext) if dot else base[:200]
    return base


def check_upload(uploaded) -> CheckedFile:
    """Refuse anything but an allowed kind whose content matches its name; return what was checked."""
    name = clean_name(getattr(uploaded, "name", "") or "")
    size = getattr(uploaded, "size", None)
    if size is not None and size > MAX_BYTES:
        raise ValidationError("The file must be 10 MB or smaller", code="too_large")
    if size == 0:
        raise ValidationError("The selected file is empty", code="empty")
    extension = PurePath(name).suffix.lower()
    if extension not in EXTENSIONS:
        raise ValidationError(f"The selected file must be a {ALLOWED_TEXT}", code="extension")
    data = _read_all(uploaded)
    if len(data) > MAX_BYTES:
        raise ValidationError("The file must be 10 MB or smaller", code="too_large")
    if not data:
        raise ValidationError("The selected file is empty", code="empty")
    kind, content_type = EXTENSIONS[extension]
    if not _content_matches(kind, data):
        raise ValidationError(
            f"The selected file is not a real {kind.upper()} file: its content does not match its name. "
            f"Upload a {ALLOWED_TEXT}",
            code="content",
        )
    return CheckedFile(
        name=name, content_type=content_type, size=len(data), sha256=hashlib.sha256(data).hexdigest()
    )
