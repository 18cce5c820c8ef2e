"""`{% plan_rows plans %}`: the plan list's table rows, drawn by plans.plan_row_markup."""

from django import template

from plans import plan_row_markup

register = template.Library()


@register.simple_tag
def plan_rows(plans):
    return plan_row_markup.plan_rows(plans)
