"""The API's docs page (Swagger UI from drf-spectacular-sidecar) draws the schema under the
pages' Content-Security-Policy, fetching nothing from another site. Not checked with axe: the
page is Swagger UI's own markup, for developers of the systems that call the API."""

from urllib.parse import urlparse

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_docs_page_draws_the_schema_from_this_site_only(page_as, live_server):
    page = page_as(None)
    hosts = set()
    page.on("request", lambda request: hosts.add(urlparse(request.url).netloc))
    response = page.goto(live_server.url + "/api/v1/docs/")
    assert response.status == 200
    page.wait_for_selector("text=Hotspot problem-solving plans API", timeout=15000)
    page.wait_for_selector("text=/api/v1/plans/", timeout=15000)
    assert page.csp_refusals == []
    assert hosts == {urlparse(live_server.url).netloc}
