"""The patrol rota: a repeating pattern of planned slots per area, its single-date exceptions,
and the concrete slots they expand to (hotspots.rota), kept as rows so compliance is a query."""

from django.conf import settings
from django.db import models


class RotaPattern(models.Model):
    """ "Fridays and Saturdays 22:00 for 240 minutes, City Street Wardens, 2 staff, July to March"."""

    area = models.ForeignKey("hotspots.Area", on_delete=models.PROTECT, related_name="rota_patterns")
    organisation = models.ForeignKey(
        "partners.Organisation", on_delete=models.PROTECT, related_name="rota_patterns"
    )
    # ISO weekdays as Python counts them: 0 Monday ... 6 Sunday, sorted, no repeats.
    weekdays = models.JSONField(default=list)
    start_time = models.TimeField(help_text="Europe/London local time")
    minutes = models.PositiveIntegerField()
    staff_count = models.PositiveSmallIntegerField(default=1)
    first_date = models.DateField()
    last_date = models.DateField()
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    # A partner lead's confirmation that its organisation will staff the slots; any change clears it.
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    confirmed_at = models.DateTimeField(null=True, blank=True)
    # Moved on by every saved change (audit.edits.record_edit): a form opened before it cannot undo it.
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["area__name", "organisation__name", "first_date", "start_time"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(minutes__gt=0, minutes__lte=24 * 60), name="rota_minutes_in_day"
            ),
            models.CheckConstraint(condition=models.Q(staff_count__gte=1), name="rota_staff_at_least_one"),
            models.CheckConstraint(
                condition=models.Q(last_date__gte=models.F("first_date")), name="rota_last_after_first"
            ),
        ]

    def __str__(self):
        return f"{self.organisation} rota in {self.area}"


class RotaException(models.Model):
    """One date of a pattern that does not run as planned: cancelled, or moved to another date or time."""

    class Kind(models.TextChoices):
        CANCELLED = "cancelled", "Cancelled"
        MOVED = "moved", "Moved"

    pattern = models.ForeignKey(RotaPattern, on_delete=models.CASCADE, related_name="exceptions")
    date = models.DateField(help_text="The date the pattern's slot would have started")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    moved_to_date = models.DateField(null=True, blank=True)
    moved_to_time = models.TimeField(null=True, blank=True)
    reason = models.CharField(max_length=200, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["date"]
        constraints = [
            models.UniqueConstraint(fields=["pattern", "date"], name="rota_exception_one_per_date"),
            models.CheckConstraint(
                condition=models.Q(kind="cancelled", moved_to_date__isnull=True, moved_to_time__isnull=True)
                | models.Q(kind="moved", moved_to_date__isnull=False, moved_to_time__isnull=False),
                name="rota_exception_moved_has_when",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.date}"


class RotaSlot(models.Model):
    """One planned slot, expanded from its pattern and exceptions (never edited by hand).

    `local_start` is the slot's Europe/London wall-clock start as minutes since 1970-01-01
    00:00 (a naive count), the same measure hotspots.compliance computes for a patrol's date and
    start time in the database, so a slot and a patrol overlap in one SQL comparison.
    """

    pattern = models.ForeignKey(RotaPattern, on_delete=models.CASCADE, related_name="slots")
    # Copied from the pattern so compliance filters and groups on this table alone.
    area = models.ForeignKey("hotspots.Area", on_delete=models.PROTECT, related_name="+")
    organisation = models.ForeignKey("partners.Organisation", on_delete=models.PROTECT, related_name="+")
    date = models.DateField(help_text="Local date the slot starts")
    start_time = models.TimeField()
    starts_at = models.DateTimeField()
    minutes = models.PositiveIntegerField()
    staff_count = models.PositiveSmallIntegerField(default=1)
    local_start = models.BigIntegerField()
    local_end = models.BigIntegerField()
    moved = models.BooleanField(default=False)

    class Meta:
        ordering = ["starts_at"]
        indexes = [
            models.Index(fields=["area", "organisation", "local_start"], name="rota_slot_area_org_start"),
            models.Index(fields=["date"], name="rota_slot_date"),
        ]

    def __str__(self):
        return f"{self.organisation} in {self.area} at {self.starts_at}"


class FundedTarget(models.Model):
    """The programme's funded patrol hours over its funded period; the newest row is the one in force."""

    first_date = models.DateField()
    last_date = models.DateField()
    hours = models.PositiveIntegerField()
    set_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    set_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-set_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(last_date__gt=models.F("first_date")), name="target_period_forwards"
            ),
            models.CheckConstraint(condition=models.Q(hours__gt=0), name="target_hours_positive"),
        ]

    def __str__(self):
        return f"{self.hours:,} hours, {self.first_date} to {self.last_date}"


class OrganisationTarget(models.Model):
    """An organisation's share of the funded patrol hours, over the programme's funded period
    (FundedTarget); one row an organisation, changed in place, removed when a manager clears it."""

    organisation = models.OneToOneField(
        "partners.Organisation", on_delete=models.PROTECT, related_name="funded_target"
    )
    hours = models.PositiveIntegerField()
    set_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    set_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["organisation__name"]
        constraints = [
            models.CheckConstraint(condition=models.Q(hours__gt=0), name="organisation_target_hours_positive")
        ]

    def __str__(self):
        return f"{self.hours:,} hours for {self.organisation}"


def slot_row(pattern: RotaPattern, slot) -> RotaSlot:
    """The stored row, unsaved, of one of `pattern`'s slots (a hotspots.rota.Slot, as
    rota.expand gives them), in the pattern's area and for its organisation."""
    return RotaSlot(
        pattern=pattern,
        area_id=pattern.area_id,
        organisation_id=pattern.organisation_id,
        date=slot.date,
        start_time=slot.start_time,
        starts_at=slot.starts_at,
        minutes=slot.minutes,
        staff_count=slot.staff_count,
        local_start=slot.local_start,
        local_end=slot.local_end,
        moved=slot.moved,
    )
