"""Authorisation matrix rows, one module per app (tests/matrix/<app>.py), merged by
tests/test_url_matrix.py, which visits every named URL in the project with every persona
of tests/world.py and fails when a URL has no row.

Format of a module:

    ROWS = {
        "plans:detail": {
            "kwargs": lambda w: {"pk": w.plan.pk},      # w is the World fixture
            "expect": {"owner": 200, "officer2": 200, "partner_on": 200,
                       "partner_off": 404, "manager": 200, "anonymous": 302},
        },
        # A URL that needs several object variants gets several rows with a suffix:
        "plans:detail#other": {"kwargs": lambda w: {"pk": w.other_plan.pk}, "expect": {...}},
    }

GET is what is visited (302 for anonymous means "sent to sign in"; 405 where a URL only
takes POST). A row may add "post": lambda w: {...form data...} and "post_expect": {...}
to also try a POST per persona (each on fresh data).
"""
