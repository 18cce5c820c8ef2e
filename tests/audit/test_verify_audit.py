"""verify_audit walks the whole chain and names the first event that was changed or removed."""

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from audit import integrity, triggers
from audit.models import Event
from audit.services import log_event
from tests.audit.chain import extend_chain

pytestmark = pytest.mark.django_db


@pytest.fixture
def chain(officer, manager):
    """Ten events written the ordinary way, with changes of every JSON kind."""
    for i in range(10):
        log_event(
            action="plan.update",
            actor=officer if i % 2 else manager,
            changes={
                "title": [f"Old {i}", f"New {i} – café"],
                "minutes": [i, i + 0.5],
                "flags": [None, True],
            },
            reason=f"Review {i}",
        )
    return list(Event.objects.order_by("sequence"))


def run_verify(*args):
    from io import StringIO

    out = StringIO()
    call_command("verify_audit", *args, stdout=out)
    return out.getvalue()


def raw(sql, params=()):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def test_an_untouched_chain_verifies_with_its_count(chain):
    assert "Verified 10 audit events" in run_verify()


def test_an_empty_chain_verifies(db):
    assert "Verified 0 audit events" in run_verify()


def test_a_long_chain_verifies_across_chunks(chain):
    extend_chain(120)
    result = integrity.verify_chain(chunk=7)
    assert result.count == 130
    assert result.last_sequence == 130


def test_editing_one_events_data_is_caught_at_that_event(chain):
    triggers.remove(connection)
    raw("UPDATE audit_event SET reason = 'nothing to see' WHERE sequence = 4")
    with pytest.raises(CommandError, match=r"event #4 \(plan.update by officer .*does not match its hash"):
        run_verify()


def test_editing_the_changes_json_is_caught(chain):
    triggers.remove(connection)
    event = chain[6]
    changes = dict(event.changes, title=["Old", "Forged"])
    import json

    raw("UPDATE audit_event SET changes = %s WHERE id = %s", [json.dumps(changes), event.pk])
    with pytest.raises(CommandError, match=r"event #7 .*does not match its hash"):
        run_verify()


def test_a_deleted_event_is_caught_as_a_gap(chain):
    triggers.remove(connection)
    raw("DELETE FROM audit_event WHERE sequence = 5")
    with pytest.raises(CommandError, match=r"event #5 missing before event #6"):
        run_verify()


def test_a_deleted_first_event_is_caught(chain):
    triggers.remove(connection)
    raw("DELETE FROM audit_event WHERE sequence = 1")
    with pytest.raises(CommandError, match=r"event #1 missing"):
        run_verify()


def test_deleted_newest_events_are_caught_against_the_head(chain):
    triggers.remove(connection)
    raw("DELETE FROM audit_event WHERE sequence >= 9")
    with pytest.raises(CommandError, match=r"ends at #8 but its head records #10"):
        run_verify()


def test_a_renumbered_chain_is_caught_by_its_broken_link(chain):
    triggers.remove(connection)
    raw("DELETE FROM audit_event WHERE sequence = 5")
    # Close the gap by hand: the sequence is continuous again, but #6 still points at #5's hash.
    for sequence in range(6, 11):
        raw("UPDATE audit_event SET sequence = %s WHERE sequence = %s", [sequence - 1, sequence])
    with pytest.raises(CommandError, match=r"event #5 .*does not link to the event before it"):
        run_verify()


def test_verify_exits_non_zero(chain):
    triggers.remove(connection)
    raw("UPDATE audit_event SET action = 'plan.view' WHERE sequence = 2")
    with pytest.raises(CommandError) as info:
        run_verify()
    assert info.value.returncode != 0


def test_a_rehashed_newest_event_is_caught_against_the_head(chain):
    from audit.canonical import event_hash

    triggers.remove(connection)
    newest = chain[-1]
    newest.reason = "Forged"
    forged = event_hash(newest.hashed_values())
    raw("UPDATE audit_event SET reason = 'Forged', hash = %s WHERE id = %s", [forged, newest.pk])
    with pytest.raises(CommandError, match=r"event #10 .*does not have the hash the chain head records"):
        run_verify()
