"""The measures the figures are made of: changes, the weighted displacement quotient and
difference, and the words for what cannot be worked out."""

from decimal import Decimal
from fractions import Fraction

from .measures import (
    NOT_DEFINED_TEXT,
    TOO_FEW,
    TOO_FEW_TEXT,
    Measure,
    add_months,
    half_up,
    number,
    percent_change,
    period_label,
    signed,
)

NO_CONTROL = f"{NOT_DEFINED_TEXT} (no control area)"
NO_BUFFER = f"{NOT_DEFINED_TEXT} (no buffer area)"
NO_CONTROL_INCIDENTS = f"{NOT_DEFINED_TEXT} (no control incidents in a period)"
NO_EFFECT = "the response shows no effect relative to the control"
Z_95 = Decimal("1.96")


def too_few(R_b) -> Measure:
    """An effect estimated from fewer than TOO_FEW target incidents before is noise, not evidence."""
    return Measure(None, f"{TOO_FEW_TEXT} ({R_b} in the target area before)")


def wdq_reading(value: Fraction) -> str:
    """What a WDQ says once the target has improved relative to the control (Guerette, appendix C)."""
    if value > 1:
        return "above +1: diffusion of benefits greater than the direct effect"
    if value > 0:
        return "above 0 up to +1: diffusion of benefits"
    if value == 0:
        return "0: no displacement or diffusion"
    if value > -1:
        return "below 0 down to above \u22121: some displacement, less than the direct benefit"
    if value == -1:
        return "exactly \u22121: displacement cancels the benefit (no net effect)"
    return "below \u22121: displacement greater than the benefit"


def wdq_measure(R_b, R_a, B_b, B_a, C_b, C_a) -> Measure:
    if C_b is None:
        return Measure(None, NO_CONTROL)
    if B_b is None:
        return Measure(None, NO_BUFFER)
    if C_b == 0 or C_a == 0:
        return Measure(None, NO_CONTROL_INCIDENTS)
    if R_b < TOO_FEW:
        return too_few(R_b)
    # The success measure R_a/C_a - R_b/C_b, in exact fractions: in floating point an exact -1
    # came out as -1.0000000000000002 and was read as "below -1".
    success = Fraction(R_a, C_a) - Fraction(R_b, C_b)
    if success == 0:
        return Measure(
            None,
            f"{NOT_DEFINED_TEXT} (the target area did not change relative to the control: {NO_EFFECT})",
        )
    value = (Fraction(B_a, C_a) - Fraction(B_b, C_b)) / success
    shown = half_up(value, 2)  # half away from zero on the exact ratio, as every figure
    if success > 0:
        # Read only when the target improved relative to the control; the number may stand.
        return Measure(
            shown,
            f"{signed(shown, 2)} (the target area did not improve relative to the control: {NO_EFFECT}, "
            "so there is no displacement or diffusion to read)",
        )
    return Measure(shown, f"{signed(shown, 2)} ({wdq_reading(value)})")


def _decimal(value: Fraction) -> Decimal:
    return Decimal(value.numerator) / Decimal(value.denominator)


