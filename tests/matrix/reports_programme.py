"""URL matrix rows for the programme page and the funder return (reports/programme_urls.py)."""

EXPORT = {
    "start": "2026-07-01",
    "end": "2026-09-30",
    "purpose": "Quarterly return to the fund",
    "recipient": "Home Office hotspot fund",
}

ROWS = {
    # PRODUCT.md: officers see their own plans' figures, partner leads their organisation's, managers all.
    "reports:programme": {
        "kwargs": lambda w: {},
        "expect": {
            "owner": 200,
            "officer2": 200,
            "partner_on": 200,
            "partner_off": 200,
            "manager": 200,
            "anonymous": 302,
        },
    },
    # The funder return is a manager's export.
    "reports:funder_csv": {
        "kwargs": lambda w: {},
        "expect": {
            "owner": 403,
            "officer2": 403,
            "partner_on": 403,
            "partner_off": 403,
            "manager": 200,
            "anonymous": 302,
        },
        "post": lambda w: dict(EXPORT),
        "post_expect": {
            "owner": 403,
            "officer2": 403,
            "partner_on": 403,
            "partner_off": 403,
            "manager": 200,
            "anonymous": 302,
        },
    },
}
