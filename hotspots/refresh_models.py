"""A manager's decision at the quarterly hotspot refresh: whether a current hotspot continues."""

from django.conf import settings
from django.db import models


class HotspotDecision(models.Model):
    """Whether an area with an open plan continues as a hotspot in a financial-year quarter, as
    a programme manager recorded it on the refresh page; one an area and quarter, changed in place."""

    class Decision(models.TextChoices):
        CONTINUE = "continue", "Continue"
        STOP = "stop", "Stop"

    area = models.ForeignKey("hotspots.Area", on_delete=models.CASCADE, related_name="refresh_decisions")
    quarter = models.CharField(max_length=10, help_text='A financial-year quarter, "2026/27 Q2"')
    decision = models.CharField(max_length=10, choices=Decision.choices)
    note = models.CharField(max_length=500, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField()

    class Meta:
        ordering = ["area__name", "quarter"]
        constraints = [
            models.UniqueConstraint(fields=["area", "quarter"], name="hotspot_decision_one_a_quarter"),
        ]

    def __str__(self):
        return f"{self.area} in {self.quarter}"
