"""Every formula on hand-made counts where the answer is known (PRODUCT.md, "Assess")."""

import datetime
import json
from collections import Counter

import pytest

from hotspots.figures import compute
from hotspots.measures import Measure, months_between

from .conftest import month

BEFORE = (datetime.date(2018, 10, 1), datetime.date(2018, 12, 31))
AFTER = (datetime.date(2019, 1, 1), datetime.date(2019, 3, 31))
ALL_MONTHS = set(months_between(datetime.date(2018, 1, 1), datetime.date(2019, 3, 1)))


def counts(target, buffer, control, last_year=(0, 0, 0)):
    """Monthly counts: before = Oct-Dec 2018, after = Jan-Mar 2019, last year = Jan-Mar 2018."""
    months_b = [month(2018, 10), month(2018, 11), month(2018, 12)]
    months_a = [month(2019, 1), month(2019, 2), month(2019, 3)]
    months_ly = [month(2018, 1), month(2018, 2), month(2018, 3)]

    def counter(before, after, extra=(0, 0, 0)):
        if before is None:
            return None
        return Counter(
            dict(zip(months_b + months_a + months_ly, list(before) + list(after) + list(extra), strict=True))
        )

    return {
        "target": counter(*target, last_year),
        "buffer": counter(*buffer) if buffer else None,
        "control": counter(*control) if control else None,
    }


def figures(c, covered=ALL_MONTHS):
    return compute(
        area_name="Test",
        family_name="Serious violence",
        before=BEFORE,
        after=AFTER,
        counts=c,
        covered=covered,
    )


@pytest.fixture
def known():
    # R_b=40 R_a=20, B_b=20 B_a=24, C_b=100 C_a=80, target same period last year = 25
    return figures(
        counts(
            target=((10, 15, 15), (5, 5, 10)),
            buffer=((5, 5, 10), (8, 8, 8)),
            control=((30, 30, 40), (20, 30, 30)),
            last_year=(5, 10, 10),
        )
    )


def test_counts_per_region_and_period(known):
    assert [known.target_before.value, known.target_after.value] == [40, 20]
    assert [known.buffer_before.value, known.buffer_after.value] == [20, 24]
    assert [known.control_before.value, known.control_after.value] == [100, 80]
    assert known.target_same_period_last_year.value == 25
    assert known.monthly["target"] == [10, 15, 15, 5, 5, 10]
    assert known.months == ["Oct 2018", "Nov 2018", "Dec 2018", "Jan 2019", "Feb 2019", "Mar 2019"]
    assert known.chart["marker_index"] == 3
    assert known.before_period == "Oct\u2013Dec 2018" and known.after_period == "Jan\u2013Mar 2019"


def test_percentages_carry_their_counts(known):
    assert known.before_after_change.value == -50.0
    assert known.before_after_change.text == "\u221250% (40 to 20 incidents)"
    assert known.change_against_same_period_last_year.value == -20.0
    assert known.change_against_same_period_last_year.text == "\u221220% (25 to 20 incidents)"
    assert known.buffer_change.value == 20.0
    assert known.buffer_change.text == "+20% (20 to 24 incidents)"
    assert known.control_change.value == -20.0


def test_gross_and_net_effect(known):
    assert known.gross_effect.value == 20  # R_b - R_a
    assert known.net_effect.value == pytest.approx(0.15)  # 40/100 - 20/80


def test_weighted_displacement_quotient(known):
    # (24/80 - 20/100) / (20/80 - 40/100) = 0.1 / -0.15
    assert known.weighted_displacement_quotient.value == pytest.approx(-0.67)
    assert "some displacement" in known.weighted_displacement_quotient.text


def test_total_net_effect(known):
    # [40 * 80/100 - 20] + [20 * 80/100 - 24] = 12 - 8
    assert known.total_net_effect.value == pytest.approx(4.0)


def test_weighted_displacement_difference_and_interval(known):
    # (20 - 40) - (80 - 100) = 0; variance 20 + 40 + 80 + 100 = 240
    assert known.weighted_displacement_difference.value == 0
    low, high = known.wdd_interval
    assert low == pytest.approx(-30.4) and high == pytest.approx(30.4)  # 1.96 * sqrt(240) = 30.36
    assert "not distinguishable from noise" in known.weighted_displacement_difference.text


