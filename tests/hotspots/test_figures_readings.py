"""The readings of the literature, the full WDD and rounding at exact halves, on hand-made counts.

Guerette, POP Center tool guide No. 10, appendices B and C; Bowers and Johnson 2003; Wheeler and
Ratcliffe 2018 (PRODUCT.md, "Assess"). Every expected answer below is worked by hand in the comment
beside it.
"""

import datetime
from collections import Counter

import pytest

from hotspots.figures import area_figures, compute
from hotspots.measures import Measure, months_between

from .conftest import IN_BUFFER, IN_CONTROL, INSIDE, mark_imported, month, place

pytestmark = pytest.mark.django_db

OCT_DEC = (datetime.date(2018, 10, 1), datetime.date(2018, 12, 31))
JAN_MAR = (datetime.date(2019, 1, 1), datetime.date(2019, 3, 31))
JUL_DEC = (datetime.date(2018, 7, 1), datetime.date(2018, 12, 31))
ALL_MONTHS = set(months_between(datetime.date(2018, 1, 1), datetime.date(2019, 3, 1)))


def totals(*, before=OCT_DEC, after=JAN_MAR, covered=ALL_MONTHS, **regions):
    """Figures from period totals: each region's (before, after) counts, all in each period's first month."""
    counts = {}
    for region in ("target", "buffer", "control", "displacement_control"):
        pair = regions.get(region)
        counts[region] = None if pair is None else Counter({before[0]: pair[0], after[0]: pair[1]})
    return compute(
        area_name="Test",
        family_name="Robbery",
        before=before,
        after=after,
        counts=counts,
        covered=covered,
    )


NO_EFFECT = (
    "the target area did not improve relative to the control: the response shows no effect relative "
    "to the control, so there is no displacement or diffusion to read"
)

# Control 10 and 10; target 20 to 10, so the success measure R_a/C_a - R_b/C_b = 1 - 2 = -1 and
# WDQ = (B_a/10 - B_b/10) / -1 = (B_b - B_a) / 10.
READINGS = [
    ((30, 15), 1.5, "+1.50 (above +1: diffusion of benefits greater than the direct effect)"),
    ((20, 10), 1.0, "+1 (above 0 up to +1: diffusion of benefits)"),
    ((10, 5), 0.5, "+0.50 (above 0 up to +1: diffusion of benefits)"),
    ((10, 10), 0.0, "0 (0: no displacement or diffusion)"),
    (
        (10, 15),
        -0.5,
        "\u22120.50 (below 0 down to above \u22121: some displacement, less than the direct benefit)",
    ),
    ((10, 20), -1.0, "\u22121 (exactly \u22121: displacement cancels the benefit (no net effect))"),
    ((10, 25), -1.5, "\u22121.50 (below \u22121: displacement greater than the benefit)"),
]


@pytest.mark.parametrize(("buffer", "value", "text"), READINGS)
def test_each_range_of_the_wdq_is_read_as_the_literature_reads_it(buffer, value, text):
    f = totals(target=(20, 10), buffer=buffer, control=(10, 10))
    assert f.weighted_displacement_quotient == Measure(value, text)


def test_a_target_that_got_worse_relative_to_the_control_gets_no_reading():
    # The case: the target rose 51.8% (27 to 41) while the control stayed at 50. Success
    # measure 41/50 - 27/50 = +0.28: not an improvement. WDQ = (B_a/50 - B_b/50) / 0.28
    # = (37 - 30) / 50 / 0.28 = 0.14 / 0.28 = +0.5, which must not be read as diffusion.
    f = totals(target=(27, 41), buffer=(30, 37), control=(50, 50))
    assert f.before_after_change.text == "+51.9% (27 to 41 incidents)"
    assert f.weighted_displacement_quotient == Measure(0.5, f"+0.50 ({NO_EFFECT})")
    assert "diffusion of benefits" not in f.weighted_displacement_quotient.text


def test_a_target_that_fell_less_than_its_control_gets_no_reading_either():
    # Target 20 to 18 (-10%), control 10 to 5 (-50%): 18/5 - 20/10 = +1.6, worse relative to control.
    f = totals(target=(20, 18), buffer=(10, 8), control=(10, 5))
    assert f.weighted_displacement_quotient.text.endswith(f"({NO_EFFECT})")


def test_a_target_unchanged_relative_to_the_control_has_no_wdq_and_no_effect():
    # 10/20 - 20/40 = 0: the WDQ's denominator is 0.
    f = totals(target=(20, 10), buffer=(10, 5), control=(40, 20))
    assert f.weighted_displacement_quotient == Measure(
        None,
        "not defined (the target area did not change relative to the control: "
        "the response shows no effect relative to the control)",
    )


