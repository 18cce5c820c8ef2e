"""partners.markup escapes exactly as Django's templates do."""

import pytest
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy

from partners.markup import escaped, html

VALUES = [
    "<script>alert('x')</script> & \"quoted\"",
    mark_safe("<strong>kept</strong>"),
    42,
    None,
    gettext_lazy("Plan <b>"),
    "",
]


@pytest.mark.parametrize("value", VALUES)
def test_escaped_is_conditional_escape(value):
    assert escaped(value) == str(conditional_escape(value))


def test_html_is_format_html():
    markup = '<a href="{href}" title="{0}">{1}</a>'
    args = ("<title>", mark_safe("<em>safe</em>"))
    drawn = html(markup, *args, href="/x?a=1&b=2")
    assert isinstance(drawn, SafeString)
    assert drawn == format_html(markup, *args, href="/x?a=1&b=2")
