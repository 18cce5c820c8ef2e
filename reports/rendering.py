"""Running a PDF render in a child process: a clean one, a few at a time, never left behind.

Each render is a child of a fork server (multiprocessing's "forkserver": a fresh interpreter
that imported WeasyPrint and rendered a page once, reports.pdf_warm), so it starts warm and
inherits nothing of the web worker: no client or listening socket, no database connection.
The web worker answers the child's
requests for files through `fetcher`, kills it at the time limit, and removes its scratch
folder whatever happens; when the web worker itself is killed the child sees it go, removes
its folder and ends (reports.pdf_child).

At most PDF_RENDER_CONCURRENCY renders run at once on a server, across all its workers: a
render takes a slot (an advisory lock on a file in the render folder, which the kernel lets
go when its holder dies); the next waits up to PDF_RENDER_QUEUE_SECONDS (by default not at
all: a waiting export holds its app server worker), then is told to try again (RenderBusy).
"""

from __future__ import annotations

import contextlib
import fcntl
import logging
import multiprocessing
import multiprocessing.forkserver
import os
import random
import re
import shutil
import socket
import tempfile
import time
from pathlib import Path

from django.conf import settings

logger = logging.getLogger("reports.pdf")

# The largest render child this process has run, in KiB (for the benchmark's memory figure).
peak_child_kib = 0


class RenderError(Exception):
    """The PDF could not be made; the message says why in words a user can act on."""


class RenderTimeout(RenderError):
    pass


class RenderTooLarge(RenderError):
    pass


class RenderBusy(RenderError):
    """Every render slot stayed taken for as long as a render may wait."""


def _context():
    if "forkserver" in multiprocessing.get_all_start_methods():
        context = multiprocessing.get_context("forkserver")
        # The fork server imports the child's module and warms WeasyPrint up once; "__main__"
        # as multiprocessing does by default, so a child does not import the main script
        # again. (A script that renders PDFs guards its main code, as multiprocessing asks.)
        context.set_forkserver_preload(["__main__", "reports.pdf_warm"])
        return context
    return multiprocessing.get_context("spawn")


def start_renderer() -> None:
    """Start the fork server now (a worker's first PDF would otherwise wait for it)."""
    if _context().get_start_method() == "forkserver":
        multiprocessing.forkserver.ensure_running()


def render_folder() -> Path:
    """Where renders keep their scratch folders and slot locks: private to the service's user."""
    folder = Path(settings.TEMP_DIR) / "pdf"
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    return folder


_HOST = re.sub(r"[^A-Za-z0-9.-]", "_", socket.gethostname())[:60] or "host"


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def sweep_scratch(folder: Path) -> int:
    """Remove scratch folders whose render is gone with its web worker (both killed at once)."""
    removed = 0
    pattern = re.compile(rf"^render-{re.escape(_HOST)}-(\d+)-")
    for entry in folder.iterdir():
        match = pattern.match(entry.name)
        if match and not _pid_alive(int(match.group(1))):
            shutil.rmtree(entry, ignore_errors=True)
            removed += 1
    return removed


@contextlib.contextmanager
def render_slot(*, wait: float):
    """Hold one of the server's PDF_RENDER_CONCURRENCY render slots, waiting at most `wait` seconds."""
    folder = render_folder()
    slots = max(1, int(settings.PDF_RENDER_CONCURRENCY))
    deadline = time.monotonic() + wait
    while True:
        for number in random.sample(range(slots), slots):
            fd = os.open(folder / f"slot-{number}.lock", os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                os.close(fd)
                continue
            try:
                yield number
            finally:
                os.close(fd)  # lets the lock go
            return
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            waited = f" within {wait:g} seconds" if wait > 0 else ""
            raise RenderBusy(
                f"Other reports are being made at the moment and this one could not start{waited}. "
                "Nothing was exported or recorded. Try again in a minute."
            )
        time.sleep(min(remaining, 0.05 + random.random() * 0.1))


def _answer(fetcher, url: str) -> tuple[str, object, str]:
    try:
        response = fetcher.fetch(url)
        try:
            body = response.read()
        finally:
            response.close()
    except Exception as exc:  # noqa: BLE001 - the fetcher refused: the child is told why
        return "refused", f"{type(exc).__name__}: {exc}"[:300], ""
    return "ok", body, response.headers.get("Content-Type", "application/octet-stream")


def render_in_child(*, html: str, base_url: str, fetcher, timeout: float, max_bytes: int):
    """("ok", pdf bytes) or ("too_large", size) or ("error", why), from a child of the fork server.

    Raises RenderTimeout past `timeout` seconds (the child is killed), RenderError when the
    child ended without an answer. The scratch folder goes whatever happens.
    """
    from . import pdf_child

    context = _context()
    folder = render_folder()
    sweep_scratch(folder)
    scratch = tempfile.mkdtemp(prefix=f"render-{_HOST}-{os.getpid()}-", dir=folder)
    deadline = time.monotonic() + timeout
    ours, theirs = context.Pipe(duplex=True)
    process = context.Process(
        target=pdf_child.render,
        args=(theirs, html, base_url, scratch, max_bytes),
        daemon=True,
        name="pdf-render",
    )
    try:
        process.start()
        theirs.close()
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0 or not ours.poll(remaining):
                raise RenderTimeout(
                    f"The report took longer than {timeout:g} seconds to make and was stopped."
                )
            message = ours.recv()
            if message[0] == "fetch":
                ours.send(_answer(fetcher, message[1]))
                continue
            status, payload, records, peak_kib = message
            break
    except (EOFError, ConnectionError) as exc:
        raise RenderError("The report renderer stopped unexpectedly.") from exc
    finally:
        ours.close()
        theirs.close()
        if process.pid is not None:
            if process.is_alive():
                process.kill()
            process.join(5)
            if process.exitcode is None:
                logger.error("PDF render child %s did not end when killed", process.pid)
        shutil.rmtree(scratch, ignore_errors=True)
    for level, text in records:
        logging.getLogger("weasyprint").log(level, "%s", text)
    global peak_child_kib
    peak_child_kib = max(peak_child_kib, peak_kib)
    return status, payload
