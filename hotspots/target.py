"""The funded target's progress: hours delivered against the target to date, the weekly rate
still needed to reach it, and a projection at the rate so far. Pure arithmetic, then one query."""

import datetime
import math
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import OuterRef, Q, Subquery, Sum
from django.db.models.functions import Coalesce

from partners.models import POLICE_KINDS

from .measures import half_up


@dataclass(frozen=True)
class Progress:
    target_hours: int
    first: datetime.date
    last: datetime.date
    today: datetime.date
    police_minutes: int
    partner_minutes: int
    # Each organisation's own target, where a manager set one (OrganisationProgress).
    organisations: tuple = ()

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

    # Whole figures, as a PCC reports them. What was delivered is rounded down and what is still
    # needed rounded up, so the words never claim more than the records show: 12,999.6 hours
    # is not "13,000 of 13,000 hours, 100%".

    @property
    def minutes(self) -> int:
        return self.police_minutes + self.partner_minutes

    @property
    def whole_hours(self) -> int:
        return self.minutes // 60

    @property
    def whole_percent_of_target(self) -> int:
        return self.minutes * 100 // (60 * self.target_hours)

    @property
    def whole_percent_of_period(self) -> int:
        return int(half_up(Decimal(self.days_gone) * 100 / self.days, 0))

    @property
    def reached(self) -> bool:
        return self.minutes >= self.target_hours * 60

    @property
    def weekly_rate(self) -> Decimal | None:
        """Hours a week delivered so far (None before the period starts)."""
        if self.days_gone == 0:
            return None
        return Decimal(self.minutes) * 7 / (60 * self.days_gone)

    def words(self) -> str:
        """As a PCC would report it: "6,800 of 13,000 hours, 52% at 48% of the funded period"."""
        return (
            f"{self.whole_hours:,} of {self.target_hours:,} hours, {self.whole_percent_of_target}% "
            f"at {self.whole_percent_of_period}% of the funded period"
        )

    def sentences(self) -> list[str]:
        """The target's progress in sentences: where it stands, police and partners apart, the
        rate needed, and a straight-line projection once there are weeks enough to draw one."""
        period = f"{self.first:%-d %B %Y} to {self.last:%-d %B %Y}"
        if self.days_gone == 0:
            return [
                f"The funded period, {period}, for {self.target_hours:,} patrol hours, starts on "
                f"{self.first:%-d %B %Y}: no hours count towards it before then."
            ]
        as_at = min(self.today, self.last)
        said = [
            f"Funded patrol hours, {period}: {self.words()}, as at {as_at:%-d %B %Y}.",
            f"Police {_hours(self.police_minutes)} hours, partners {_hours(self.partner_minutes)} hours.",
        ]
        return said + self.outlook()

    def outlook(self, *, whose: str = "the", say_too_early: bool = True) -> list[str]:
        """The rate still needed (or that the target is reached or missed) and the projection;
        `whose` names the target ("its" for an organisation's own)."""
        said = []
        as_at = min(self.today, self.last)
        short = math.ceil(Decimal(self.target_hours * 60 - self.minutes) / 60) if not self.reached else 0
        rate = f"{_rate(self.weekly_rate)} hours a week so far"
        if self.reached:
            said.append(f"{whose.capitalize()} target is reached: {self.whole_hours:,} hours delivered.")
        elif self.needed_per_week is None:
            ends = "ended" if self.today > self.last else "ends today,"
            said.append(
                f"The funded period {ends} {short:,} hour{'' if short == 1 else 's'} short of {whose} target."
            )
        else:
            needed = math.ceil(Decimal(short) * 7 / (self.days - self.days_gone))
            said.append(
                f"{needed:,} hours a week are needed from {as_at + datetime.timedelta(days=1):%-d %B %Y} "
                f"to reach {whose} target, against {rate}."
            )
        if self.needed_per_week is not None and not self.reached:
            if self.days_gone < PROJECT_AFTER_DAYS:
                if say_too_early:
                    said.append(
                        f"Too early to project: fewer than {PROJECT_AFTER_DAYS // 7} weeks of the funded period have passed."
                    )
            else:
                projected = Decimal(self.minutes) * self.days / (60 * self.days_gone)
                if projected >= self.target_hours:
                    outcome = f"which would reach {whose} target"
                else:
                    outcome = f"{math.ceil(self.target_hours - projected):,} hours short of {whose} target"
                said.append(
                    f"At {rate}, about {int(projected):,} hours by {self.last:%-d %B %Y}, {outcome}: "
                    "a straight line from the weeks so far, not a forecast."
                )
        return said


# A projection from fewer weeks than this is noise: a bank holiday or a wet week moves it.
PROJECT_AFTER_DAYS = 28


def _rate(value: Decimal) -> str:
    """Hours a week: whole from 10 up, to one place below (0.1, not 0)."""
    return f"{int(half_up(value, 0)):,}" if value >= 10 else f"{half_up(value):.1f}"


def _hours(minutes: int) -> str:
    """Hours to one place, rounded half away from zero: 4,100.5 (4,000 when whole)."""
    hours = half_up(Decimal(minutes) / 60)
    return f"{int(hours):,}" if hours.is_integer() else f"{hours:,.1f}"


def progress(target, *, patrols, today: datetime.date) -> Progress:
    """The target's progress from `patrols` (every organisation's, for the police) in one query,
    and each organisation's against its own target in one more."""
    end = min(today, target.last_date)
    totals = patrols.filter(date__gte=target.first_date, date__lte=end).aggregate(
        police=Coalesce(Sum("minutes", filter=Q(organisation__kind__in=POLICE_KINDS)), 0),
        partners=Coalesce(Sum("minutes", filter=~Q(organisation__kind__in=POLICE_KINDS)), 0),
    )
    return Progress(
        target_hours=target.hours,
        first=target.first_date,
        last=target.last_date,
        today=today,
        police_minutes=totals["police"],
        partner_minutes=totals["partners"],
        organisations=organisation_progress(target, patrols=patrols, today=today),
    )


@dataclass(frozen=True)
class OrganisationProgress:
    """One organisation's hours against its own share of the target, over the programme's period."""

    name: str
    progress: Progress

    def sentences(self) -> list[str]:
        p = self.progress
        if p.days_gone == 0:
            return [f"{self.name}: {p.target_hours:,} patrol hours over the funded period."]
        return [f"{self.name}: {p.words()}."] + p.outlook(whose="its", say_too_early=False)


def organisation_progress(target, *, patrols, today: datetime.date) -> tuple[OrganisationProgress, ...]:
    """Each organisation with a target of its own, by name, with its hours in the period to date."""
    from .rota_models import OrganisationTarget

    end = min(today, target.last_date)
    delivered = (
        patrols.filter(organisation=OuterRef("organisation"), date__gte=target.first_date, date__lte=end)
        .order_by()
        .values("organisation")
        .annotate(total=Sum("minutes"))
        .values("total")
    )
    rows = (
        OrganisationTarget.objects.select_related("organisation")
        .annotate(delivered=Coalesce(Subquery(delivered), 0))
        .order_by("organisation__name")
    )
    return tuple(
        OrganisationProgress(
            name=row.organisation.name,
            progress=Progress(
                target_hours=row.hours,
                first=target.first_date,
                last=target.last_date,
                today=today,
                police_minutes=row.delivered if row.organisation.is_police else 0,
                partner_minutes=0 if row.organisation.is_police else row.delivered,
            ),
        )
        for row in rows
    )
