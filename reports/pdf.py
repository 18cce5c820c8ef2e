"""Rendering HTML templates to PDF with WeasyPrint, safely.

The renderer may read only the project's own static files and `data:` URLs: whatever a
user typed (`<img src="http://169.254.169.254/">`, `file:///etc/passwd`, CSS `url()`) is
escaped by the template, and even markup that reached WeasyPrint could fetch nothing else.
Each render runs in a child process that holds nothing of the web worker, a few at a time,
with a time limit (reports.rendering), and both the HTML going in and the PDF coming out have
a size limit.
"""

from __future__ import annotations

import logging
import mimetypes
import posixpath
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import timezone
from weasyprint.urls import URLFetcher, URLFetcherResponse

from . import rendering
from .rendering import RenderBusy, RenderError, RenderTimeout, RenderTooLarge

# A base URL that can never resolve: template links like /static/reports/pdf.css become
# http://pdf.invalid/static/reports/pdf.css, which only our fetcher understands.
INTERNAL_BASE_URL = "http://pdf.invalid/"
RENDER_TIMEOUT_SECONDS = float(settings.PDF_RENDER_TIMEOUT)
MAX_HTML_CHARS = int(getattr(settings, "PDF_MAX_HTML_CHARS", 4_000_000))
MAX_PDF_BYTES = int(getattr(settings, "PDF_MAX_BYTES", 25 * 1024 * 1024))
MAX_STATIC_BYTES = 5 * 1024 * 1024

logger = logging.getLogger(__name__)


class RefusedURL(ValueError):
    """A URL outside the project's static files (WeasyPrint logs it and carries on)."""


def _static_roots() -> list[Path]:
    roots = []
    for finder in finders.get_finders():
        for storage in getattr(finder, "storages", {}).values():
            location = getattr(storage, "location", None)
            if location:
                roots.append(Path(location).resolve())
    if settings.STATIC_ROOT:
        roots.append(Path(settings.STATIC_ROOT).resolve())
    return roots


def serves_collected_files() -> bool:
    """Whether pages link the files collectstatic gathered (a manifest storage, as in production)."""
    from django.contrib.staticfiles.storage import ManifestFilesMixin, staticfiles_storage

    return isinstance(staticfiles_storage, ManifestFilesMixin)


def static_file_for(url: str, base_url: str = INTERNAL_BASE_URL) -> Path:
    """The file a static URL names, or RefusedURL when it is anything else."""
    if not url.startswith(base_url):
        raise RefusedURL(f"Not a static file of this project: {url[:200]}")
    parts = urlsplit(url)
    if parts.query or parts.fragment:
        raise RefusedURL(f"Static URL with a query: {url[:200]}")
    static_prefix = urlsplit(base_url).path.rstrip("/") + "/" + settings.STATIC_URL.strip("/") + "/"
    path = unquote(parts.path)
    if not path.startswith(static_prefix):
        raise RefusedURL(f"Not under {settings.STATIC_URL}: {url[:200]}")
    relative = path[len(static_prefix) :]
    if not relative or "\\" in relative or "\x00" in relative:
        raise RefusedURL(f"Bad static path: {url[:200]}")
    normalised = posixpath.normpath(relative)
    if normalised.startswith(("/", "..")) or normalised != relative:
        raise RefusedURL(f"Static path leaves the static folder: {url[:200]}")
    if serves_collected_files():
        # Production links the collected files by their hashed names and serves them from
        # STATIC_ROOT (whitenoise): read the same files, never the sources beside them.
        root = Path(settings.STATIC_ROOT).resolve()
        resolved = (root / normalised).resolve()
        roots = [root]
    else:
        found = finders.find(normalised)
        if not found:
            raise RefusedURL(f"No such static file: {url[:200]}")
        if isinstance(found, list):
            found = found[0]
        resolved = Path(found).resolve()
        roots = _static_roots()
    if not any(resolved.is_relative_to(root) for root in roots):
        raise RefusedURL(f"Static file resolves outside the static folders: {url[:200]}")
    if not resolved.is_file() or resolved.stat().st_size > MAX_STATIC_BYTES:
        raise RefusedURL(f"Static file missing or too large: {url[:200]}")
    return resolved


