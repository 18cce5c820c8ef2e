"""The verifier reads stored UTC text straight into the hashed form: it must be format_time's, exactly."""

import datetime

import pytest

from audit.canonical import format_time
from audit.integrity import _time_text

UTC = datetime.UTC


@pytest.mark.parametrize(
    "moment",
    [
        datetime.datetime(2026, 4, 1, 10, 0, 0, tzinfo=UTC),  # no microseconds: SQLite stores 19 characters
        datetime.datetime(2026, 4, 1, 10, 0, 0, 1, tzinfo=UTC),
        datetime.datetime(2019, 12, 31, 23, 59, 59, 999999, tzinfo=UTC),
        datetime.datetime(2000, 1, 1, tzinfo=UTC),
    ],
)
def test_stored_text_reads_as_format_time_writes(moment):
    # Django's SQLite backend stores str() of the naive UTC value; the PostgreSQL walk asks for
    # the same shape with six fractional digits always.
    sqlite_text = str(moment.replace(tzinfo=None))
    postgres_text = moment.replace(tzinfo=None).isoformat(sep=" ", timespec="microseconds")
    assert _time_text(sqlite_text) == format_time(moment)
    assert _time_text(postgres_text) == format_time(moment)


@pytest.mark.parametrize(
    "text", ["2026-04-01T10:00:00", "2026-04-01 10:00:00.5", "2026-04-01 10:00", "2026-04-01 10:00:00.123"]
)
def test_any_other_shape_takes_the_long_way_to_the_same_form(text):
    expected = format_time(datetime.datetime.fromisoformat(text).replace(tzinfo=UTC))
    assert _time_text(text) == expected
