"""Partners' quarterly claims: the hourly rate the programme pays each partner organisation, the
visits a manager approved to count outside every slot, and each quarter's claim once decided."""

from django.conf import settings
from django.db import models


class PartnerRate(models.Model):
    """What the programme pays a partner organisation an hour of patrol; the newest row is in force."""

    organisation = models.ForeignKey(
        "partners.Organisation", on_delete=models.PROTECT, related_name="patrol_rates"
    )
    rate = models.DecimalField(max_digits=8, decimal_places=2, help_text="Pounds an hour")
    set_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    set_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-set_at", "-pk"]
        constraints = [models.CheckConstraint(condition=models.Q(rate__gt=0), name="partner_rate_positive")]

    def __str__(self):
        return f"£{self.rate} an hour for {self.organisation}"


class CountedVisit(models.Model):
    """A patrol outside every planned slot that a manager approved to count in its organisation's claim."""

    patrol = models.OneToOneField("hotspots.PatrolLog", on_delete=models.CASCADE, related_name="counted")
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    approved_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return f"Counted: {self.patrol_id}"


class Claim(models.Model):
    """A partner organisation's claim for a financial-year quarter, as a manager decided it.

    Approved, it is fixed: its minutes, rate, amount and the visits it counted (`visits`, a list
    of [patrol id, minutes]) never change; a later change to those patrols shows as a correction
    in the organisation's next statement (`corrections`: what this claim paid for earlier quarters).
    """

    class Status(models.TextChoices):
        QUERIED = "queried", "Queried"
        APPROVED = "approved", "Approved"

    organisation = models.ForeignKey("partners.Organisation", on_delete=models.PROTECT, related_name="claims")
    quarter = models.CharField(max_length=10, help_text='A financial-year quarter, "2026/27 Q2"')
    status = models.CharField(max_length=10, choices=Status.choices)
    note = models.TextField(blank=True)
    rate = models.DecimalField(max_digits=8, decimal_places=2)
    minutes = models.PositiveIntegerField()
    amount = models.DecimalField(max_digits=12, decimal_places=2)
    visits = models.JSONField(default=list)
    corrections = models.JSONField(default=list)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField()

    class Meta:
        ordering = ["organisation__name", "quarter"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "quarter"], name="claim_one_per_quarter"),
        ]

    def __str__(self):
        return f"{self.organisation} claim for {self.quarter}"
