"""A batch of patrols that arrived together: a spreadsheet of visits, or the visits derived from
one file of GPS pings (hotspots.batch_services). Saved whole or not at all, undone whole."""

import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone

# How long after its upload the uploader may undo a batch (hotspots.permissions).
UNDO_DAYS = 7


class PatrolBatch(models.Model):
    class Source(models.TextChoices):
        SPREADSHEET = "spreadsheet", "Spreadsheet"
        GPS = "gps", "GPS pings"

    source = models.CharField(max_length=20, choices=Source.choices)
    organisation = models.ForeignKey(
        "partners.Organisation", on_delete=models.PROTECT, related_name="patrol_batches"
    )
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(default=timezone.now)
    source_name = models.CharField(max_length=200)
    # SHA-256 of the file as uploaded: a file of GPS pings is refused a second time by it (the
    # pings themselves are never kept: they are personal data).
    digest = models.CharField(max_length=64)
    rows = models.PositiveIntegerField()
    undone_at = models.DateTimeField(null=True, blank=True)
    undone_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-uploaded_at", "-pk"]
        verbose_name_plural = "patrol batches"
        constraints = [
            models.UniqueConstraint(
                fields=["digest"],
                condition=models.Q(source="gps", undone_at__isnull=True),
                name="patrol_batch_gps_file_once",
            ),
        ]

    def __str__(self):
        return f"{self.get_source_display()} {self.source_name}"

    @property
    def undo_until(self) -> datetime.datetime:
        return self.uploaded_at + datetime.timedelta(days=UNDO_DAYS)

    @property
    def undoable_now(self) -> bool:
        return self.undone_at is None and timezone.now() < self.undo_until
