import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_sign_in_page_is_accessible(page_as, visit):
    page = page_as(None)
    visit(page, "/account/sign-in/")
    assert page.locator("h1").inner_text() == "Sign in"
    # GOV.UK Frontend ran under the Content-Security-Policy: its module started the components,
    # and the inline script (allowed by its nonce) marked the page as having JavaScript.
    page.wait_for_selector("[data-govuk-skip-link-init]", state="attached")
    assert "govuk-frontend-supported" in page.locator("body").get_attribute("class")


def test_wrong_password_shows_an_accessible_error(page_as, visit, officer, live_server):
    page = page_as(None)
    visit(page, "/account/sign-in/")
    page.fill("#id_username", "officer")
    page.fill("#id_password", "wrong")
    page.click("button[type=submit]")
    assert "There is a problem" in page.content()
    from tests.browser.conftest import check_axe

    check_axe(page)


@pytest.mark.parametrize(
    "persona", ["officer", "officer2", "manager", "admin_user", "pastors", "wardens", "bid"]
)
def test_each_demo_role_signs_in_and_lands_on_an_accessible_page(persona, request, page_as, live_server):
    from tests.browser.conftest import check_axe

    user = request.getfixturevalue(persona)
    page = page_as(user)
    assert "/account/sign-in/" not in page.url, f"{persona} was not signed in"
    check_axe(page)
    assert page.get_by_text("OFFICIAL-SENSITIVE").first.is_visible()


@pytest.mark.parametrize(
    "path", ["/account/password/", "/account/password-reset/", "/account/password-reset/sent/"]
)
def test_account_pages_are_accessible(path, page_as, visit, officer):
    page = page_as(officer)
    visit(page, path)


def test_pages_work_without_javascript(page_as, officer, live_server):
    # axe needs JavaScript, so this one only proves the forms work with it off.
    page = page_as(officer, javascript=False)
    assert "/account/sign-in/" not in page.url
    page.goto(live_server.url + "/account/password/")
    assert page.locator("h1").inner_text() == "Change your password"
    page.click("text=Sign out")
    assert "/account/sign-in/" in page.url


def test_a_missing_page_is_accessible(page_as, visit, pastors):
    page = page_as(pastors)
    visit(page, "/plans/999999/", status=404)
    assert page.locator("h1").inner_text() == "Page not found"


def test_the_pages_drawn_without_a_request_are_accessible(page_as, live_server):
    """The server error and refused-form-token pages render from a bare context; they are
    checked as a browser shows them, with the service's own stylesheet."""
    from django.test import RequestFactory
    from django.views import csrf

    from config.views import database_unavailable, server_error
    from tests.browser.conftest import check_axe

    request = RequestFactory().post("/")
    request.request_id = "0f3a9c2e"  # the reference the page gives
    # A form sent while the database was busy or down: the 503 page keeps what was typed.
    sent = RequestFactory().post(
        "/plans/1/edit/scan/",
        {"problem_statement": "Fights at closing time\non the high street", "version": "3"},
    )
    sent.request_id = "7b21d0aa"
    page = page_as(None)
    pages = [
        (server_error(request), "Sorry, there is a problem with the service"),
        (csrf.csrf_failure(request), "Your form could not be sent"),
        (database_unavailable(sent, "busy"), "The service is busy"),
        (database_unavailable(sent, "down"), "Sorry, the service is unavailable"),
        (database_unavailable(request, "down"), "Sorry, the service is unavailable"),
    ]
    for response, heading in pages:
        page.goto(live_server.url + "/account/sign-in/")  # same origin, so /static/ loads
        page.set_content(response.content.decode(), wait_until="load")
        assert page.locator("h1").inner_text() == heading
        # What was typed is on the 503 page, ready to send again; nothing when nothing was.
        kept = page.locator(".govuk-summary-list")
        assert kept.count() == (1 if response.status_code == 503 and response is not pages[-1][0] else 0)
        if kept.count():
            assert "Fights at closing time" in kept.inner_text()
        check_axe(page)
