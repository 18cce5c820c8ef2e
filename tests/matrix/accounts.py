"""URL matrix rows for the home page and the sign-in and password pages (partners/urls.py; the home page is reports/views_home.py)."""


def _all(owner, officer2, partner_on, partner_off, manager, anonymous):
    return {
        "owner": owner,
        "officer2": officer2,
        "partner_on": partner_on,
        "partner_off": partner_off,
        "manager": manager,
        "anonymous": anonymous,
    }


ROWS = {
    # Each role's home page (reports/views_home.py): what needs them today.
    "home": {"kwargs": lambda w: {}, "expect": _all(200, 200, 200, 200, 200, 302)},
    # Signed-in users are sent on from the sign-in page.
    "login": {"kwargs": lambda w: {}, "expect": _all(302, 302, 302, 302, 302, 200)},
    # Signing out is POST only.
    "logout": {"kwargs": lambda w: {}, "expect": _all(405, 405, 405, 405, 405, 405)},
    # The second step of sign-in exists only after a right password (tests/partners/test_mfa_sign_in.py):
    # without one, anyone is sent to the sign-in page.
    "mfa_verify": {"kwargs": lambda w: {}, "expect": _all(302, 302, 302, 302, 302, 302)},
    "mfa_enrol": {"kwargs": lambda w: {}, "expect": _all(302, 302, 302, 302, 302, 302)},
    # Shown once after setting up an app; later it says they were shown.
    "mfa_recovery_codes": {"kwargs": lambda w: {}, "expect": _all(200, 200, 200, 200, 200, 302)},
    "password_change": {"kwargs": lambda w: {}, "expect": _all(200, 200, 200, 200, 200, 302)},
    "password_change_done": {"kwargs": lambda w: {}, "expect": _all(200, 200, 200, 200, 200, 302)},
    "password_reset": {"kwargs": lambda w: {}, "expect": _all(200, 200, 200, 200, 200, 200)},
    "password_reset_done": {"kwargs": lambda w: {}, "expect": _all(200, 200, 200, 200, 200, 200)},
    "password_reset_complete": {"kwargs": lambda w: {}, "expect": _all(200, 200, 200, 200, 200, 200)},
}
