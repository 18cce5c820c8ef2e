"""The reflow check every axe-checked page goes through (tests/browser/conftest.check_reflow)
catches a page that scrolls sideways at 320 CSS pixels, and passes one that wraps."""

import pytest

from tests.browser.conftest import check_reflow

pytestmark = [pytest.mark.browser]


def test_a_page_wider_than_the_viewport_fails_and_one_that_wraps_passes(browser):
    context = browser.new_context()
    try:
        page = context.new_page()
        page.set_content('<p style="width: 500px">A line too wide for a phone</p>')
        with pytest.raises(AssertionError, match="scrolls sideways at 320 CSS pixels: the document is 50"):
            check_reflow(page)
        assert page.viewport_size["width"] == 1280  # measured at 320, then put back
        page.set_content(
            '<div class="app-table-scroll" style="overflow-x: auto"><table><tr><td style="min-width: 900px">'
            "A wide table scrolls in its own region</td></tr></table></div><p>Text wraps.</p>"
        )
        check_reflow(page)
    finally:
        context.close()
