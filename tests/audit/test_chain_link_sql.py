"""The link the database computes in log_event's one INSERT is canonical.chain_hash, for every head."""

import pytest

from audit.canonical import chain_hash, content_digest
from audit.models import ChainHead, Event
from audit.services import log_event

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("sequence", [0, 9, 99, 2**31 - 1, 2**31, 2**53, 2**53 + 1, 2**62, 2**63 - 2])
def test_the_database_links_as_chain_hash_at_any_sequence(officer, sequence):
    ChainHead.objects.filter(pk=1).update(last_sequence=sequence, last_hash="a" * 64)
    event = log_event(action="plan.view", actor=officer)
    stored = Event.objects.get(pk=event.pk)
    assert (stored.sequence, stored.prev_hash) == (sequence + 1, "a" * 64)
    digest = content_digest(stored.hashed_values())
    assert stored.hash == event.hash == chain_hash("a" * 64, sequence + 1, digest) == stored.compute_hash()
