"""`make test-postgres` runs only the tests that can reach the database (--database-tests-only,
tests/conftest.py): the rest ran on SQLite already, and would run the same again."""

from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tests.conftest import uses_the_database

TESTS = Path(__file__).resolve().parent


@dataclass
class Item:
    """What the selection reads of a collected test."""

    fspath: Path
    fixturenames: list = field(default_factory=list)
    marker: str | None = None

    def get_closest_marker(self, name):
        return object() if name == self.marker else None


@pytest.mark.parametrize(
    ("item", "kept"),
    [
        (Item(TESTS / "partners/test_markup.py"), False),  # no database at all
        (Item(TESTS / "partners/test_markup.py", marker="django_db"), True),
        (Item(TESTS / "partners/test_markup.py", fixturenames=["settings", "db"]), True),
        (Item(TESTS / "partners/test_markup.py", fixturenames=["live_server"]), True),
        # Starts a server that reads DATABASE_URL, with no database fixture of its own.
        (Item(TESTS / "test_health.py"), True),
    ],
)
def test_a_test_is_kept_when_it_can_reach_the_database(item, kept):
    assert uses_the_database(item) is kept