def test_a_fall_beyond_noise_is_said_so():
    f = figures(
        counts(
            target=((40, 40, 40), (10, 10, 10)),
            buffer=((1, 1, 1), (1, 1, 1)),
            control=((50, 50, 50), (50, 50, 50)),
        )
    )
    # WDD = (30 - 120) - 0 = -90; sqrt(30 + 120 + 150 + 150) = 21.2 -> +/- 41.6
    assert f.weighted_displacement_difference.value == -90
    assert f.wdd_interval == (pytest.approx(-131.6), pytest.approx(-48.4))
    assert "a fall beyond noise" in f.weighted_displacement_difference.text


def test_below_ten_in_the_base_period_is_too_few_to_judge():
    f = figures(
        counts(target=((3, 3, 3), (1, 1, 1)), buffer=((1, 1, 1), (1, 1, 1)), control=((9, 0, 0), (20, 0, 0)))
    )
    assert f.before_after_change.value is None
    assert f.before_after_change.text == "too few incidents to judge (9 to 3 incidents)"
    assert f.control_change.text == "too few incidents to judge (9 to 20 incidents)"
    assert f.weighted_displacement_quotient.text.startswith("too few incidents to judge")


def test_exactly_ten_is_enough():
    f = figures(counts(target=((4, 3, 3), (5, 0, 0)), buffer=None, control=None))
    assert f.before_after_change.value == -50.0


def test_empty_periods_are_not_defined_never_an_error():
    f = figures(
        counts(target=((0, 0, 0), (0, 0, 0)), buffer=((0, 0, 0), (0, 0, 0)), control=((0, 0, 0), (0, 0, 0)))
    )
    assert f.target_before.value == 0 and f.target_after.value == 0
    assert f.before_after_change.value is None
    assert f.before_after_change.text.startswith("not defined")
    assert f.net_effect.text.startswith("not defined")
    assert f.weighted_displacement_quotient.text.startswith("not defined")
    assert f.total_net_effect.text.startswith("not defined")
    assert f.weighted_displacement_difference.value == 0
    assert f.wdd_interval == (0.0, 0.0)
    json.dumps(f.as_dict())  # no infinity or NaN anywhere


def test_zero_control_after_makes_ratio_measures_not_defined():
    f = figures(
        counts(
            target=((10, 10, 10), (5, 5, 5)), buffer=((5, 5, 5), (5, 5, 5)), control=((10, 10, 10), (0, 0, 0))
        )
    )
    assert f.net_effect.value is None and f.net_effect.text.startswith("not defined")
    assert f.weighted_displacement_quotient.value is None
    # As the net effect and WDQ: the control has no incidents in a period (PRODUCT.md, "Assess").
    assert f.total_net_effect == Measure(None, "not defined (no control incidents in a period)")


def test_wdq_with_a_zero_denominator_is_not_defined():
    # R_a/C_a == R_b/C_b: 20/100 and 10/50
    f = figures(
        counts(
            target=((10, 5, 5), (5, 5, 0)), buffer=((5, 5, 5), (1, 1, 1)), control=((50, 25, 25), (25, 25, 0))
        )
    )
    assert f.weighted_displacement_quotient.value is None
    assert f.weighted_displacement_quotient.text == (
        "not defined (the target area did not change relative to the control: "
        "the response shows no effect relative to the control)"
    )


def test_without_a_control_area_the_control_measures_say_why():
    f = figures(counts(target=((10, 10, 10), (5, 5, 5)), buffer=((5, 5, 5), (5, 5, 5)), control=None))
    for name in (
        "control_before",
        "net_effect",
        "weighted_displacement_quotient",
        "total_net_effect",
        "weighted_displacement_difference",
    ):
        measure = getattr(f, name)
        assert measure.value is None
        assert measure.text == "not defined (no control area)"
    assert f.gross_effect.value == 15


