"""Transactional tests empty the database between tests; the audit triggers refuse that, and so
do the triggers that fix an approved claim (hotspots.claim_triggers).

Loaded by tests/conftest.py for the whole suite: only the test flush lifts the triggers,
for the one statement list that empties the tables, and puts them back at once, with the
chain head row the audit migration creates.
"""

import pytest
from django.db.backends.base.operations import BaseDatabaseOperations

from audit import triggers
from audit.models import ChainHead
from hotspots import claim_triggers


@pytest.fixture(scope="session", autouse=True)
def audit_triggers_allow_test_flush():
    original = BaseDatabaseOperations.execute_sql_flush

    def execute_sql_flush(self, sql_list):
        if not any(triggers.TABLE in sql for sql in sql_list):
            return original(self, sql_list)
        triggers.remove(self.connection)
        claim_triggers.remove(self.connection)  # an approved claim is fixed too
        try:
            result = original(self, sql_list)
        finally:
            triggers.install(self.connection)
            claim_triggers.install(self.connection)
        # Put back the chain head row the migration made, so the next test starts as after
        # migrate (and its query counts do not depend on which test ran before it).
        ChainHead.objects.using(self.connection.alias).bulk_create([ChainHead(pk=1)], ignore_conflicts=True)
        return result

    BaseDatabaseOperations.execute_sql_flush = execute_sql_flush
    yield
    BaseDatabaseOperations.execute_sql_flush = original
