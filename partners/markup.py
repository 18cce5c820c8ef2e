"""HTML drawn in Python for the pages' longest lists, escaped as Django's templates escape.

A page of 25 tasks or 50 audit events drawn through the template language cost more than every
query behind it, so those rows are written as strings (plans.task_row_markup,
audit.templatetags.audit_tags). Their values go through `escaped`, the one escaping rule both
use: `django.utils.html.conditional_escape` (what is marked safe as it is, anything else by
`html.escape`) without its checks for lazy strings on every call, which were a third of a row's
drawing.
"""

import html as _html_module

from django.utils.safestring import SafeString


def escaped(value) -> str:
    """A value for HTML: its own markup when marked safe, else escaped."""
    if hasattr(value, "__html__"):
        return value.__html__()
    return _html_module.escape(str(value))


def html(markup: str, *args, **kwargs) -> SafeString:
    """`django.utils.html.format_html`, each value through `escaped`."""
    args = [escaped(value) for value in args]
    kwargs = {name: escaped(value) for name, value in kwargs.items()}
    return SafeString(markup.format(*args, **kwargs))  # every value escaped above
