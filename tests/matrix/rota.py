"""URL matrix rows for the patrol rota (format in tests/matrix/__init__.py).

Police see every area's rota; a partner lead sees its own organisation's slots in the areas of
its plans (Street Pastors are on the world's plan: partner_on) and gets 404 elsewhere
(partner_off). Officers and managers plan; a partner lead only confirms its own patterns.
"""

import datetime

from hotspots.rota_models import FundedTarget, RotaException, RotaPattern


def _pastors_pattern(w):
    """A Street Pastors pattern (partner_on's organisation) in the world's area, written directly."""
    return RotaPattern.objects.create(
        area=w.area,
        organisation=w.users["partner_on"].memberships.get().organisation,
        weekdays=[4, 5],
        start_time=datetime.time(22, 0),
        minutes=240,
        staff_count=2,
        first_date=datetime.date(2026, 7, 3),
        last_date=datetime.date(2026, 7, 31),
        created_by=w.users["owner"],
    )


def _programme_target_and_pastors(w):
    """The programme's funded target, written directly, and the Street Pastors to share it."""
    FundedTarget.objects.create(
        first_date=datetime.date(2026, 4, 1),
        last_date=datetime.date(2027, 3, 31),
        hours=13_000,
        set_by=w.users["manager"],
    )
    return w.users["partner_on"].memberships.get().organisation


def _pastors_exception(w):
    """A cancelled Friday of the Street Pastors pattern."""
    return RotaException.objects.create(
        pattern=_pastors_pattern(w),
        date=datetime.date(2026, 7, 10),
        kind="cancelled",
        created_by=w.users["owner"],
    )


def _pattern_form(w):
    return {
        "organisation": w.users["owner"].memberships.get().organisation.pk,
        "weekdays": ["4", "5"],
        "start_time": "22:00",
        "minutes": "240",
        "staff_count": "2",
        "first_date": "2026-07-03",
        "last_date": "2026-07-31",
    }


ROTA_PAGE = {
    "owner": 200,
    "officer2": 200,
    "partner_on": 200,
    "partner_off": 404,
    "manager": 200,
    "anonymous": 302,
}
# Planning: partner leads who see the area are refused (403), others do not learn it exists.
PLANNING = {**ROTA_PAGE, "partner_on": 403}
PLANNED = {**PLANNING, "owner": 302, "officer2": 302, "manager": 302}

ROWS = {
    "rota:area": {"kwargs": lambda w: {"pk": w.area.pk}, "expect": ROTA_PAGE},
    "rota:pattern_create": {
        "kwargs": lambda w: {"pk": w.area.pk},
        "expect": PLANNING,
        "post": _pattern_form,
        "post_expect": PLANNED,
    },
    "rota:exception_create": {
        "kwargs": lambda w: {"pk": _pastors_pattern(w).pk},
        "expect": PLANNING,
        "post": lambda w: {"date": "2026-07-10", "kind": "cancelled"},
        "post_expect": PLANNED,
    },
    "rota:pattern_edit": {
        "kwargs": lambda w: {"pk": _pastors_pattern(w).pk},
        "expect": PLANNING,
        "post": lambda w: {**_pattern_form(w), "staff_count": "3", "version": "1"},
        "post_expect": PLANNED,
    },
    "rota:pattern_remove": {
        "kwargs": lambda w: {"pk": _pastors_pattern(w).pk},
        "expect": PLANNING,
        "post": lambda w: {"reason": "Planned twice"},
        "post_expect": PLANNED,
    },
    "rota:exception_remove": {
        "kwargs": lambda w: {"pk": _pastors_exception(w).pk},
        "expect": {**dict.fromkeys(ROTA_PAGE, 405), "anonymous": 302},
        "post": lambda w: {},
        "post_expect": PLANNED,
    },
    "rota:confirm": {
        "kwargs": lambda w: {"pk": _pastors_pattern(w).pk},
        "expect": {**dict.fromkeys(ROTA_PAGE, 405), "anonymous": 302, "partner_off": 405},
        "post": lambda w: {},
        "post_expect": {
            "owner": 403,
            "officer2": 403,
            "partner_on": 302,
            "partner_off": 404,
            "manager": 403,
            "anonymous": 302,
        },
    },
    # The funded target: programme managers only.
    "rota:target": {
        "expect": {
            "owner": 403,
            "officer2": 403,
            "partner_on": 403,
            "partner_off": 403,
            "manager": 200,
            "anonymous": 302,
        },
        "post": lambda w: {"first_date": "2026-04-01", "last_date": "2027-03-31", "hours": "13000"},
        "post_expect": {
            "owner": 403,
            "officer2": 403,
            "partner_on": 403,
            "partner_off": 403,
            "manager": 302,
            "anonymous": 302,
        },
    },
    # Each organisation's share of the funded hours: programme managers only.
    "rota:organisation_targets": {
        "expect": {
            "owner": 403,
            "officer2": 403,
            "partner_on": 403,
            "partner_off": 403,
            "manager": 200,
            "anonymous": 302,
        },
        "post": lambda w: {"organisation": _programme_target_and_pastors(w).pk, "hours": "2000"},
        "post_expect": {
            "owner": 403,
            "officer2": 403,
            "partner_on": 403,
            "partner_off": 403,
            "manager": 302,
            "anonymous": 302,
        },
    },
    # Partner leads see only their own organisation's figures; partner_off has none here.
    "rota:compliance": {
        "expect": {
            "owner": 200,
            "officer2": 200,
            "partner_on": 200,
            "partner_off": 200,
            "manager": 200,
            "anonymous": 302,
        },
    },
}
