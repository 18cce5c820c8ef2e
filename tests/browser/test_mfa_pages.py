"""The second-factor pages in Chromium: setting up the app from what the page shows (the key a
person would type), a wrong code, the recovery codes, and the code at a later sign-in; axe on
each, with JavaScript and without."""

import os
from base64 import b32decode

import pytest

from tests.browser.conftest import check_axe
from tests.conftest import PASSWORD
from tests.mfa import totp_code

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = os.environ.get(
    "MFA_SCREENSHOTS"
)  # a folder to save each page at 1280 and 320 px (set when looking at them)


@pytest.fixture(autouse=True)
def nobody_exempt(settings):
    settings.MFA_EXEMPT_USERNAMES = []
    settings.OTP_TOTP_THROTTLE_FACTOR = 0


def look(page, name):
    check_axe(page)
    if SCREENSHOTS:
        for width in (1280, 320):
            page.set_viewport_size({"width": width, "height": 900})
            page.screenshot(path=f"{SCREENSHOTS}/{name}-{width}.png", full_page=True)
        page.set_viewport_size({"width": 1280, "height": 900})


def password_step(page, live_server, user):
    page.goto(live_server.url + "/account/sign-in/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_load_state()


@pytest.mark.parametrize("javascript", [True, False])
def test_first_sign_in_sets_up_the_app_and_the_next_asks_for_its_code(
    javascript, page_as, live_server, manager
):
    page = page_as(None, javascript=javascript)
    password_step(page, live_server, manager)
    assert page.url.endswith("/account/second-factor/set-up/")
    assert page.locator("h1").inner_text() == "Set up your authenticator app"
    assert page.locator("img[src^='data:image/svg+xml']").is_visible()
    if javascript:
        look(page, "mfa-enrol")
    page.click("text=I cannot scan the QR code")
    typed = page.locator(".app-setup-key").inner_text()
    key = b32decode(typed.replace(" ", "")).hex()

    page.fill("#id_code", "12345")
    page.click("button[type=submit]")
    assert "There is a problem" in page.content()
    assert page.locator("#id_code-error").is_visible()
    if javascript:
        look(page, "mfa-enrol-error")

    page.fill("#id_code", totp_code(key))
    page.click("button[type=submit]")
    page.wait_for_load_state()
    assert page.url.endswith("/account/second-factor/recovery-codes/")
    assert page.locator(".app-recovery-codes li").count() == 10
    if javascript:
        look(page, "mfa-recovery-codes")
    page.click("text=Continue")
    page.wait_for_load_state()
    assert "/account/" not in page.url

    page.context.clear_cookies()  # a new session: the browser closed
    password_step(page, live_server, manager)
    assert page.url.endswith("/account/second-factor/")
    if javascript:
        look(page, "mfa-verify")
    page.fill("#id_code", totp_code(key, steps_ahead=1))
    page.click("button[type=submit]")
    page.wait_for_load_state()
    assert "/account/" not in page.url
    if javascript:
        check_axe(page)