def test_a_control_falling_to_nought_leaves_net_effect_wdq_and_tne_not_defined():
    f = totals(target=(20, 10), buffer=(10, 5), control=(20, 0), displacement_control=(5, 5))
    for name in ("net_effect", "weighted_displacement_quotient", "total_net_effect"):
        assert getattr(f, name) == Measure(None, "not defined (no control incidents in a period)"), name
    # The WDD needs no ratio: (10 - 20) - (0 - 20) + (5 - 10) - (5 - 5) = -10 + 20 - 5 = +5.
    assert f.weighted_displacement_difference.value == 5
    # And with none before either.
    f = totals(target=(20, 10), buffer=(10, 5), control=(0, 7))
    assert f.total_net_effect == Measure(None, "not defined (no control incidents in a period)")


def test_the_full_wdd_against_a_worked_example():
    # T 60 -> 40, C 50 -> 55, D 30 -> 28, Dc 20 -> 22 (three months each):
    # local term = (40 - 60) - (55 - 50) = -20 - 5 = -25
    # WDD = -25 + (28 - 30) - (22 - 20) = -25 - 2 - 2 = -29
    # variance = 60 + 40 + 50 + 55 + 30 + 28 + 20 + 22 = 305; sqrt(305) = 17.46425
    # 95% interval = -29 -/+ 1.96 x 17.46425 = -29 -/+ 34.22993 = -63.22993 to +5.22993: -63.2 to +5.2
    # z = -29 / 17.46425 = -1.66053: -1.66
    f = totals(target=(60, 40), control=(50, 55), buffer=(30, 28), displacement_control=(20, 22))
    assert f.local_effect == Measure(-25.0, "\u221225")
    assert f.weighted_displacement_difference == Measure(
        -29.0,
        "\u221229 (95% interval \u221263.2 to +5.2; the interval includes 0: not distinguishable from noise)",
    )
    assert f.wdd_interval == (-63.2, 5.2)
    assert f.wdd_variance == Measure(305.0, "305 (the sum of the eight counts)")
    assert f.wdd_z == Measure(-1.66, "\u22121.66 (WDD \u00f7 \u221avariance)")
    assert (f.displacement_control_before.value, f.displacement_control_after.value) == (20, 22)
    assert f.comparison_basis == "counts"
    data = f.as_dict()
    assert data["comparison_basis"] == "counts"
    assert data["counts"]["displacement_control"]["before"] == 20
    assert data["measures"]["wdd_z"]["value"] == -1.66


def test_periods_of_different_length_compare_counts_per_month():
    # Before Jul-Dec 2018 (6 months), after Jan-Mar 2019 (3 months). Per month:
    # T 60/6 = 10 -> 24/3 = 8, C 36/6 = 6 -> 21/3 = 7, D 18/6 = 3 -> 12/3 = 4, Dc 12/6 = 2 -> 9/3 = 3
    # local term = (8 - 10) - (7 - 6) = -3; WDD = -3 + (4 - 3) - (3 - 2) = -3 a month
    # variance = (60 + 36 + 18 + 12) / 6^2 + (24 + 21 + 12 + 9) / 3^2 = 126/36 + 66/9 = 3.5 + 7.3333
    #          = 65/6 = 10.8333; sqrt = 3.29140; 1.96 x 3.29140 = 6.45115
    # interval = -9.45115 to +3.45115: -9.5 to +3.5; z = -3 / 3.29140 = -0.91147: -0.91
    f = totals(
        before=JUL_DEC,
        target=(60, 24),
        control=(36, 21),
        buffer=(18, 12),
        displacement_control=(12, 9),
    )
    assert f.comparison_basis == "counts per month"
    assert f.as_dict()["comparison_basis"] == "counts per month"
    assert f.local_effect == Measure(-3.0, "\u22123 incidents a month")
    assert f.weighted_displacement_difference.value == -3.0
    assert f.weighted_displacement_difference.text.startswith(
        "\u22123 incidents a month (95% interval \u22129.5 to +3.5;"
    )
    assert f.wdd_variance == Measure(
        10.83, "10.83 (the sum of the eight counts, each divided by the square of its period's months)"
    )
    assert f.wdd_z.value == -0.91
    # The change and gross effect per month too: 10 to 8 a month is -20%, 2 a month fewer.
    assert f.before_after_change == Measure(
        -20.0, "\u221220% (10 to 8 incidents a month: 60 in 6 months to 24 in 3)"
    )
    assert f.gross_effect == Measure(2.0, "+2 incidents a month")
    assert "differ in length (6 and 3 months)" in f.notes[0]
    # The ratios to the control are the same in totals or per month: 60/36 - 24/21 = 0.52381.
    assert f.net_effect.value == 0.524


