from django import template

register = template.Library()

MEASURE_LABELS = [
    ("target_same_period_last_year", "Target area, same period last year"),
    ("change_against_same_period_last_year", "Change against the same period last year"),
    ("gross_effect", "Gross effect (R before − R after)"),
    ("net_effect", "Net effect (R/C before − R/C after)"),
    ("weighted_displacement_quotient", "Weighted displacement quotient"),
    ("total_net_effect", "Total net effect (incidents prevented, counting displacement)"),
    ("weighted_displacement_difference", "Weighted displacement difference (WDD) with 95% interval"),
]


@register.filter
def measure_rows(figures):
    return [(label, getattr(figures, name)) for name, label in MEASURE_LABELS]


@register.filter
def monthly_rows(figures):
    target = figures.monthly.get("target") or [None] * len(figures.months)
    buffer = figures.monthly.get("buffer") or [None] * len(figures.months)
    control = figures.monthly.get("control") or [None] * len(figures.months)
    return list(zip(figures.months, target, buffer, control, strict=False))
