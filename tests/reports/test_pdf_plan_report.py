"""The plan report PDF: every section, the marking, page numbers, tagging, the partner version."""

import io

import pikepdf
import pypdf
import pytest

from reports import plan_pdf
from tests import factories

HEADINGS = [
    "Scan",
    "Analyse",
    "Objectives",
    "Respond",
    "Patrol dosage",
    "Assess",
    "Area figures",
    "Outcome verdict and sign-off",
    "Comments",
    "Audit timeline",
]


def text_of(data: bytes) -> list[str]:
    return [page.extract_text() for page in pypdf.PdfReader(io.BytesIO(data)).pages]


@pytest.fixture
def officer_pdf(world):
    return plan_pdf.plan_report_pdf(plan=world.plan, user=world.users["owner"], partner_version=False)


def test_it_has_every_section_reference_marking_and_page_numbers(world, officer_pdf, settings):
    pages = text_of(officer_pdf)
    text = "\n".join(pages)
    for heading in HEADINGS:
        assert heading in text
    assert world.plan.reference in text
    assert settings.PROTECTIVE_MARKING in pages[0]
    assert settings.PROTECTIVE_MARKING in pages[-1]
    assert world.plan.reference in pages[-1]
    assert "Page 1 of" in pages[0]
    assert f"Page {len(pages)} of {len(pages)}" in pages[-1]
    assert "Generated" in pages[-1]


def test_it_shows_the_police_only_values_to_police(officer_pdf):
    text = "\n".join(text_of(officer_pdf))
    assert "POLICE-ONLY-VICTIM" in text
    assert "POLICE-ONLY-COMMENT" in text


def test_it_is_a_tagged_pdf_with_language_and_title(world, officer_pdf):
    with pikepdf.open(io.BytesIO(officer_pdf)) as doc:
        assert doc.Root.MarkInfo.Marked is True
        assert "/StructTreeRoot" in doc.Root
        assert str(doc.Root.Lang) == "en-GB"
        assert world.plan.reference in str(doc.docinfo.Title)
        assert doc.Root.ViewerPreferences.DisplayDocTitle is True


def test_it_uses_the_projects_own_font(officer_pdf):
    with pikepdf.open(io.BytesIO(officer_pdf)) as doc:
        fonts = {
            str(font.BaseFont) for page in doc.pages for font in page.Resources.get("/Font", {}).values()
        }
    assert any("Atkinson" in name for name in fonts), fonts


def _fonts_holding(data: bytes, character: str) -> set[str]:
    """The PDF's fonts whose glyph-to-text map holds this character: those that drew it."""
    code = f"<{ord(character):04X}>".encode()
    found = set()
    with pikepdf.open(io.BytesIO(data)) as doc:
        for page in doc.pages:
            for font in page.Resources.get("/Font", {}).values():
                cmap = font.get("/ToUnicode")
                if cmap is not None and code in cmap.read_bytes().upper():
                    found.add(str(font.BaseFont).split("+")[-1])
    return found


def test_central_european_names_are_drawn_in_the_projects_font_and_welsh_ones_still_drawn(world):
    # Ł, Ș and ř are in the font's latin-ext files; Ŵ is in neither of its files, and comes
    # from the system's sans-serif rather than as an empty box.
    plan = factories.make_plan(
        owner=world.users["owner"],
        title="Łukasz and Ștefan",
        problem_statement="Reported by Dvořák; also seen on Heol Ŵyr",
    )
    data = plan_pdf.plan_report_pdf(plan=plan, user=world.users["owner"], partner_version=False)
    for character in "ŁȘř":
        fonts = _fonts_holding(data, character)
        assert fonts and all(name.startswith("Atkinson") for name in fonts), (character, fonts)
    assert _fonts_holding(data, "Ŵ") - {"Atkinson-Hyperlegible", "Atkinson-Hyperlegible-Bold"}
    assert "Dvořák" in "\n".join(text_of(data))


def test_its_charts_are_drawn_in_the_projects_font_too(officer_pdf):
    def fonts(resources, inside_chart=False):
        for font in resources.get("/Font", {}).values():
            yield str(font.BaseFont).split("+")[-1], inside_chart
        for xobject in resources.get("/XObject", {}).values():
            if "/Resources" in xobject:  # a chart: an SVG drawn as a form
                yield from fonts(xobject.Resources, True)

    with pikepdf.open(io.BytesIO(officer_pdf)) as doc:
        found = {pair for page in doc.pages for pair in fonts(page.Resources)}
    assert any(inside for _, inside in found), "the report has a chart with text"
    assert {name for name, _ in found} <= {
        "Atkinson-Hyperlegible",
        "Atkinson-Hyperlegible-Bold",
        "Atkinson-Hyperlegible-Italic",
        "Atkinson-Hyperlegible-BoldItalic",
    }, found


