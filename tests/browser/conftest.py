"""Browser suite: Playwright driving Debian's Chromium against a live server, axe on every page.

Use `page_as(user)` for a signed-in page and `visit(page, path)` to open a path and check it
with axe-core (WCAG 2.2 AA tags): any violation fails the test with its rule and nodes. Every
page checked with axe (`check_axe`, which `visit` calls) is also measured at 320 CSS pixels wide:
a document wider than the viewport (a sideways scroll, WCAG 1.4.10) fails the test.
"""

import functools
import os
from pathlib import Path

import pytest

from tests.conftest import PASSWORD

# Playwright's sync API runs an event loop in this thread; the ORM calls in fixtures are
# still synchronous and safe here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

ROOT = Path(__file__).resolve().parents[2]
AXE_PATH = ROOT / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]

pytestmark = pytest.mark.browser


@functools.cache
def axe_js() -> str:
    """axe-core from node_modules; a clear failure when it was not installed."""
    if not AXE_PATH.is_file():
        pytest.fail(f"axe-core is missing ({AXE_PATH}): run `make setup` (or `npm ci`) first.", pytrace=False)
    return AXE_PATH.read_text()


@pytest.fixture(autouse=True)
def _needs_built_static(built_static):
    pass


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()


def check_axe(page) -> None:
    # Checked once the page has loaded: straight after a click that follows a link or sends a
    # form, the next page can still be arriving and `document` be null (seen once in CI).
    page.wait_for_load_state()
    # Evaluated, not added as an inline <script>: the pages' Content-Security-Policy refuses those.
    page.evaluate(axe_js() + "\n;void 0")
    refused = getattr(page, "csp_refusals", [])
    assert refused == [], f"Content-Security-Policy refused on {page.url}: {refused}"
    result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS)
    violations = [
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:5]}"
        for v in result["violations"]
    ]
    assert violations == [], f"axe violations on {page.url}:\n" + "\n".join(violations)
    check_reflow(page)


REFLOW_WIDTH = 320  # CSS pixels: WCAG 1.4.10 asks for no sideways scrolling at this width

# The document's width at the viewport's, and the elements reaching past its right edge (the
# last eight in the page's order, the innermost of a nest among them) when it is wider.
REFLOW_JS = """() => {
  const root = document.documentElement;
  const limit = root.clientWidth;
  const wide = [];
  for (const element of document.body.querySelectorAll("*")) {
    const box = element.getBoundingClientRect();
    if (box.right > limit + 1 && box.width > 0 && !element.parentElement.closest(".app-table-scroll")) {
      const name = element.tagName.toLowerCase() + (element.id ? "#" + element.id : "") +
        (element.className && typeof element.className === "string" ? "." + element.className.trim().split(/\\s+/).join(".") : "");
      wide.push(name + " (" + Math.round(box.right) + "px)");
    }
  }
  return {document: root.scrollWidth, viewport: limit, wide: wide.slice(-8)};
}"""


def check_reflow(page) -> None:
    """At 320 CSS pixels wide the page does not scroll sideways (WCAG 1.4.10 Reflow): the
    document is as wide as the viewport. The page is measured at that width and put back."""
    size = page.viewport_size or {"width": 1280, "height": 720}
    if size["width"] != REFLOW_WIDTH:
        page.set_viewport_size({"width": REFLOW_WIDTH, "height": size["height"]})
    try:
        measured = page.evaluate(REFLOW_JS)
    finally:
        if size["width"] != REFLOW_WIDTH:
            page.set_viewport_size(size)
    assert measured["document"] <= measured["viewport"], (
        f"{page.url} scrolls sideways at {REFLOW_WIDTH} CSS pixels: the document is "
        f"{measured['document']} wide; reaching past the edge: {measured['wide']}"
    )


@pytest.fixture
def visit(live_server):
    """Open a path, assert the status, and run axe on what the user sees."""

    def go(page, path, status=200):
        response = page.goto(live_server.url + path)
        assert response.status == status, f"{path} answered {response.status}"
        check_axe(page)
        return response

    return go


@pytest.fixture
def page_as(browser, live_server):
    """A new browser page signed in as the given user through the real sign-in form."""
    contexts = []

    def sign_in(user, javascript=True):
        context = browser.new_context(java_script_enabled=javascript)
        contexts.append(context)
        page = context.new_page()
        # Anything the policy blocks (an inline script, a style, an image from elsewhere) is a fault.
        page.csp_refusals = []
        page.on(
            "console",
            lambda message: (
                page.csp_refusals.append(message.text) if "Content Security Policy" in message.text else None
            ),
        )
        # What the user sees once the page has loaded: a click that sends a form returns when
        # the next page has begun, and read straight away that page can still be empty (seen
        # once in a hundred runs with two workers), so reading waits for its load first.
        read = page.content

        def loaded_content():
            page.wait_for_load_state()
            return read()

        page.content = loaded_content
        if user is not None:
            page.goto(live_server.url + "/account/sign-in/")
            page.fill("#id_username", user.username)
            page.fill("#id_password", PASSWORD)
            page.click("button[type=submit]")
            page.wait_for_load_state()
        return page

    yield sign_in
    for context in contexts:
        context.close()
