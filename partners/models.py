from django.conf import settings
from django.contrib.auth.models import Group
from django.db import models


class Organisation(models.Model):
    """A police force or partner agency; its auth Group is what guardian grants to."""

    class Kind(models.TextChoices):
        POLICE = "police", "Police"
        COUNCIL = "council", "Council"
        CHARITY = "charity", "Charity"
        BID = "bid", "Business improvement district"
        HEALTH = "health", "Health"
        OTHER = "other", "Other"
        # A team of the force (neighbourhood, licensing, CCTV): its members are officers, tasks
        # are assigned to it as to a partner, and it is police everywhere else (plans.teams).
        POLICE_TEAM = "police_team", "Police team"

    name = models.CharField(max_length=120, unique=True)
    slug = models.SlugField(max_length=60, unique=True)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    is_active = models.BooleanField(default=True)
    group = models.OneToOneField(Group, on_delete=models.PROTECT, related_name="organisation")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    @property
    def is_police(self) -> bool:
        """The force or one of its teams: never a partner, police powers on patrols."""
        return self.kind in POLICE_KINDS

    @property
    def is_police_team(self) -> bool:
        return self.kind == self.Kind.POLICE_TEAM


# The kinds that are police: the force and its teams (a filter's `kind__in`).
POLICE_KINDS = (Organisation.Kind.POLICE, Organisation.Kind.POLICE_TEAM)


class Membership(models.Model):
    class Role(models.TextChoices):
        LEAD = "lead", "Lead"
        MEMBER = "member", "Member"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="memberships")
    role = models.CharField(max_length=10, choices=Role.choices, default=Role.MEMBER)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["organisation__name", "user__username"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation"], name="membership_unique_user_organisation"
            ),
        ]

    def __str__(self):
        return f"{self.user} ({self.get_role_display()}, {self.organisation})"


from .api_clients import ApiClient  # noqa: E402, F401  (a model of this app, in a module of its own)
