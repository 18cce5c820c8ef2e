import datetime
import hashlib
import json

from django.conf import settings
from django.db import models
from django.utils import timezone

GENESIS_HASH = "0" * 64


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
        related_name="+",
    )
    actor_username = models.CharField(max_length=150, blank=True)
    actor_organisation = models.CharField(max_length=120, blank=True)
    action = models.CharField(max_length=60, db_index=True)
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
    hash = models.CharField(max_length=64, unique=True)

    objects = EventQuerySet.as_manager()

    class Meta:
        ordering = ["sequence"]
        indexes = [
            models.Index(fields=["plan_id", "sequence"], name="audit_event_plan_seq"),
            models.Index(fields=["actor", "sequence"], name="audit_event_actor_seq"),
            models.Index(fields=["target_type", "target_id"], name="audit_event_target"),
        ]

    def __str__(self):
        return f"#{self.sequence} {self.action} by {self.actor_username or 'system'}"

    def save(self, *args, **kwargs):
        if self.pk is not None and not kwargs.get("force_insert"):
            raise AppendOnlyError("Audit events cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("Audit events cannot be deleted.")

    def canonical(self) -> dict:
        """The content the hash covers, in a form that reads the same on every database."""
        return {
            "sequence": self.sequence,
            "occurred_at": self.occurred_at.astimezone(datetime.UTC).isoformat(timespec="microseconds")
            if self.occurred_at
            else None,
            "actor_id": self.actor_id,
            "actor_username": self.actor_username,
            "actor_organisation": self.actor_organisation,
            "action": self.action,
            "target_type": self.target_type,
            "target_id": self.target_id,
            "target_label": self.target_label,
            "plan_id": self.plan_id,
            "changes": self.changes,
            "police_only": self.police_only,
            "reason": self.reason,
            "request_id": self.request_id,
            "ip_address": self.ip_address,
            "prev_hash": self.prev_hash,
        }

    def compute_hash(self) -> str:
        payload = json.dumps(self.canonical(), sort_keys=True, separators=(",", ":"), default=str)
        return hashlib.sha256(payload.encode()).hexdigest()


class ChainHead(models.Model):
    """The single row that serialises writers and remembers the newest event."""

    last_sequence = models.BigIntegerField(default=0)
    last_hash = models.CharField(max_length=64, default=GENESIS_HASH)

    def __str__(self):
        return f"head at #{self.last_sequence}"
