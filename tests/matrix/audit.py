"""URL matrix rows for the audit search and its CSV export (audit/urls.py)."""

EXPORT = {"purpose": "Subject access request", "recipient": "Information rights team"}

ONLY_MANAGERS = {
    "owner": 403,
    "officer2": 403,
    "partner_on": 403,
    "partner_off": 403,
    "manager": 200,
    "anonymous": 302,
}

ROWS = {
    "audit:search": {"kwargs": lambda w: {}, "expect": dict(ONLY_MANAGERS)},
    "audit:export": {
        "kwargs": lambda w: {},
        "expect": dict(ONLY_MANAGERS),
        "post": lambda w: dict(EXPORT),
        "post_expect": dict(ONLY_MANAGERS),
    },
}
