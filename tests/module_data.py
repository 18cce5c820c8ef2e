"""Data loaded once for a whole test file, as the demo's tests load it."""

import contextlib

from django.db import connection, transaction
from django.test import override_settings

from tests.conftest import FAST_PASSWORD_HASHERS


@contextlib.contextmanager
def loaded_for_the_file(django_db_blocker, load):
    """Runs `load()` (with DEBUG on, as the demo needs, and the tests' fast hasher) inside a
    transaction rolled back after the file's last test, and gives what it returned; each test
    then runs in a savepoint of its own.

    The deferred foreign keys are checked once, after the load: each test's teardown checks them
    (as Django's TestCase does) inside its savepoint, whose rollback queued the load's checks all
    again, 2 to 3 s a test on PostgreSQL after the 35 months."""
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            with override_settings(DEBUG=True, PASSWORD_HASHERS=FAST_PASSWORD_HASHERS):
                loaded = load()
            connection.check_constraints()
            yield loaded
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
