"""The plan report under the production settings, after collectstatic: the stylesheet, the
fonts and the page furniture come from the collected files, hashed names and all."""

import importlib
import io
import re
import sys

import pikepdf
import pypdf
import pytest
from django.core.management import call_command
from django.test import override_settings

from reports import pdf, plan_pdf


@pytest.fixture(scope="module")
def production_static(tmp_path_factory):
    """The production settings' static storage, collected into a folder of its own.

    Without the admin's, the API's and the API docs' files (30 MB the PDF never reads, and two
    thirds of collectstatic's time): `make check-deploy` collects the whole tree."""
    env = {"SECRET_KEY": "x" * 60, "ALLOWED_HOSTS": "plans.example.org"}
    with pytest.MonkeyPatch.context() as patch:
        for name, value in env.items():
            patch.setenv(name, value)
        production = importlib.import_module("config.production")
    sys.modules.pop("config.production")
    root = tmp_path_factory.mktemp("staticfiles")
    with override_settings(STATIC_ROOT=str(root), STORAGES=production.STORAGES, DEBUG=False):
        call_command(
            "collectstatic",
            interactive=False,
            verbosity=0,
            ignore_patterns=["admin", "rest_framework", "drf_spectacular_sidecar"],
        )
        yield root


def text_of(data: bytes) -> list[str]:
    return [page.extract_text() for page in pypdf.PdfReader(io.BytesIO(data)).pages]


def embedded_fonts(data: bytes) -> set[str]:
    names = set()
    with pikepdf.open(io.BytesIO(data)) as doc:
        for page in doc.pages:
            for font in page.Resources.get("/Font", {}).values():
                descendants = font.get("/DescendantFonts") or [font]
                for part in descendants:
                    descriptor = part.get("/FontDescriptor")
                    if descriptor is not None and any(
                        key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3")
                    ):
                        names.add(str(font.BaseFont).split("+")[-1])
    return names


def test_the_plan_report_has_its_marking_page_numbers_and_fonts_after_collectstatic(
    world, production_static, settings
):
    fetcher = pdf.StaticOnlyFetcher()
    data = plan_pdf.plan_report_pdf(
        plan=world.plan, user=world.users["owner"], partner_version=False, url_fetcher=fetcher
    )
    assert fetcher.refused == []
    # What production links: the stylesheet and its fonts by their hashed names.
    hashed = re.compile(r"\.[0-9a-f]{12}\.(css|woff)$")
    assert any(url.endswith(".css") and hashed.search(url) for url in fetcher.requested), fetcher.requested
    assert any(url.endswith(".woff") and hashed.search(url) for url in fetcher.requested), fetcher.requested

    pages = text_of(data)
    for number, page in enumerate(pages, start=1):
        assert settings.PROTECTIVE_MARKING in page, number
        assert world.plan.reference in page, number
        assert f"Page {number} of {len(pages)}" in page
    assert embedded_fonts(data) >= {"Atkinson-Hyperlegible", "Atkinson-Hyperlegible-Bold"}


def test_it_reads_the_collected_files_not_the_sources(production_static):
    """Production serves STATIC_ROOT: a file only in the source folders is not fetched."""
    fetcher = pdf.StaticOnlyFetcher()
    collected = next((production_static / "reports").glob("pdf.*.css"))
    response = fetcher.fetch(pdf.INTERNAL_BASE_URL + f"static/reports/{collected.name}")
    assert response.read() == collected.read_bytes()
    collected.rename(collected.with_suffix(".moved"))
    try:
        with pytest.raises(ValueError):
            fetcher.fetch(pdf.INTERNAL_BASE_URL + f"static/reports/{collected.name}")
    finally:
        collected.with_suffix(".moved").rename(collected)
    with pytest.raises(ValueError):
        fetcher.fetch(pdf.INTERNAL_BASE_URL + "static/../staticfiles.json")