def test_same_period_last_year_without_imported_data_says_so():
    covered = set(months_between(datetime.date(2018, 10, 1), datetime.date(2019, 3, 1)))
    f = figures(counts(target=((10, 10, 10), (5, 5, 5)), buffer=None, control=None), covered=covered)
    assert f.change_against_same_period_last_year.value is None
    assert f.change_against_same_period_last_year.text == (
        "no comparison: police.uk data not imported for Jan\u2013Mar 2018"
    )
    assert f.target_same_period_last_year.text == ("no data imported for Jan\u2013Mar 2018")
    assert f.before_after_change.value == -50.0  # the periods compared are whole


def test_missing_months_in_the_periods_are_noted():
    covered = set(months_between(datetime.date(2018, 10, 1), datetime.date(2019, 2, 1)))
    f = figures(counts(target=((10, 10, 10), (5, 5, 5)), buffer=None, control=None), covered=covered)
    assert f.notes == [
        "No police.uk data imported for Mar 2019: no comparison is made, "
        "and counts are of the months imported only."
    ]


def test_as_dict_has_counts_per_region_and_period_and_every_measure(known):
    data = known.as_dict()
    assert data["counts"]["target"] == {
        "before": 40,
        "after": 20,
        "same_period_last_year": 25,
        "by_month": {"2018-10": 10, "2018-11": 15, "2018-12": 15, "2019-01": 5, "2019-02": 5, "2019-03": 10},
    }
    assert data["measures"]["weighted_displacement_quotient"]["value"] == pytest.approx(-0.67)
    assert set(data["measures"]) >= {
        "before_after_change",
        "change_against_same_period_last_year",
        "gross_effect",
        "net_effect",
        "weighted_displacement_quotient",
        "total_net_effect",
        "weighted_displacement_difference",
    }


def test_pdf_rows_print_each_measure_as_its_text_under_the_pages_label(known):
    from hotspots.templatetags.hotspots_tags import MEASURE_LABELS
    from reports.plan_pdf import FIGURE_LABELS, _labelled

    rows = dict(_labelled(known, FIGURE_LABELS + MEASURE_LABELS))
    assert str(rows["Target area, change"]) == "\u221250% (40 to 20 incidents)"
    assert str(rows["Weighted displacement quotient"]).startswith("\u22120.67")
    assert all(value is not None and "_" not in label for label, value in rows.items())


def test_a_wdq_of_exactly_minus_one_is_displacement_cancelling_the_benefit():
    # R_b=10 R_a=0, B_b=4 B_a=14, C_b=C_a=12: (14/12 - 4/12) / (0/12 - 10/12) = -1 exactly,
    # a range of its own (in floating point it is -1.0000000000000002, "below -1").
    f = figures(
        counts(target=((4, 3, 3), (0, 0, 0)), buffer=((2, 1, 1), (5, 5, 4)), control=((4, 4, 4), (4, 4, 4)))
    )
    assert f.weighted_displacement_quotient.value == -1
    assert f.weighted_displacement_quotient.text == (
        "\u22121 (exactly \u22121: displacement cancels the benefit (no net effect))"
    )


def test_the_wdd_verdict_follows_the_exact_interval_not_its_rounding():
    # WDD = (3 - 13) - (5 - 5) = -10; 1.96 * sqrt(3 + 13 + 5 + 5) = 9.994, so the interval is
    # -19.994 to -0.006: all below 0, a fall beyond noise (printed to one place as -20 to 0).
    f = figures(counts(target=((5, 4, 4), (1, 1, 1)), buffer=None, control=((2, 2, 1), (2, 2, 1))))
    assert f.weighted_displacement_difference.value == -10
    assert f.wdd_interval == (pytest.approx(-20.0), pytest.approx(0.0))
    assert "a fall beyond noise" in f.weighted_displacement_difference.text


