"""The programme PDF carries the programme page's statement, tables and charts for its period."""

import io

import pypdf

from reports import pdf, programme_pdf
from tests.reports import programme_story as story


def test_the_programme_report_has_the_statement_tables_and_charts(
    world, police_org, pastors_org, wardens_org, bid_org
):
    story.build(world, police_org, pastors_org, wardens_org, bid_org)
    context = programme_pdf.programme_report_context(
        user=world.users["manager"], start=story.START, end=story.END
    )
    summary = context["summary"]
    assert len(summary["charts"]) == 3
    assert all(chart["src"].startswith("data:image/svg+xml;base64,") for chart in summary["charts"])
    fetcher = pdf.StaticOnlyFetcher()
    data = programme_pdf.programme_report_pdf(
        user=world.users["manager"], start=story.START, end=story.END, url_fetcher=fetcher
    )
    text = " ".join(" ".join(page.extract_text().split()) for page in pypdf.PdfReader(io.BytesIO(data)).pages)
    assert (
        "Violence, robbery and weapons (police.uk: Violence and sexual offences, Robbery, Possession of weapons) within hotspots fell 20.0% compared with the same period last year"
        in text
    )
    assert "Patrols in hotspots, 2026/27 Q2 (1 July 2026 to 30 September 2026)" in text
    assert "Police 14 16 17 24 3 1 2" in text
    assert "Partners 10 11.3 28.6 20 0 0 0" in text
    assert fetcher.refused == []
