"""A signed checkpoint of the chain head catches a whole chain rewritten after it."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from audit import triggers
from audit.canonical import GENESIS_HASH
from audit.models import ChainHead, Event
from audit.services import log_event

pytestmark = pytest.mark.django_db


@pytest.fixture
def chain(officer):
    for i in range(10):
        log_event(
            action="plan.update", actor=officer, changes={"title": [str(i), str(i + 1)]}, reason="Review"
        )


def command(name, *args):
    out = StringIO()
    call_command(name, *args, stdout=out)
    return out.getvalue()


def rewrite_from(sequence: int, reason: str) -> None:
    """What someone with full database rights could do: change an event and rehash everything after it."""
    triggers.remove(connection)
    prev = Event.objects.get(sequence=sequence - 1).hash if sequence > 1 else GENESIS_HASH
    for event in Event.objects.filter(sequence__gte=sequence).order_by("sequence"):
        if event.sequence == sequence:
            event.reason = reason
        event.prev_hash = prev
        event.hash = event.compute_hash()
        with connection.cursor() as cursor:
            cursor.execute(
                "UPDATE audit_event SET reason = %s, prev_hash = %s, hash = %s WHERE id = %s",
                [event.reason, event.prev_hash, event.hash, event.pk],
            )
        prev = event.hash
    ChainHead.objects.filter(pk=1).update(last_hash=prev)


def test_it_writes_a_signed_checkpoint_of_the_head(chain, checkpoint_key, tmp_path):
    out = tmp_path / "checkpoint.json"
    assert "Checkpoint of event #10" in command("audit_checkpoint", "--out", str(out))
    document = json.loads(out.read_text())
    assert document["sequence"] == 10
    assert document["hash"] == Event.objects.get(sequence=10).hash
    assert document["algorithm"] == "HMAC-SHA256"
    assert len(document["signature"]) == 64


def test_taking_a_checkpoint_is_recorded_in_the_trail(chain, checkpoint_key, tmp_path):
    command("audit_checkpoint", "--out", str(tmp_path / "c.json"))
    event = Event.objects.latest("sequence")
    assert (event.sequence, event.action, event.actor_id, event.actor_username) == (
        11,
        "audit.checkpoint",
        None,
        "",
    )
    assert event.changes == {
        "checkpoint_sequence": [None, 10],
        "checkpoint_hash": [None, Event.objects.get(sequence=10).hash],
    }
    assert event.target_label == "Checkpoint of event #10"


def test_a_checkpoint_that_cannot_be_written_records_nothing(chain, checkpoint_key, tmp_path):
    with pytest.raises(CommandError):
        command("audit_checkpoint", "--out", str(tmp_path / "missing" / "c.json"))
    assert Event.objects.latest("sequence").sequence == 10


def test_a_new_checkpoint_that_cannot_be_finished_leaves_the_previous_one_whole(
    chain, checkpoint_key, tmp_path, monkeypatch
):
    out = tmp_path / "c.json"
    command("audit_checkpoint", "--out", str(out))
    before = out.read_text()

    def disk_full(fd):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("audit.integrity.os.fsync", disk_full)
    with pytest.raises(CommandError):
        command("audit_checkpoint", "--out", str(out))
    assert out.read_text() == before  # not truncated, not half-written
    assert [p.name for p in tmp_path.iterdir()] == ["c.json"]  # nothing partial left
    command("verify_audit", "--checkpoint", str(out))


def test_the_chain_verifies_against_its_checkpoint_and_later_events(chain, checkpoint_key, tmp_path, officer):
    out = tmp_path / "checkpoint.json"
    command("audit_checkpoint", "--out", str(out))
    log_event(action="plan.view", actor=officer)
    result = command("verify_audit", "--checkpoint", str(out))
    assert "Verified 12 audit events" in result  # the chain, the checkpoint's own event, the view
    assert "still holds checkpoint #10" in result


def test_a_whole_chain_rewritten_after_the_checkpoint_is_caught(chain, checkpoint_key, tmp_path):
    out = tmp_path / "checkpoint.json"
    command("audit_checkpoint", "--out", str(out))
    rewrite_from(3, "Nothing happened")
    # Without the checkpoint the forged chain is self-consistent (the checkpoint's own event,
    # #11, rewritten too)...
    assert "Verified 11 audit events" in command("verify_audit")
    # ...with it, the checkpointed head no longer matches.
    with pytest.raises(CommandError, match=r"event #10 .*no longer has the hash checkpointed"):
        command("verify_audit", "--checkpoint", str(out))


def test_a_chain_cut_short_before_the_checkpoint_is_caught(chain, checkpoint_key, tmp_path):
    out = tmp_path / "checkpoint.json"
    command("audit_checkpoint", "--out", str(out))
    triggers.remove(connection)
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_event WHERE sequence > 7")
    ChainHead.objects.filter(pk=1).update(last_sequence=7, last_hash=Event.objects.get(sequence=7).hash)
    assert "Verified 7 audit events" in command("verify_audit")
    with pytest.raises(CommandError, match=r"ends at #7, before event #10"):
        command("verify_audit", "--checkpoint", str(out))


def test_an_altered_checkpoint_is_refused(chain, checkpoint_key, tmp_path):
    out = tmp_path / "checkpoint.json"
    command("audit_checkpoint", "--out", str(out))
    document = json.loads(out.read_text())
    document["sequence"] = 3
    document["hash"] = Event.objects.get(sequence=3).hash
    out.write_text(json.dumps(document))
    with pytest.raises(CommandError, match="does not carry a valid signature"):
        command("verify_audit", "--checkpoint", str(out))


def test_a_checkpoint_signed_with_another_key_is_refused(chain, checkpoint_key, tmp_path, settings):
    out = tmp_path / "checkpoint.json"
    command("audit_checkpoint", "--out", str(out))
    settings.AUDIT_CHECKPOINT_KEY = "another-key-" + "x" * 40
    with pytest.raises(CommandError, match="does not carry a valid signature"):
        command("verify_audit", "--checkpoint", str(out))


def test_it_refuses_to_checkpoint_without_a_key(chain, settings, tmp_path):
    settings.AUDIT_CHECKPOINT_KEY = ""
    out = tmp_path / "checkpoint.json"
    with pytest.raises(CommandError, match="AUDIT_CHECKPOINT_KEY is not set"):
        command("audit_checkpoint", "--out", str(out))
    assert not out.exists()


def test_it_refuses_a_short_key(chain, settings, tmp_path):
    settings.AUDIT_CHECKPOINT_KEY = "short"
    with pytest.raises(CommandError, match="too short"):
        command("audit_checkpoint", "--out", str(tmp_path / "c.json"))


def test_an_unreadable_checkpoint_is_a_clear_error(chain, checkpoint_key, tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text("not json")
    with pytest.raises(CommandError, match="Cannot read the checkpoint"):
        command("verify_audit", "--checkpoint", str(bad))


def test_the_key_is_not_in_the_database(chain, checkpoint_key, tmp_path):
    command("audit_checkpoint", "--out", str(tmp_path / "c.json"))
    dumped = str(list(Event.objects.values_list())) + str(list(ChainHead.objects.values_list()))
    assert checkpoint_key not in dumped
