"""The PDF render child: WeasyPrint in a process that holds nothing of the web worker.

reports.pdf starts each render from a fork server that imported this module (and WeasyPrint)
once, in a fresh interpreter: the child is a fork of that clean process, not of the web
worker, so it holds no client or listening socket and no database connection. It reads no
file and no URL itself: it asks its parent for each one (the parent alone decides what may be
read, reports.pdf.StaticOnlyFetcher). It writes its scratch files (the fonts WeasyPrint
unpacks) in the folder its parent gave it, and ends, removing that folder, when its parent
ends: a killed web worker leaves no render behind.

Nothing here imports Django.
"""

from __future__ import annotations

import contextlib
import logging
import multiprocessing
import multiprocessing.connection
import os
import resource
import shutil
import tempfile
import threading
from pathlib import Path

from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse


class ParentFetcher(URLFetcher):
    """Every URL WeasyPrint asks for is answered by the parent, or refused by it."""

    def __init__(self, connection):
        super().__init__(allowed_protocols=(), allow_redirects=False, timeout=1)
        self.connection = connection

    def fetch(self, url, headers=None):
        self.connection.send(("fetch", url))
        status, body, content_type = self.connection.recv()
        if status != "ok":
            raise ValueError(body)
        return URLFetcherResponse(url, body=body, headers={"Content-Type": content_type})


class _Collected(logging.Handler):
    """WeasyPrint's warnings, sent to the parent with the result (its logging is configured)."""

    def __init__(self):
        super().__init__(logging.WARNING)
        self.records: list[tuple[int, str]] = []

    def emit(self, record):
        if len(self.records) < 50:
            self.records.append((record.levelno, record.getMessage()[:500]))


def _end_with_parent(scratch: str) -> None:
    parent = multiprocessing.parent_process()
    if parent is None:
        return
    # The sentinel reads as ready when the parent has gone, however it went (even SIGKILL).
    multiprocessing.connection.wait([parent.sentinel])
    shutil.rmtree(scratch, ignore_errors=True)
    os._exit(1)


def render(connection, html: str, base_url: str, scratch: str, max_bytes: int) -> None:
    """Render the HTML and send ("ok", pdf, ...), ("too_large", size, ...) or ("error", why, ...)."""
    # Named in ps and top ("pdf-render"), so an operator can tell a render from a worker.
    with contextlib.suppress(OSError):
        Path("/proc/self/comm").write_text("pdf-render")
    threading.Thread(target=_end_with_parent, args=(scratch,), daemon=True, name="parent-watch").start()
    # WeasyPrint writes each font it loads to a temporary folder, removed only when its font
    # configuration is collected (never, in a process that ends with os._exit).
    tempfile.tempdir = scratch
    collected = _Collected()
    logger = logging.getLogger("weasyprint")
    logger.addHandler(collected)
    logger.propagate = False
    try:
        document = HTML(string=html, base_url=base_url, url_fetcher=ParentFetcher(connection))
        pdf = document.write_pdf(pdf_variant="pdf/ua-1", pdf_tags=True)
        result = ("too_large", len(pdf)) if len(pdf) > max_bytes else ("ok", pdf)
    except BaseException as exc:  # noqa: BLE001 - reported to the parent, not swallowed
        result = ("error", f"{type(exc).__name__}: {exc}")
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    try:
        connection.send((*result, collected.records, peak_kib))
    finally:
        connection.close()
