"""URL matrix rows for the Scan pages (format in tests/matrix/__init__.py).

Scan reads the whole force's incidents: police only, and anyone else (partner leads) is told
nothing exists (404), on the page, its JSON (the web twin of `manage.py rank_places`) and
"Start a plan here". Only officers open plans: a manager is refused (403, a POST recorded).
The world has no incidents imported: the page says so, the JSON asks for the months (400),
and the start page, with no place chosen, goes back to the ranking (302).
"""

POLICE_ONLY_PAGE = {
    "owner": 200,
    "officer2": 200,
    "partner_on": 404,
    "partner_off": 404,
    "manager": 200,
    "anonymous": 302,
}

OFFICERS_START = {
    "owner": 302,
    "officer2": 302,
    "partner_on": 404,
    "partner_off": 404,
    "manager": 403,
    "anonymous": 302,
}

ROWS = {
    "scan:page": {"expect": POLICE_ONLY_PAGE},
    # The quarterly hotspot refresh: police managers; officers refused, partners told nothing.
    "scan:refresh": {"expect": {**POLICE_ONLY_PAGE, "owner": 403, "officer2": 403}},
    # A manager's decision on a current hotspot (the world's Clock Tower has an open plan): POST
    # only; officers refused (recorded), partners told nothing.
    "scan:refresh_decide": {
        "expect": {**dict.fromkeys(POLICE_ONLY_PAGE, 405), "anonymous": 302},
        "post": lambda w: {"area": str(w.area.pk), "decision": "continue", "note": ""},
        "post_expect": {**POLICE_ONLY_PAGE, "owner": 403, "officer2": 403, "manager": 302},
    },
    "scan:ranking_json": {"expect": {**POLICE_ONLY_PAGE, "owner": 400, "officer2": 400, "manager": 400}},
    "scan:start_plan": {
        "expect": OFFICERS_START,
        "post": lambda w: {
            "title": "ASB near the clock tower",
            "hotspot_name": "Clock Tower",
            "problem_statement": "Anti-social behaviour",
            "area_name": "Matrix scan area",
            "tolerance_m": "0",
            "buffer_m": "200",
        },
        "post_expect": OFFICERS_START,
    },
}
