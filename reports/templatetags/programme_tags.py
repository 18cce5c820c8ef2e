"""Numbers in words and figures the way the programme statement writes them."""

from django import template

from reports import programme

register = template.Library()


@register.filter
def number(value):
    """1,234 or 1,234.5."""
    if value is None or value == "":
        return "–"
    return programme.number(value)


@register.filter
def change_words(change):
    """'fell 8.4%', 'rose 2.0%', 'did not change', or why there is no percentage."""
    return programme.change_words(change)
