"""URL matrix rows for the PDF exports (reports/pdf_urls.py)."""

EXPORT = {"purpose": "Quarterly return to the fund", "recipient": "Home Office hotspot fund"}

ROWS = {
    "reports:plan_report_pdf": {
        "kwargs": lambda w: {"pk": w.plan.pk},
        "expect": {
            "owner": 200,
            "officer2": 200,
            "partner_on": 200,
            "partner_off": 404,
            "manager": 200,
            "anonymous": 302,
        },
        "post": lambda w: dict(EXPORT),
        "post_expect": {
            "owner": 200,
            "officer2": 200,
            "partner_on": 200,
            "partner_off": 404,
            "manager": 200,
            "anonymous": 302,
        },
    },
    "reports:plan_report_pdf#other": {
        "kwargs": lambda w: {"pk": w.other_plan.pk},
        "expect": {
            "owner": 200,
            "officer2": 200,
            "partner_on": 404,
            "partner_off": 200,
            "manager": 200,
            "anonymous": 302,
        },
    },
    "reports:programme_report_pdf": {
        "kwargs": lambda w: {},
        "expect": {
            "owner": 403,
            "officer2": 403,
            "partner_on": 403,
            "partner_off": 403,
            "manager": 200,
            "anonymous": 302,
        },
        "post": lambda w: {**EXPORT, "start": "2024-01-01", "end": "2028-12-31"},
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