def test_every_effect_rounds_half_away_from_zero_on_its_exact_value():
    # Percentages: 400 -> 449 is +12.25% exactly: +12.3 (half to even gives +12.2); 400 -> 351: -12.3.
    assert totals(target=(400, 449)).before_after_change.value == 12.3
    assert totals(target=(400, 351)).before_after_change.value == -12.3
    # Net effect: 31/40 - 31/80 = 0.775 - 0.3875 = 0.3875 exactly: 0.388 (in floats 0.387).
    assert totals(target=(31, 31), control=(40, 80)).net_effect == Measure(0.388, "+0.388")
    # WDQ: control 8 and 8, target 16 -> 8 (success -1), buffer 8 -> 9: (9/8 - 8/8) / -1 = -0.125: -0.13;
    # buffer 9 -> 8: +0.125: +0.13.
    assert totals(target=(16, 8), buffer=(8, 9), control=(8, 8)).weighted_displacement_quotient.value == -0.13
    assert totals(target=(16, 8), buffer=(9, 8), control=(8, 8)).weighted_displacement_quotient.value == 0.13
    # TNE: [10 x 2/8 - 1] + [3 x 2/8 - 1] = 1.5 - 0.25 = 1.25: +1.3; mirrored, -1.25: -1.3.
    assert totals(target=(10, 1), buffer=(3, 1), control=(8, 2)).total_net_effect.value == 1.3
    # TNE = [10 x 2/8 - 4] + [3 x 2/8 - 1] = -1.5 - 0.25 = -1.75: -1.8.
    assert totals(target=(10, 4), buffer=(3, 1), control=(8, 2)).total_net_effect.value == -1.8
    # WDD per month: 41 over 4 months (10.25) to 16 over 2 (8), control 10 a month in both:
    # (8 - 10.25) - (10 - 10) = -2.25: -2.3 (half to even gives -2.2).
    f = totals(
        before=(datetime.date(2018, 9, 1), datetime.date(2018, 12, 31)),
        after=(datetime.date(2019, 1, 1), datetime.date(2019, 2, 28)),
        target=(41, 16),
        control=(40, 20),
    )
    assert f.local_effect.value == -2.3
    assert f.weighted_displacement_difference.value == -2.3


def test_the_wdd_without_a_buffer_is_the_local_term_and_says_so():
    # (40 - 60) - (55 - 50) = -25; variance 60 + 40 + 50 + 55 = 205.
    f = totals(target=(60, 40), control=(50, 55))
    assert f.weighted_displacement_difference.value == -25
    assert "the local term alone" in f.weighted_displacement_difference.text
    assert f.wdd_variance.text == "205 (the sum of the four counts (no displacement area))"


def test_the_control_ring_is_counted_as_the_displacement_areas_control(target_area, serious_violence):
    # About 100 m north of the control square's top edge (52.7745): inside the 200 m ring around it.
    near_control = (IN_CONTROL[0], 52.7754)
    far_from_control = (IN_CONTROL[0], 52.7790)  # about 500 m north: beyond it
    place(INSIDE, month(2018, 10), 12)
    place(IN_BUFFER, month(2018, 11), 3)
    place(IN_CONTROL, month(2018, 12), 20)
    place(near_control, month(2018, 11), 6)
    place(near_control, month(2019, 2), 2)
    place(far_from_control, month(2019, 2), 9)
    f = area_figures(area=target_area, family=serious_violence, before=OCT_DEC, after=JAN_MAR)
    assert (f.control_before.value, f.control_after.value) == (20, 0)
    assert (f.displacement_control_before.value, f.displacement_control_after.value) == (6, 2)
    assert f.displacement_control_monthly == [0, 6, 0, None, 2, None]
    mark_imported(month(2019, 1), month(2019, 3))
    f = area_figures(area=target_area, family=serious_violence, before=OCT_DEC, after=JAN_MAR)
    # WDD = (0 - 12) - (0 - 20) + (0 - 3) - (2 - 6) = -12 + 20 - 3 + 4 = +9; variance 12+20+3+6+2 = 43.
    assert f.weighted_displacement_difference.value == 9
    assert f.wdd_variance.value == 43


def test_the_controls_displacement_area_is_a_ring_of_the_buffers_width_or_the_one_drawn():
    from shapely.geometry import shape

    from hotspots import geometry

    from .conftest import CONTROL, TARGET

    shapes = geometry.build_shapes(geometry=TARGET, buffer_m=200, tolerance_m=0, control_geometry=CONTROL)
    control = geometry.to_bng(shape(CONTROL))
    # The ring: the control grown by 200 m, less the control itself.
    assert shapes.displacement_control.area == pytest.approx(control.buffer(200).area - control.area)
    assert shapes.displacement_control.intersection(control).area == pytest.approx(0, abs=1e-6)
    drawn = {
        "type": "Polygon",
        "coordinates": [
            [
                [-1.2200, 52.7600],
                [-1.1900, 52.7600],
                [-1.1900, 52.7800],
                [-1.2200, 52.7800],
                [-1.2200, 52.7600],
            ]
        ],
    }
    shapes = geometry.build_shapes(
        geometry=TARGET,
        buffer_m=200,
        tolerance_m=0,
        control_geometry=CONTROL,
        displacement_control_geometry=drawn,
    )
    expected = geometry.to_bng(shape(drawn)).difference(control).area
    assert shapes.displacement_control.area == pytest.approx(expected)
    # No buffer and none drawn: no displacement area for the control either.
    assert (
        geometry.build_shapes(
            geometry=TARGET, buffer_m=0, tolerance_m=0, control_geometry=CONTROL
        ).displacement_control
        is None
    )
