"""URL matrix rows for partners' quarterly claims (format in tests/matrix/__init__.py).

Managers read every partner organisation's claims and decide them; a partner lead reads its own
organisation's (Street Pastors: partner_on) and gets 404 for another's (partner_off); officers
get 403 (no claims are theirs to see).
"""

import datetime
from decimal import Decimal

from hotspots.claim_models import PartnerRate
from tests.factories import make_patrol

Q1 = "2026-27-q1"


def _pastors(w):
    return w.users["partner_on"].memberships.get().organisation


def _rated(w):
    PartnerRate.objects.create(organisation=_pastors(w), rate=Decimal("18.35"), set_by=w.users["manager"])
    return {"pk": _pastors(w).pk, "quarter": Q1}


# Officers: 404 on an organisation's claim pages (no organisation's claims are theirs to read).
READ = {
    "owner": 404,
    "officer2": 404,
    "partner_on": 200,
    "partner_off": 404,
    "manager": 200,
    "anonymous": 302,
}
DECIDE = {**READ, "partner_on": 403}
EXPORT_POST = {"purpose": "Quarterly payment", "recipient": "Finance team"}

ROWS = {
    "claims:list": {"expect": {**READ, "owner": 403, "officer2": 403, "partner_off": 200}},
    "claims:statement": {"kwargs": _rated, "expect": READ},
    "claims:rate": {
        "kwargs": lambda w: {"pk": _pastors(w).pk},
        "expect": DECIDE,
        "post": lambda w: {"rate": "18.50"},
        "post_expect": {**DECIDE, "manager": 302},
    },
    "claims:decide": {
        "kwargs": _rated,
        "expect": {**dict.fromkeys(READ, 405), "anonymous": 302},
        "post": lambda w: {"decision": "approve"},
        "post_expect": {**DECIDE, "manager": 302},
    },
    "claims:count_visit": {
        "kwargs": lambda w: {
            "pk": make_patrol(area=w.area, logged_by=w.users["partner_on"], date=datetime.date(2026, 4, 4)).pk
        },
        "expect": {**dict.fromkeys(READ, 405), "anonymous": 302},
        "post": lambda w: {"reason": "Asked for on the night"},
        # Police see every patrol (officers are refused the decision); partner_off does not see it.
        "post_expect": {**DECIDE, "owner": 403, "officer2": 403, "manager": 302},
    },
    "reports:claim_csv": {
        "kwargs": _rated,
        "expect": READ,
        "post": lambda w: EXPORT_POST,
        "post_expect": READ,
    },
    "reports:claim_pdf": {"kwargs": _rated, "expect": READ},
}