def test_a_period_with_months_not_imported_is_compared_with_nothing():
    # A plan that started after the last import: before (Oct-Dec 2018) holds 40 incidents, the
    # response months Jan-Mar 2019 are not imported. "-100%" and "a fall beyond noise" would be
    # wrong: nothing is known about the response period, so no comparison is made.
    covered = set(months_between(datetime.date(2018, 1, 1), datetime.date(2018, 12, 1)))
    f = figures(
        counts(
            target=((10, 15, 15), (0, 0, 0)),
            buffer=((5, 5, 10), (0, 0, 0)),
            control=((30, 30, 40), (0, 0, 0)),
            last_year=(5, 10, 10),
        ),
        covered=covered,
    )
    assert (f.target_before.value, f.target_after.value) == (40, None)
    unknown = "no comparison: police.uk data not imported for Jan\u2013Mar 2019"
    for name in (
        "change_against_same_period_last_year",
        "before_after_change",
        "buffer_change",
        "control_change",
        "gross_effect",
        "net_effect",
        "weighted_displacement_quotient",
        "total_net_effect",
        "weighted_displacement_difference",
        "local_effect",
        "wdd_variance",
        "wdd_z",
    ):
        assert getattr(f, name) == Measure(None, unknown), name
    assert f.wdd_interval is None
    assert f.notes == [
        "No police.uk data imported for Jan\u2013Mar 2019: no comparison is made, "
        "and counts are of the months imported only."
    ]
    # The counts of the months imported are listed as such, never as the whole period's.
    assert f.target_before.text == "40"
    assert f.target_after == Measure(None, "no data imported for Jan\u2013Mar 2019")


def test_many_months_without_data_are_named_as_runs():
    # A report over a year with no data yet would otherwise print twelve months in each figure.
    c = counts(
        target=((10, 15, 15), (0, 0, 0)), buffer=((5, 5, 10), (0, 0, 0)), control=((30, 30, 40), (0, 0, 0))
    )
    covered = set(months_between(datetime.date(2018, 1, 1), datetime.date(2018, 10, 1)))
    f = figures(c, covered=covered)
    assert f.before_after_change == Measure(
        None, "no comparison: police.uk data not imported for Nov 2018\u2013Mar 2019"
    )
    assert f.target_before.text == "10 in the 1 of 3 months imported (not imported: Nov\u2013Dec 2018)"


def test_wdq_and_tne_round_half_up_like_every_other_figure():
    # WDQ = (4/6 - 3/6) / (4/6 - 12/6) = -1/8 = -0.125 exactly: half up is -0.13 (round() gave -0.12).
    f = figures(
        counts(target=((4, 4, 4), (2, 1, 1)), buffer=((1, 1, 1), (2, 1, 1)), control=((2, 2, 2), (2, 2, 2)))
    )
    assert f.weighted_displacement_quotient.value == -0.13
    assert f.weighted_displacement_quotient.text.startswith("\u22120.13 ")
    # TNE = [10 x 2/8 - 1] + [3 x 2/8 - 1] = 1.25 exactly: +1.3 (round() gave +1.2).
    f = figures(
        counts(target=((4, 3, 3), (1, 0, 0)), buffer=((1, 1, 1), (1, 0, 0)), control=((3, 3, 2), (1, 1, 0)))
    )
    assert f.total_net_effect.value == 1.3
    assert f.total_net_effect.text == "+1.3"


def test_effects_from_too_few_target_incidents_say_so_beside_the_count():
    # R_b = 9, one below the threshold: the effects would be noise, so none is given as a number;
    # the counts stay, and the WDD keeps its interval, which is its own judgement of noise.
    f = figures(
        counts(
            target=((3, 3, 3), (1, 0, 0)), buffer=((4, 4, 4), (2, 2, 2)), control=((10, 10, 10), (9, 9, 9))
        )
    )
    too_few = Measure(None, "too few incidents to judge (9 in the target area before)")
    for name in ("gross_effect", "net_effect", "weighted_displacement_quotient", "total_net_effect"):
        assert getattr(f, name) == too_few, name
    assert (f.target_before.value, f.target_after.value) == (9, 1)
    assert f.weighted_displacement_difference.value == (1 - 9) - (27 - 30)
    assert "interval" in f.weighted_displacement_difference.text
    # One more incident before and every effect is a figure again.
    f = figures(
        counts(
            target=((4, 3, 3), (1, 0, 0)), buffer=((4, 4, 4), (2, 2, 2)), control=((10, 10, 10), (9, 9, 9))
        )
    )
    assert f.gross_effect.value == 9
    assert f.net_effect.value is not None and f.total_net_effect.value is not None
