"""URL matrix rows for the hotspot pages (format in tests/matrix/__init__.py).

Areas: police (officers, managers) and administrators; partners get 403 on the list and
404 on an area. Patrols: police see all, partner leads their own; managers do not log.
Import: administrators only. The baseline button takes POST only. A POST refused with 403 is
recorded (`<action>.refused`); a 404 records nothing (tests/test_url_matrix.py checks both).
"""

import json

from hotspots.models import Area
from tests.factories import make_patrol
from tests.world import SQUARE


def _patrol(w):
    return {
        "area": w.area.pk,
        "date": "2019-01-18",
        "start_time": "22:30",
        "minutes": "15",
        "staff_count": "2",
        "kind": "foot",
        "engagements": "1",
        "arrests": "0",
        "stop_searches": "0",
        "asb_powers": "0",
        "note": "",
    }


def _pastors_patrol(w):
    """A Street Pastors patrol (partner_on's organisation) in the world's area."""
    return make_patrol(area=w.area, logged_by=w.users["partner_on"])


def _unused_area(w):
    return Area.objects.create(name="Drawn by mistake", geometry=SQUARE)


# An area page: police and administrators; partners do not learn it exists.
AREA_PAGE = {
    "owner": 200,
    "officer2": 200,
    "partner_on": 404,
    "partner_off": 404,
    "manager": 200,
    "anonymous": 302,
}

# Only the organisation that logged a patrol changes or removes it; police see it (403),
# other partners do not (404).
OWN_PATROL_GET = {
    "owner": 403,
    "officer2": 403,
    "partner_on": 200,
    "partner_off": 404,
    "manager": 403,
    "anonymous": 302,
}
OWN_PATROL_POST = {**OWN_PATROL_GET, "partner_on": 302}


def _area(w):
    return {
        "name": "Matrix area",
        "geometry": json.dumps(SQUARE),
        "lsoa_codes": "",
        "buffer_m": "200",
        "tolerance_m": "50",
        "control_geometry": "",
    }


# The import is for administrators, none of whom is a persona here.
ADMINISTRATORS_ONLY = {
    "owner": 403,
    "officer2": 403,
    "partner_on": 403,
    "partner_off": 403,
    "manager": 403,
    "anonymous": 302,
}

ROWS = {
    "hotspots:area_list": {
        "expect": {
            "owner": 200,
            "officer2": 200,
            "partner_on": 403,
            "partner_off": 403,
            "manager": 200,
            "anonymous": 302,
        },
    },
    "hotspots:area_create": {
        "expect": {
            "owner": 200,
            "officer2": 200,
            "partner_on": 403,
            "partner_off": 403,
            "manager": 200,
            "anonymous": 302,
        },
        "post": _area,
        "post_expect": {
            "owner": 302,
            "officer2": 302,
            "partner_on": 403,
            "partner_off": 403,
            "manager": 302,
            "anonymous": 302,
        },
    },
    "hotspots:area_detail": {
        "kwargs": lambda w: {"pk": w.area.pk},
        "expect": AREA_PAGE,
    },
    "hotspots:area_edit": {
        "kwargs": lambda w: {"pk": w.area.pk},
        "expect": AREA_PAGE,
        "post": lambda w: {**_area(w), "name": "Clock Tower", "version": w.area.version},
        "post_expect": {
            "owner": 302,
            "officer2": 302,
            "partner_on": 404,
            "partner_off": 404,
            "manager": 302,
            "anonymous": 302,
        },
    },
    # The world's area has a plan in it: police see why it stays (409 on POST).
    "hotspots:area_remove": {
        "kwargs": lambda w: {"pk": w.area.pk},
        "expect": AREA_PAGE,
        "post": lambda w: {"reason": "Drawn twice"},
        "post_expect": {**AREA_PAGE, "owner": 409, "officer2": 409, "manager": 409},
    },
    "hotspots:area_remove#unused": {
        "kwargs": lambda w: {"pk": _unused_area(w).pk},
        "expect": AREA_PAGE,
        "post": lambda w: {"reason": "Drawn twice"},
        "post_expect": {**AREA_PAGE, "owner": 302, "officer2": 302, "manager": 302},
    },
    "hotspots:patrol_list": {
        "expect": {
            "owner": 200,
            "officer2": 200,
            "partner_on": 200,
            "partner_off": 200,
            "manager": 200,
            "anonymous": 302,
        },
    },
    "hotspots:patrol_edit": {
        "kwargs": lambda w: {"pk": _pastors_patrol(w).pk},
        "expect": OWN_PATROL_GET,
        "post": lambda w: {**_patrol(w), "version": 1},  # the patrol kwargs made is new
        "post_expect": OWN_PATROL_POST,
    },
    "hotspots:patrol_remove": {
        "kwargs": lambda w: {"pk": _pastors_patrol(w).pk},
        "expect": OWN_PATROL_GET,
        "post": lambda w: {"reason": "Logged twice"},
        "post_expect": OWN_PATROL_POST,
    },
    "hotspots:patrol_create": {
        "expect": {
            "owner": 200,
            "officer2": 200,
            "partner_on": 200,
            "partner_off": 200,
            "manager": 403,
            "anonymous": 302,
        },
        "post": _patrol,
        # The world's area is the plan's that City Street Wardens are not on: not theirs to log in.
        "post_expect": {
            "owner": 302,
            "officer2": 302,
            "partner_on": 302,
            "partner_off": 400,
            "manager": 403,
            "anonymous": 302,
        },
    },
    "hotspots:import": {
        "expect": ADMINISTRATORS_ONLY,
        # Refused before the file is read (and recorded: incidents.import.refused).
        "post": lambda w: {},
        "post_expect": ADMINISTRATORS_ONLY,
    },
    "hotspots:objective_baseline": {
        "kwargs": lambda w: {"pk": w.plan.objectives.get().pk},
        "expect": {
            "owner": 405,
            "officer2": 405,
            "partner_on": 405,
            "partner_off": 405,
            "manager": 405,
            "anonymous": 302,
        },
        "post": lambda w: {"family": "serious-violence", "start": "2018-10-01", "end": "2018-12-31"},
        "post_expect": {
            "owner": 302,
            "officer2": 403,
            "partner_on": 403,
            "partner_off": 404,
            "manager": 403,
            "anonymous": 302,
        },
    },
}
