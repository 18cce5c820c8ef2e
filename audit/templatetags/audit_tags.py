from django import template

from audit import presentation

register = template.Library()


@register.filter
def action_words(action: str) -> str:
    return presentation.action_words(action or "")


@register.filter
def change_rows(changes) -> list[dict]:
    return presentation.change_rows(changes)
