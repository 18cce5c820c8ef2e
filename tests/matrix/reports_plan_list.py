"""URL matrix rows for the plan list's CSV (reports/plan_list_urls.py)."""

MANAGER_ONLY = {
    "owner": 403,
    "officer2": 403,
    "partner_on": 403,
    "partner_off": 403,
    "manager": 200,
    "anonymous": 302,
}

ROWS = {
    "reports:plan_list_csv": {
        "kwargs": lambda w: {},
        "expect": MANAGER_ONLY,
        "post": lambda w: {"purpose": "Monthly review meeting", "recipient": "Superintendent Okafor"},
        "post_expect": MANAGER_ONLY,
    },
}
