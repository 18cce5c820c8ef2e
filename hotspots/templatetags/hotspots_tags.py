from django import template

register = template.Library()

MEASURE_LABELS = [
    ("target_same_period_last_year", "Target area, same period last year"),
    ("change_against_same_period_last_year", "Change against the same period last year"),
    ("gross_effect", "Gross effect (R before − R after)"),
    ("net_effect", "Net effect (R/C before − R/C after)"),
    ("weighted_displacement_quotient", "Weighted displacement quotient"),
    ("total_net_effect", "Total net effect (incidents prevented, counting displacement)"),
    ("local_effect", "Local term of the WDD: (T after − T before) − (C after − C before)"),
    (
        "weighted_displacement_difference",
        "Weighted displacement difference (WDD): the local term + (D after − D before) "
        "− (Dc after − Dc before), with its 95% interval",
    ),
    ("wdd_variance", "Variance of the WDD"),
    ("wdd_z", "z of the WDD"),
]


@register.filter
def measure_rows(figures):
    return [(label, getattr(figures, name)) for name, label in MEASURE_LABELS]


@register.filter
def monthly_rows(figures):
    """(month, target, buffer, control) per month: "–" for an area with no such region, and
    "no data" in every column for a month with nothing imported."""
    missing = set(figures.months_not_imported)
    rows = []
    for index, (label, start) in enumerate(zip(figures.months, figures.month_starts, strict=True)):
        if start in missing:
            rows.append((label, "no data", "no data", "no data"))
            continue
        values = [
            "\u2013" if figures.monthly.get(region) is None else figures.monthly[region][index]
            for region in ("target", "buffer", "control")
        ]
        rows.append((label, *values))
    return rows


@register.filter
def thousands(value):
    """A whole number with thousands separated by commas, as the figures print counts."""
    try:
        return f"{int(value):,}"
    except (TypeError, ValueError):
        return value