def test_it_leaves_every_police_only_value_out_of_the_partner_version(world):
    data = plan_pdf.plan_report_pdf(plan=world.plan, user=world.users["partner_on"], partner_version=True)
    text = "\n".join(text_of(data))
    assert world.plan.reference in text
    for marker in ("POLICE-ONLY", "Jane Doe", "John Roe", "informant", "Police-only information"):
        assert marker not in text
    assert "Rank busy after 01:00" in text  # the shared comment is there


def test_it_counts_the_pages_of_a_long_plan(world, pastors_org):
    long_text = "The taxi marshals report queues and disorder at the rank after midnight. " * 60
    plan = factories.make_plan(
        owner=world.users["owner"],
        problem_statement=long_text,
        data_findings=long_text,
        hypothesis=long_text,
        process_evaluation=long_text,
    )
    response = factories.make_response(plan, pastors_org)
    for n in range(120):
        factories.make_task(plan, pastors_org, response=response, title=f"Long task number {n}")
    pages = text_of(plan_pdf.plan_report_pdf(plan=plan, user=world.users["owner"], partner_version=False))
    count = len(pages)
    assert count > 8
    for number, page in enumerate(pages, start=1):
        assert f"Page {number} of {count}" in page
    assert "Long task number 119" in "\n".join(pages)


def test_it_shows_the_verdict_and_who_signed_the_plan_off(world):
    from django.utils import timezone

    from audit.services import log_event
    from plans.models import Plan

    Plan.objects.filter(pk=world.plan.pk).update(
        state="closed", closed_at=timezone.now(), outcome_verdict=Plan.Verdict.PARTLY
    )
    log_event(  # as plans.services.plan_transition records the close
        action="plan.transition",
        actor=world.users["manager"],
        target=world.plan,
        plan=world.plan,
        changes={"state": ["assess", "closed"]},
        reason="Good work",
    )
    world.plan.refresh_from_db()
    text = "\n".join(
        text_of(plan_pdf.plan_report_pdf(plan=world.plan, user=world.users["owner"], partner_version=False))
    )
    assert "Verdict: Partly effective" in text
    assert "by Helen, Leicestershire Police: Good work" in text  # by name, not username


def test_after_disposal_the_police_version_holds_no_personal_data_and_says_when_it_went(world):
    from plans import services
    from plans.models import Plan, Stage
    from plans.retention_services import retention_dispose

    services.plan_update(
        actor=world.users["owner"],
        plan=world.plan,
        section="analyse",
        data={"victim_details": "SEALED-VICTIM Alice Example"},
        version=world.plan.version,
    )
    Plan.objects.filter(pk=world.plan.pk).update(state=Stage.CLOSED)
    world.plan.refresh_from_db()
    retention_dispose(actor=world.users["manager"], plan=world.plan)
    world.plan.refresh_from_db()
    data = plan_pdf.plan_report_pdf(plan=world.plan, user=world.users["manager"], partner_version=False)
    text = " ".join(" ".join(text_of(data)).split())
    for marker in ("POLICE-ONLY", "SEALED-VICTIM", "Jane Doe", "informant"):
        assert marker not in text
    assert "Personal data disposed of on" in text
    assert "Disposed of the plan's personal data" in text  # the audit timeline names the disposal


def test_the_audit_summary_counts_page_views_and_lists_what_was_done(world):
    """Sixty page views must not push the plan's changes, transitions and reasons out."""
    from audit.services import log_event
    from plans import services

    services.plan_transition(
        actor=world.users["owner"], plan=world.plan, transition="send_back", reason="Analysis needs redoing"
    )
    for _ in range(65):
        log_event(action="plan.view", actor=world.users["manager"], target=world.plan, plan=world.plan)
    data = plan_pdf.plan_report_pdf(plan=world.plan, user=world.users["owner"], partner_version=False)
    text = " ".join(" ".join(text_of(data)).split())
    assert "consulted 65 times by 1 person" in text
    assert "Why: Analysis needs redoing" in text
    assert "plan.view" not in text and "plan.transition" not in text  # words, not codes