def wdd_measures(regions: dict, lengths: tuple[int, int]) -> dict:
    """The full weighted displacement difference (Wheeler and Ratcliffe 2018) and its parts.

    regions: {region: (before, after)} counts, None for a region the area does not have. With
    periods of different length every count becomes a count per month, and its variance (the
    count, as for a Poisson count) is divided by the square of its period's months, as the
    authors' own implementation weights time.
    """
    per_month = lengths[0] != lengths[1]
    n_b, n_a = lengths if per_month else (1, 1)

    def change(region):
        before, after = regions[region]
        return Fraction(after, n_a) - Fraction(before, n_b)

    def variance(region):
        before, after = regions[region]
        return Fraction(before, n_b * n_b) + Fraction(after, n_a * n_a)

    unit = " incidents a month" if per_month else ""
    if regions["control"] is None:
        missing = Measure(None, NO_CONTROL)
        return {"local_effect": missing, "wdd": missing, "variance": missing, "z": missing, "interval": None}
    local = change("target") - change("control")
    local_variance = variance("target") + variance("control")
    with_displacement = regions["buffer"] is not None and regions["displacement_control"] is not None
    value, total_variance = local, local_variance
    if with_displacement:
        value += change("buffer") - change("displacement_control")
        total_variance += variance("buffer") + variance("displacement_control")
    what = "eight counts" if with_displacement else "four counts (no displacement area)"
    if per_month:
        what += ", each divided by the square of its period's months"
    local_measure = number(local, places=1, suffix=unit)
    variance_measure = number(total_variance, places=2)
    variance_measure = Measure(
        variance_measure.value, f"{_plain(variance_measure.value, 2)} (the sum of the {what})"
    )
    if total_variance == 0:
        nothing = Measure(None, f"{NOT_DEFINED_TEXT} (no incidents in any region)")
        return {
            "local_effect": local_measure,
            "wdd": Measure(
                half_up(value, 1),
                f"{signed(half_up(value, 1))}{unit} (no incidents in any region: nothing to judge)",
            ),
            "variance": variance_measure,
            "z": nothing,
            "interval": (half_up(value, 1), half_up(value, 1)),
        }
    exact = _decimal(value)
    spread = _decimal(total_variance).sqrt()
    low, high = exact - Z_95 * spread, exact + Z_95 * spread
    # Judged on the exact interval: -19.994 to -0.006 excludes 0 though it prints as -20 to 0.
    if low <= 0 <= high:
        verdict = "the interval includes 0: not distinguishable from noise"
    elif high < 0:
        verdict = "a fall beyond noise, relative to the control"
    else:
        verdict = "a rise beyond noise, relative to the control"
    shown = half_up(value, 1)
    low_shown, high_shown = half_up(low, 1), half_up(high, 1)
    text = f"{signed(shown)}{unit} (95% interval {signed(low_shown)} to {signed(high_shown)}; {verdict})"
    if not with_displacement:
        text += "; the local term alone, as the area has no displacement area"
    z = half_up(exact / spread, 2)
    return {
        "local_effect": local_measure,
        "wdd": Measure(0.0 if shown == 0 else shown, text),
        "variance": variance_measure,
        "z": Measure(0.0 if z == 0 else z, f"{signed(0.0 if z == 0 else z, 2)} (WDD \u00f7 \u221avariance)"),
        "interval": (low_shown, high_shown),
    }


def _plain(value: float, places: int) -> str:
    return f"{int(value):,}" if float(value).is_integer() else f"{value:,.{places}f}"


def period_change(base, new, lengths: tuple[int, int], *, missing: str | None = None) -> Measure:
    """Before/after as a percentage; over periods of different length, of the counts per month."""
    if base is None:
        return Measure(None, missing or NOT_DEFINED_TEXT)
    n_b, n_a = lengths
    if n_b == n_a:
        return percent_change(base, new)
    rates = (
        f"{_plain(half_up(Fraction(base, n_b), 1), 1)} to {_plain(half_up(Fraction(new, n_a), 1), 1)} "
        f"incidents a month: {base:,} in {n_b} months to {new:,} in {n_a}"
    )
    if base == 0:
        return Measure(None, f"{NOT_DEFINED_TEXT} ({rates}: nothing in the base period)")
    if base < TOO_FEW:
        return Measure(None, f"{TOO_FEW_TEXT} ({rates})")
    value = half_up(Fraction(new * n_b, base * n_a) * 100 - 100, 1)
    value = 0.0 if value == 0 else value
    return Measure(value, f"{signed(value)}% ({rates})")


def month_runs(months) -> str:
    """Months named as runs: "Nov 2018", "Nov 2018, Jan\u2013Mar 2019"."""
    runs = []
    for day in sorted(months):
        if runs and add_months(runs[-1][1], 1) == day:
            runs[-1][1] = day
        else:
            runs.append([day, day])
    return ", ".join(period_label(first, last) for first, last in runs)


def no_data(months) -> Measure:
    """No comparison across months with no imported data: the months are named."""
    return Measure(None, f"no comparison: police.uk data not imported for {month_runs(months)}")


def partial_count(value, months, missing) -> Measure:
    """A count over a period some of whose months are not imported, said as such."""
    absent = [m for m in months if m in missing]
    if value is None or not absent:
        return None
    if len(absent) == len(months):
        return Measure(None, f"no data imported for {month_runs(absent)}")
    return Measure(
        value,
        f"{value:,} in the {len(months) - len(absent)} of {len(months)} months imported "
        f"(not imported: {month_runs(absent)})",
    )
