"""The claims' pages: the list, a statement with each visit, a manager's decision, the rate, and
the CSV and PDF exports recorded as disclosures; partners read only their own."""

import datetime
import io
from decimal import Decimal

import pypdf
import pytest

from audit.models import Event
from hotspots import claim_services, rota_services
from hotspots.claim_models import Claim, CountedVisit, PartnerRate
from hotspots.claims import FinancialQuarter
from tests.factories import make_patrol

pytestmark = pytest.mark.django_db

D = datetime.date
T = datetime.time
Q1 = "2026-27-q1"


def org(user):
    return user.memberships.get().organisation


@pytest.fixture
def q1(world):
    """As in test_claims: 97 minutes in slots and 45 outside, at £18.35 an hour."""
    pastors = org(world.users["partner_on"])
    rota_services.rota_pattern_create(
        actor=world.users["owner"],
        area=world.area,
        organisation=pastors,
        weekdays=[4],
        start_time=T(22, 0),
        minutes=240,
        staff_count=2,
        first_date=D(2026, 4, 3),
        last_date=D(2026, 6, 26),
    )
    claim_services.partner_rate_set(actor=world.users["manager"], organisation=pastors, rate=Decimal("18.35"))
    lead = world.users["partner_on"]
    make_patrol(area=world.area, logged_by=lead, date=D(2026, 4, 3), start_time=T(22, 30), minutes=60)
    outside = make_patrol(
        area=world.area, logged_by=lead, date=D(2026, 4, 4), start_time=T(14, 0), minutes=45
    )
    make_patrol(area=world.area, logged_by=lead, date=D(2026, 4, 10), start_time=T(23, 50), minutes=37)
    return pastors, outside


def test_the_manager_reads_the_statement_and_approves_it(world, q1, client_for):
    pastors, _ = q1
    client = client_for(world.users["manager"])
    url = f"/claims/{pastors.pk}/{Q1}/"
    text = client.get(url).content.decode()
    assert "Patrol claim for 2026/27 Q1" in text
    assert "1.62 hours (97 minutes) from 3 visits logged, 1 not counted" in text
    assert "£18.35 an hour" in text and "<strong>£29.67</strong>" in text
    assert "No: outside every planned slot" in text and "Count this visit" in text
    response = client.post(f"{url}decide/", {"decision": "approve"})
    assert response.status_code == 302
    text = client.get(url).content.decode()
    assert "Approved</strong> by" in text and "Count this visit" not in text and "Query the claim" not in text
    assert "Approved</strong> £29.67" in client.get("/claims/").content.decode()


def test_a_query_needs_its_question(world, q1, client_for):
    pastors, _ = q1
    client = client_for(world.users["manager"])
    url = f"/claims/{pastors.pk}/{Q1}/decide/"
    refused = client.post(url, {"decision": "query", "note": ""})
    assert refused.status_code == 400 and "Say what the partner needs to answer" in refused.content.decode()
    assert not Claim.objects.exists()
    client.post(url, {"decision": "query", "note": "Which were on foot?"})
    partner = client_for(world.users["partner_on"]).get(f"/claims/{pastors.pk}/{Q1}/").content.decode()
    assert "Queried</strong>" in partner and "Which were on foot?" in partner
    assert "Approve £" not in partner and "Count this visit" not in partner


def test_the_manager_counts_a_visit_outside_the_rota(world, q1, client_for):
    pastors, outside = q1
    client = client_for(world.users["manager"])
    response = client.post(f"/claims/visits/{outside.pk}/count/", {"reason": ""})
    assert response.status_code == 302 and not CountedVisit.objects.exists()
    assert "Give the reason this visit counts" in client.get(response.url).content.decode()
    client.post(f"/claims/visits/{outside.pk}/count/", {"reason": "Asked for by the police"})
    text = client.get(f"/claims/{pastors.pk}/{Q1}/").content.decode()
    assert "Approved by a manager" in text and "<strong>£43.43</strong>" in text


def test_the_rate_form(world, q1, client_for):
    pastors, _ = q1
    client = client_for(world.users["manager"])
    bad = client.post(f"/claims/{pastors.pk}/rate/", {"rate": "18.355"})
    assert bad.status_code == 400 and "to the penny" in bad.content.decode()
    assert client.post(f"/claims/{pastors.pk}/rate/", {"rate": "19.00"}).status_code == 302
    assert PartnerRate.objects.first().rate == Decimal("19.00")
    assert "£19.00 an hour" in client.get("/claims/").content.decode()


def test_another_partner_lead_gets_404(world, q1, client_for):
    pastors, _ = q1
    client = client_for(world.users["partner_off"])
    assert client.get(f"/claims/{pastors.pk}/{Q1}/").status_code == 404
    assert "Street Pastors" not in client.get("/claims/").content.decode()


def test_the_csv_and_pdf_are_disclosures(world, q1, client_for):
    pastors, _ = q1
    client = client_for(world.users["partner_on"])
    sent = {"purpose": "Quarterly payment", "recipient": "Finance team"}
    response = client.post(f"/claims/{pastors.pk}/{Q1}/statement.csv", sent)
    text = response.content.decode()
    assert response["Content-Type"].startswith("text/csv")
    assert "Street Pastors,2026/27 Q1,2026-04-03,22:30,Clock Tower,60,In a planned slot" in text
    assert "total,29.67" in text
    response = client.post(f"/claims/{pastors.pk}/{Q1}/statement.pdf", sent)
    pages = pypdf.PdfReader(io.BytesIO(response.content)).pages
    words = " ".join(" ".join(page.extract_text().split()) for page in pages)
    assert "Patrol claim: Street Pastors, 2026/27 Q1" in words and "£29.67" in words
    kinds = list(Event.objects.filter(action="report.export").values_list("changes__kind", flat=True))
    assert [k[1] for k in kinds] == ["claim-csv", "claim-pdf"]


def test_the_list_reaches_every_quarter_patrolled_or_decided(
    world, q1, client_for, django_assert_max_num_queries
):
    pastors, _ = q1
    make_patrol(area=world.area, logged_by=world.users["partner_on"], date=D(2022, 5, 1))
    claim_services.claim_approve(
        actor=world.users["manager"], organisation=pastors, quarter=FinancialQuarter(2026, 1)
    )
    client = client_for(world.users["manager"])
    client.get("/claims/")
    with django_assert_max_num_queries(12) as one:
        text = client.get("/claims/").content.decode()
    assert f"/claims/{pastors.pk}/2022-23-q1/" in text and "Approved</strong> £29.67" in text
    for n in range(5):
        make_patrol(area=world.area, logged_by=world.users["partner_on"], date=D(2021, 4 + n, 1))
    with django_assert_max_num_queries(len(one.captured_queries)):
        text = client.get("/claims/").content.decode()
    assert f"/claims/{pastors.pk}/2021-22-q1/" in text and f"/claims/{pastors.pk}/2021-22-q2/" in text