class StaticOnlyFetcher(URLFetcher):
    """WeasyPrint URL fetcher that serves our static files and `data:` URLs, nothing else.

    It runs in the web worker: the render child asks it for every URL (reports.pdf_child).
    `requested` lists every URL WeasyPrint asked for, `refused` those it was denied.
    """

    def __init__(self, base_url: str = INTERNAL_BASE_URL):
        super().__init__(allowed_protocols=("data",), allow_redirects=False, timeout=1)
        self.base_url = base_url
        self.requested: list[str] = []
        self.refused: list[str] = []

    def fetch(self, url, headers=None):
        self.requested.append(url)
        try:
            if url[:5].lower() == "data:":
                # urllib's DataHandler decodes in memory; only `data` is an allowed protocol.
                return super().fetch(url, headers)
            path = static_file_for(url, self.base_url)
        except Exception:
            self.refused.append(url)
            raise
        content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        if path.suffix == ".woff":
            content_type = "font/woff"
        return URLFetcherResponse(url, body=path.read_bytes(), headers={"Content-Type": content_type})


def render_html(*, template: str, context: dict, title: str, lang: str = "en-GB") -> str:
    """The HTML the PDF is made from (autoescaped; user text is never marked safe)."""
    html = render_to_string(
        template,
        {
            **context,
            "document_title": title,
            "document_lang": lang,
            "protective_marking": settings.PROTECTIVE_MARKING,
            "service_name": getattr(settings, "SERVICE_NAME", ""),
            "generated_at": context.get("generated_at") or timezone.localtime(),
        },
    )
    if len(html) > MAX_HTML_CHARS:
        raise RenderTooLarge(
            f"The report would be {len(html):,} characters long, over the limit of {MAX_HTML_CHARS:,}."
        )
    return html


def render_pdf(
    *,
    template: str,
    context: dict,
    title: str,
    lang: str = "en-GB",
    base_url: str = INTERNAL_BASE_URL,
    url_fetcher: StaticOnlyFetcher | None = None,
    timeout: float | None = None,
) -> bytes:
    """A tagged PDF/UA-1 of the template, fetching only our static files, within the limits."""
    html = render_html(template=template, context=context, title=title, lang=lang)
    fetcher = url_fetcher or StaticOnlyFetcher(base_url)
    timeout = RENDER_TIMEOUT_SECONDS if timeout is None else timeout
    # The log names the template, not the title: titles are typed by users.
    try:
        with rendering.render_slot(wait=float(settings.PDF_RENDER_QUEUE_SECONDS)):
            status, payload = rendering.render_in_child(
                html=html, base_url=base_url, fetcher=fetcher, timeout=timeout, max_bytes=MAX_PDF_BYTES
            )
    except RenderBusy:
        logger.warning("PDF render of %s refused: every render slot stayed taken", template)
        raise
    except RenderTimeout:
        logger.warning(
            "PDF render of %s stopped after %g seconds (%s characters of HTML)",
            template,
            timeout,
            f"{len(html):,}",
        )
        raise
    if fetcher.refused:
        logger.warning("PDF render of %s: %s URL(s) refused", template, len(fetcher.refused))
    if status == "too_large":
        logger.warning("PDF render of %s refused: %s bytes, over the limit", template, f"{payload:,}")
        raise RenderTooLarge(f"The PDF would be {payload:,} bytes, over the limit of {MAX_PDF_BYTES:,}.")
    if status != "ok":
        # The renderer's own words (which may name files or code) go to the log, not the page.
        logger.error("PDF render of %s failed: %s", template, payload)
        raise RenderError(
            "The report could not be made because of a fault in the service, not anything you "
            "entered. Nothing was exported or recorded. Try again; if it happens again, tell an "
            "administrator the time it happened."
        )
    return payload
