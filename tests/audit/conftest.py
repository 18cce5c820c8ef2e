import pytest
from django.db import connection


def pytest_runtest_setup(item):
    # Row locks and concurrent writers need PostgreSQL; SQLite serialises writers anyway.
    if item.get_closest_marker("postgres_only") and connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (run with DATABASE_URL=postgres://...)")


@pytest.fixture
def checkpoint_key(settings):
    settings.AUDIT_CHECKPOINT_KEY = "test-checkpoint-key-" + "k" * 40
    return settings.AUDIT_CHECKPOINT_KEY
