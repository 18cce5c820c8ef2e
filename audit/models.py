from django.conf import settings
from django.db import models
from django.utils import timezone

from .canonical import GENESIS_HASH, HASHED_FIELDS, event_hash

__all__ = ["GENESIS_HASH", "AppendOnlyError", "ChainHead", "Event"]


class AppendOnlyError(Exception):
    """Raised when code tries to change or remove an audit event."""


class EventQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError("Audit events cannot be changed.")

    def delete(self):
        raise AppendOnlyError("Audit events cannot be deleted.")


class Event(models.Model):
    """One audited thing that happened: append-only, each carrying the previous event's hash."""

    sequence = models.BigIntegerField(unique=True)
    occurred_at = models.DateTimeField(default=timezone.now, db_index=True)
    # No database constraint and no cascade: an event outlives the account it names,
    # and a cascade would be an UPDATE or DELETE on this table.
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        # Lookups by person use the stored username (audit_event_actor_seq): one index fewer.
        db_index=False,
        related_name="+",
    )
    actor_username = models.CharField(max_length=150, blank=True)
    actor_organisation = models.CharField(max_length=120, blank=True)
    action = models.CharField(max_length=60)
    target_type = models.CharField(max_length=60, blank=True)
    target_id = models.CharField(max_length=64, blank=True)
    target_label = models.CharField(max_length=200, blank=True)
    plan_id = models.BigIntegerField(null=True, blank=True)
    changes = models.JSONField(default=dict, blank=True)
    # Police-only events carry police-only values; partners never read them.
    police_only = models.BooleanField(default=False)
    reason = models.TextField(blank=True)
    request_id = models.CharField(max_length=64, blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    prev_hash = models.CharField(max_length=64)
    # Nothing looks an event up by its hash; verify_audit walks by sequence. A unique index on
    # a random 64-character value was the most expensive index to write per event.
    hash = models.CharField(max_length=64)

    objects = EventQuerySet.as_manager()

    class Meta:
        ordering = ["sequence"]
        # Only the indexes a read uses, since every index is written per event: the plan
        # timeline (plan, sequence); the search's date range (occurred_at), person (username,
        # sequence) and action (action, sequence), each matched exactly, newest first; and the
        # chain order (sequence).
        # The plan's index also carries what the plan history counts by (action, who may read
        # the event, who acted, when): its count and its views' summary read the index alone
        # instead of every event of the plan (16.7 and 20 ms against 1.4 and 1.2 ms for a plan
        # with 10,000 events at the benchmark's small scale, on SQLite).
        indexes = [
            models.Index(
                fields=["plan_id", "sequence", "action", "police_only", "actor", "occurred_at"],
                name="audit_event_plan_history",
            ),
            models.Index(fields=["actor_username", "sequence"], name="audit_event_actor_seq"),
            models.Index(fields=["action", "sequence"], name="audit_event_action_seq"),
        ]

    def __str__(self):
        return f"#{self.sequence} {self.action} by {self.actor_username or 'system'}"

    def save(self, *args, **kwargs):
        if self.pk is not None and not kwargs.get("force_insert"):
            raise AppendOnlyError("Audit events cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("Audit events cannot be deleted.")

    def hashed_values(self) -> tuple:
        return tuple(getattr(self, name) for name in HASHED_FIELDS)

    def compute_hash(self) -> str:
        return event_hash(self.hashed_values())


class ChainHead(models.Model):
    """The single row that serialises writers and remembers the newest event.

    A database trigger moves it on every insert into the event table (audit/triggers.py).
    """

    last_sequence = models.BigIntegerField(default=0)
    last_hash = models.CharField(max_length=64, default=GENESIS_HASH)

    def __str__(self):
        return f"head at #{self.last_sequence}"


class PersonalValue(models.Model):
    """A police-only personal value an event names, kept beside the chain so it can be erased.

    The event holds `{"personal": id, "sha256": digest}` in place of the value, and the hash
    chain covers that reference. Disposal at retention review (PRODUCT.md, Retention) clears
    the value and its salt, and the chain still verifies; `verify_audit` checks every value
    still held against its digest and every erased one against the disposal event naming it.
    """

    sequence = models.BigIntegerField(db_index=True)  # the event that names it
    plan_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    value = models.TextField(null=True, blank=True)
    # Random per value, so a digest cannot be matched against guessed names; cleared with it.
    salt = models.CharField(max_length=32, blank=True)
    erased_sequence = models.BigIntegerField(null=True, blank=True)  # the disposal event

    def __str__(self):
        return f"personal value {self.pk} of event #{self.sequence}"
