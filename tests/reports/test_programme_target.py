"""The funded target on the programme page and in the programme report: hours against the
target as at the end of the chosen period, police and partners apart, for the police only."""

import datetime
import io

import pypdf
import pytest

from hotspots import rota_services
from hotspots.models import PatrolLog
from reports import programme_pdf as pdf
from tests.factories import make_patrol

pytestmark = pytest.mark.django_db

D = datetime.date
Q2 = "/programme/?period=quarter&quarter=2026/27+Q2"
# 183 of 365 days to 30 September 2026: 50% of the funded period.
AS_AT_Q2 = (
    "Funded patrol hours, 1 April 2026 to 31 March 2027: 2 of 100 hours, 2% at 50% of the funded "
    "period, as at 30 September 2026."
)


@pytest.fixture
def target(world):
    target = rota_services.funded_target_set(
        actor=world.users["manager"], first_date=D(2026, 4, 1), last_date=D(2027, 3, 31), hours=100
    )
    make_patrol(
        area=world.area,
        logged_by=world.users["owner"],
        date=D(2026, 5, 1),
        minutes=90,
        kind=PatrolLog.Kind.FOOT,
    )
    make_patrol(area=world.area, logged_by=world.users["partner_on"], date=D(2026, 5, 2), minutes=45)
    make_patrol(
        area=world.area, logged_by=world.users["partner_on"], date=D(2026, 10, 2), minutes=600
    )  # after Q2
    return target


@pytest.mark.parametrize("persona", ["manager", "owner"])
def test_the_police_see_the_target_as_at_the_periods_end(world, target, client_for, persona):
    text = client_for(world.users[persona]).get(Q2).content.decode()
    assert "Funded patrol hours</h2>" in text
    assert AS_AT_Q2 in text
    assert "Police 1.5 hours, partners 0.8 hours." in text
    # 97.75 hours still needed over 182 days: 97.75 x 7 / 182 = 3.76, rounded up.
    assert (
        "4 hours a week are needed from 1 October 2026 to reach the target, against 0.1 hours a week so far."
        in text
    )
    assert "about 4 hours by 31 March 2027, 96 hours short of the target" in text


@pytest.mark.parametrize("persona", ["partner_on", "partner_off"])
def test_partner_leads_do_not_see_the_programmes_target(world, target, client_for, persona):
    text = client_for(world.users[persona]).get(Q2).content.decode()
    assert "Funded patrol hours" not in text and "of 100 hours" not in text


def test_without_a_target_the_page_says_nothing_of_one(world, client_for):
    assert "Funded patrol hours" not in client_for(world.users["manager"]).get(Q2).content.decode()


def test_the_programme_report_carries_the_target(world, target):
    context = pdf.programme_report_context(
        user=world.users["manager"], start=D(2026, 7, 1), end=D(2026, 9, 30)
    )
    assert context["target"].sentences()[0] == AS_AT_Q2
    data = pdf.programme_report_pdf(user=world.users["manager"], start=D(2026, 7, 1), end=D(2026, 9, 30))
    text = " ".join(" ".join(page.extract_text().split()) for page in pypdf.PdfReader(io.BytesIO(data)).pages)
    assert "Funded patrol hours" in text and "2 of 100 hours, 2% at 50% of the funded period" in text
