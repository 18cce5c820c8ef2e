"""Real and fake evidence files for the upload tests."""

import io
import zipfile

from django.core.files.uploadedfile import SimpleUploadedFile

from tests.factories import PDF_BYTES

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 32


def office(folder: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(f"{folder}document.xml", "<doc/>")
    return buffer.getvalue()


def upload(name: str, data: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data)


GOOD = {
    "log.pdf": PDF_BYTES,
    "photo.png": PNG,
    "photo.jpg": JPEG,
    "photo.jpeg": JPEG,
    "notes.docx": office("word/"),
    "figures.xlsx": office("xl/"),
    "visits.csv": "date,visits\n2026-11-01,4\nRésumé,1\n".encode(),
}

BAD = {
    "renamed program": ("report.pdf", b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 64),
    "html as png": ("photo.png", b"<html><script>alert(1)</script></html>"),
    "spreadsheet named docx": ("notes.docx", office("xl/")),
    "zip named xlsx": ("figures.xlsx", b"PK\x03\x04not really a zip"),
    "binary csv": ("visits.csv", b"a,b\n\x00\x01\x02"),
    "latin-1 csv": ("visits.csv", "caf\xe9".encode("latin-1")),
    "executable": ("run.exe", b"MZ\x90\x00"),
    "svg": ("logo.svg", b"<svg xmlns='http://www.w3.org/2000/svg'/>"),
    "no extension": ("evidence", PDF_BYTES),
}
