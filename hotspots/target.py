"""The funded target's progress: hours delivered against the target to date, the weekly rate
still needed to reach it, and a projection at the rate so far. Pure arithmetic, then one query."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Q, Sum
from django.db.models.functions import Coalesce

from .measures import half_up


@dataclass(frozen=True)
class Progress:
    target_hours: int
    first: datetime.date
    last: datetime.date
    today: datetime.date
    police_minutes: int
    partner_minutes: int

    @property
    def days(self) -> int:
        return (self.last - self.first).days + 1

    @property
    def days_gone(self) -> int:
        """Days of the period to date, today included (none before it starts, all after it ends)."""
        return min(max((self.today - self.first).days + 1, 0), self.days)

    @property
    def delivered_hours(self) -> float:
        return half_up(Decimal(self.police_minutes + self.partner_minutes) / 60)

    @property
    def police_hours(self) -> float:
        return half_up(Decimal(self.police_minutes) / 60)

    @property
    def partner_hours(self) -> float:
        return half_up(Decimal(self.partner_minutes) / 60)

    @property
    def percent_of_target(self) -> float:
        return half_up(Decimal(self.police_minutes + self.partner_minutes) * 100 / (60 * self.target_hours))

    @property
    def percent_of_period(self) -> float:
        return half_up(Decimal(self.days_gone) * 100 / self.days)

    @property
    def needed_per_week(self) -> float | None:
        """Hours a week from tomorrow to the end to reach the target: 0 once reached, None once the period is over."""
        left = self.days - self.days_gone
        if left <= 0:
            return None
        short = max(
            Decimal(self.target_hours * 60 - self.police_minutes - self.partner_minutes) / 60, Decimal(0)
        )
        return half_up(short * 7 / left)

    @property
    def projected_hours(self) -> float | None:
        """The hours by the end at the rate so far (None before the period starts)."""
        if self.days_gone == 0:
            return None
        return half_up(
            Decimal(self.police_minutes + self.partner_minutes) * self.days / (60 * self.days_gone)
        )

    def words(self) -> str:
        """As a PCC would report it: "6,800.0 of 13,000 hours, 52.3% at 48.0% of the funded period"."""
        return (
            f"{self.delivered_hours:,.1f} of {self.target_hours:,} hours, {self.percent_of_target:.1f}% "
            f"at {self.percent_of_period:.1f}% of the funded period"
        )


def progress(target, *, patrols, today: datetime.date) -> Progress:
    """The target's progress from `patrols` (every organisation's, for the police) in one query."""
    end = min(today, target.last_date)
    totals = patrols.filter(date__gte=target.first_date, date__lte=end).aggregate(
        police=Coalesce(Sum("minutes", filter=Q(organisation__kind="police")), 0),
        partners=Coalesce(Sum("minutes", filter=~Q(organisation__kind="police")), 0),
    )
    return Progress(
        target_hours=target.hours,
        first=target.first_date,
        last=target.last_date,
        today=today,
        police_minutes=totals["police"],
        partner_minutes=totals["partners"],
    )
