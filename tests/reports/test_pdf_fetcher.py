"""The renderer fetches nothing but the project's static files and data: URLs."""

import io
import socket
import tempfile

import pypdf
import pytest

from reports import pdf, plan_pdf, rendering
from tests import factories

HOSTILE = (
    '<img src="http://169.254.169.254/latest/meta-data/">'
    '<link rel="stylesheet" href="file:///etc/passwd">'
    "<style>body { background: url(https://evil.example/x.png) }</style>"
    '<div style="background:url(/static/../../../../etc/passwd)">x</div>'
    '<iframe src="ftp://evil.example/"></iframe>'
)


@pytest.fixture
def no_network(monkeypatch):
    """Refuses every network connection; a Unix socket (the render child's fork server) is local."""
    attempts = []

    def refusing(original):
        def refuse(self, address, *args, **kwargs):
            if self.family == socket.AF_UNIX:
                return original(self, address, *args, **kwargs)
            attempts.append(address)
            raise OSError("network is not allowed in this test")

        return refuse

    monkeypatch.setattr(socket.socket, "connect", refusing(socket.socket.connect))
    monkeypatch.setattr(socket.socket, "connect_ex", refusing(socket.socket.connect_ex))
    return attempts


def test_it_fetches_only_static_files_for_a_plan_full_of_url_markup(world, no_network):
    plan = factories.make_plan(
        owner=world.users["owner"],
        title=HOSTILE[:200],
        problem_statement=HOSTILE,
        hypothesis="url(file:///etc/shadow) @import 'http://evil.example/a.css';",
    )
    fetcher = pdf.StaticOnlyFetcher()
    data = plan_pdf.plan_report_pdf(
        plan=plan, user=world.users["owner"], partner_version=False, url_fetcher=fetcher
    )
    assert fetcher.requested, "the stylesheet and fonts are fetched through the fetcher"
    static = pdf.INTERNAL_BASE_URL + "static/"
    assert all(url.startswith(static) or url.startswith("data:") for url in fetcher.requested), (
        fetcher.requested
    )
    assert fetcher.refused == []
    assert no_network == []
    text = "".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(data)).pages)
    # The markup is shown as text, not obeyed.
    assert "169.254.169.254" in text
    assert "file:///etc/passwd" in text.replace("\n", "")


def test_it_refuses_everything_outside_the_static_files():
    fetcher = pdf.StaticOnlyFetcher()
    base = pdf.INTERNAL_BASE_URL
    for url in [
        "http://169.254.169.254/",
        "https://evil.example/static/reports/pdf.css",
        "file:///etc/passwd",
        "ftp://evil.example/",
        base + "etc/passwd",
        base + "static/../../etc/passwd",
        base + "static/%2e%2e/%2e%2e/etc/passwd",
        base + "static/reports/../../config/settings.py",
        base + "static//etc/passwd",
        base + "static/reports/pdf.css?x=1",
        base + "static/no-such-file.css",
    ]:
        with pytest.raises(ValueError):
            fetcher.fetch(url)
    assert len(fetcher.refused) == 11


def test_it_serves_static_files_and_data_urls():
    fetcher = pdf.StaticOnlyFetcher()
    css = fetcher.fetch(pdf.INTERNAL_BASE_URL + "static/reports/pdf.css")
    assert b"@page" in css.read()
    assert css.content_type == "text/css"
    data = fetcher.fetch("data:text/plain;base64,aGVsbG8=")
    assert data.read() == b"hello"
    assert fetcher.refused == []


def test_it_escapes_user_text_in_the_html(world):
    plan = factories.make_plan(owner=world.users["owner"], problem_statement=HOSTILE)
    context = plan_pdf.plan_report_context(plan=plan, user=world.users["owner"], partner_version=False)
    html = pdf.render_html(template="reports/pdf/plan_report.html", context=context, title="t")
    assert "<img src=" not in html
    assert "&lt;img src=&quot;http://169.254.169.254/" in html


def test_it_stops_a_render_that_takes_too_long_and_logs_it_without_the_title(world, caplog):
    with (
        caplog.at_level("WARNING", logger="reports.pdf"),
        pytest.raises(pdf.RenderTimeout, match="longer than"),
    ):
        plan_pdf.plan_report_pdf(
            plan=world.plan, user=world.users["owner"], partner_version=False, timeout=0.01
        )
    assert "PDF render of reports/pdf/plan_report.html stopped after 0.01 seconds" in caplog.text
    assert world.plan.title not in caplog.text  # titles are typed by users


@pytest.mark.parametrize("timeout", [30, 0.01], ids=["finished", "killed"])
def test_a_render_leaves_no_temporary_files(world, tmp_path, monkeypatch, settings, timeout):
    # WeasyPrint writes each loaded font to a temporary folder; a child that ends without
    # collecting it (os._exit, or killed at the time limit) used to leave one in /tmp per PDF.
    settings.TEMP_DIR = tmp_path / "service-tmp"
    context = plan_pdf.plan_report_context(plan=world.plan, user=world.users["owner"], partner_version=False)
    html = pdf.render_html(template="reports/pdf/plan_report.html", context=context, title="t")
    system_tmp = tmp_path / "system-tmp"
    system_tmp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(system_tmp))
    fetcher = pdf.StaticOnlyFetcher()
    options = {"html": html, "base_url": pdf.INTERNAL_BASE_URL, "fetcher": fetcher, "max_bytes": 10**8}
    if timeout < 1:
        with pytest.raises(pdf.RenderTimeout):
            rendering.render_in_child(**options, timeout=timeout)
    else:
        status, data = rendering.render_in_child(**options, timeout=timeout)
        assert status == "ok" and data.startswith(b"%PDF")
        assert any(url.endswith(".woff") for url in fetcher.requested), "fonts were loaded"
    assert list(system_tmp.iterdir()) == []
    assert list((settings.TEMP_DIR / "pdf").glob("render-*")) == []


def test_it_refuses_html_over_the_size_limit(world, monkeypatch):
    monkeypatch.setattr(pdf, "MAX_HTML_CHARS", 1000)
    with pytest.raises(pdf.RenderTooLarge):
        plan_pdf.plan_report_pdf(plan=world.plan, user=world.users["owner"], partner_version=False)


def test_it_refuses_a_pdf_over_the_size_limit(world, monkeypatch, caplog):
    monkeypatch.setattr(pdf, "MAX_PDF_BYTES", 1000)
    with caplog.at_level("WARNING", logger="reports.pdf"), pytest.raises(pdf.RenderTooLarge):
        plan_pdf.plan_report_pdf(plan=world.plan, user=world.users["owner"], partner_version=False)
    assert "PDF render of reports/pdf/plan_report.html refused:" in caplog.text


def test_a_renderer_fault_is_told_in_plain_words_and_its_detail_logged(world, monkeypatch, caplog):
    """The renderer's own message may name files or code: the log gets it, the page does not."""

    def broken(**options):
        return "error", "ValueError: kaboom in /srv/app/weasyprint/layout.py"

    monkeypatch.setattr(rendering, "render_in_child", broken)
    with caplog.at_level("ERROR", logger="reports.pdf"), pytest.raises(pdf.RenderError) as failure:
        plan_pdf.plan_report_pdf(plan=world.plan, user=world.users["owner"], partner_version=False)
    assert "kaboom" not in str(failure.value) and "/srv/" not in str(failure.value)
    assert "fault in the service" in str(failure.value)
    assert "kaboom in /srv/app/weasyprint/layout.py" in caplog.text
    assert world.plan.title not in caplog.text
