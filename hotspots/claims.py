"""A partner organisation's claim statement for a financial-year quarter: the visits it logged,
which of them count (in a planned slot of its own, or approved by a manager), the hours at the
rate the programme pays it, and corrections to earlier approved quarters. Money is Decimal and
rounded to the penny once, on the total of each line; hours come from whole minutes.

An approved claim is drawn from what it froze (hotspots.claim_models.Claim), never recomputed.
"""

import datetime
import re
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from .claim_models import Claim, CountedVisit, PartnerRate
from .compliance import visits_outside_slots
from .models import PatrolLog
from .rota_models import RotaSlot

PENNY = Decimal("0.01")
IN_SLOT, APPROVED = "In a planned slot", "Approved by a manager"


@dataclass(frozen=True)
class FinancialQuarter:
    """Q1 is April to June of `year`; Q4 January to March of the year after."""

    year: int
    number: int

    @classmethod
    def of(cls, day: datetime.date) -> "FinancialQuarter":
        year = day.year if day.month >= 4 else day.year - 1
        return cls(year, (day.month - 4) % 12 // 3 + 1)

    @classmethod
    def from_slug(cls, slug: str) -> "FinancialQuarter | None":
        """ "2026-27-q2" -> 2026/27 Q2; None for anything else."""
        match = re.fullmatch(r"(\d{4})-(\d{2})-q([1-4])", slug or "")
        if not match or (int(match[1]) + 1) % 100 != int(match[2]) or not 2000 <= int(match[1]) <= 2100:
            return None
        return cls(int(match[1]), int(match[3]))

    @classmethod
    def from_code(cls, code: str) -> "FinancialQuarter | None":
        return cls.from_slug(code.replace("/", "-").replace(" ", "-").lower())

    @property
    def start(self) -> datetime.date:
        month = 4 + 3 * (self.number - 1)
        return datetime.date(self.year + (month > 12), (month - 1) % 12 + 1, 1)

    @property
    def end(self) -> datetime.date:
        return self.following.start - datetime.timedelta(days=1)

    @property
    def following(self) -> "FinancialQuarter":
        return FinancialQuarter(self.year + (self.number == 4), self.number % 4 + 1)

    @property
    def previous(self) -> "FinancialQuarter":
        return FinancialQuarter(self.year - (self.number == 1), (self.number - 2) % 4 + 1)

    @property
    def code(self) -> str:
        return f"{self.year}/{(self.year + 1) % 100:02d} Q{self.number}"

    @property
    def slug(self) -> str:
        return f"{self.year}-{(self.year + 1) % 100:02d}-q{self.number}"

    @property
    def label(self) -> str:
        return f"{self.code} ({self.start:%-d %B %Y} to {self.end:%-d %B %Y})"


def money(minutes: int, rate: Decimal) -> Decimal:
    """The pay for `minutes` at `rate` pounds an hour, to the penny (half up)."""
    return (Decimal(minutes) * rate / 60).quantize(PENNY, rounding=ROUND_HALF_UP)


def hours(minutes: int) -> Decimal:
    """Hours to two places, as a statement shows them: 90 minutes is 1.50."""
    return (Decimal(minutes) / 60).quantize(PENNY, rounding=ROUND_HALF_UP)


@dataclass
class Visit:
    pk: int
    date: datetime.date
    start_time: datetime.time
    area: str
    minutes: int
    counts: str  # IN_SLOT, APPROVED, or "" (not counted)

    def as_frozen(self) -> dict:
        return {
            "pk": self.pk,
            "date": self.date.isoformat(),
            "start_time": self.start_time.strftime("%H:%M"),
            "area": self.area,
            "minutes": self.minutes,
            "counts": self.counts,
        }

    @classmethod
    def thawed(cls, row: dict) -> "Visit":
        return cls(
            pk=row["pk"],
            date=datetime.date.fromisoformat(row["date"]),
            start_time=datetime.time.fromisoformat(row["start_time"]),
            area=row["area"],
            minutes=row["minutes"],
            counts=row["counts"],
        )


@dataclass
class Correction:
    quarter: str
    paid_minutes: int  # what approved claims paid for that quarter so far
    now_minutes: int  # what its records count now
    rate: Decimal

    @property
    def minutes(self) -> int:
        return self.now_minutes - self.paid_minutes

    @property
    def amount(self) -> Decimal:
        return money(self.minutes, self.rate)

    def as_frozen(self) -> dict:
        return {
            "quarter": self.quarter,
            "paid_minutes": self.paid_minutes,
            "now_minutes": self.now_minutes,
            "rate": str(self.rate),
        }

    @classmethod
    def thawed(cls, row: dict) -> "Correction":
        return cls(row["quarter"], row["paid_minutes"], row["now_minutes"], Decimal(row["rate"]))


@dataclass
class Statement:
    organisation: object
    quarter: FinancialQuarter
    visits: list[Visit]
    rate: Decimal | None
    corrections: list[Correction] = field(default_factory=list)
    claim: Claim | None = None

    @property
    def counted_minutes(self) -> int:
        return sum(v.minutes for v in self.visits if v.counts)

    @property
    def not_counted(self) -> list[Visit]:
        return [v for v in self.visits if not v.counts]

    @property
    def counted_hours(self) -> Decimal:
        return hours(self.counted_minutes)

    @property
    def amount(self) -> Decimal | None:
        return None if self.rate is None else money(self.counted_minutes, self.rate)

    @property
    def corrections_amount(self) -> Decimal:
        return sum((c.amount for c in self.corrections), Decimal("0.00"))

    @property
    def total(self) -> Decimal | None:
        return None if self.amount is None else self.amount + self.corrections_amount

    @property
    def approved(self) -> bool:
        return self.claim is not None and self.claim.status == Claim.Status.APPROVED


def current_rate(organisation) -> Decimal | None:
    row = PartnerRate.objects.filter(organisation=organisation).first()
    return row.rate if row else None


def _visits(organisation, quarter: FinancialQuarter) -> list[Visit]:
    """The organisation's patrols in the quarter, each with why it counts (three queries)."""
    patrols = PatrolLog.objects.filter(
        organisation=organisation, date__gte=quarter.start, date__lte=quarter.end
    )
    outside = set(visits_outside_slots(patrols, RotaSlot.objects.all()).values_list("pk", flat=True))
    approved = set(CountedVisit.objects.filter(patrol__in=patrols).values_list("patrol_id", flat=True))
    rows = patrols.order_by("date", "start_time", "pk").values_list(
        "pk", "date", "start_time", "area__name", "minutes"
    )
    return [
        Visit(
            pk,
            date,
            start,
            area,
            minutes,
            IN_SLOT if pk not in outside else APPROVED if pk in approved else "",
        )
        for pk, date, start, area, minutes in rows
    ]


def _corrections(organisation, quarter: FinancialQuarter) -> list[Correction]:
    """For each earlier quarter of this organisation with an approved claim: what its records
    count now against what approved claims paid for it (its own and later corrections)."""
    approved = list(Claim.objects.filter(organisation=organisation, status=Claim.Status.APPROVED))
    paid: dict[str, int] = {}
    for claim in approved:
        paid[claim.quarter] = paid.get(claim.quarter, 0) + claim.minutes
        for row in claim.corrections:
            correction = Correction.thawed(row)
            paid[correction.quarter] = paid.get(correction.quarter, 0) + correction.minutes
    corrections = []
    for claim in sorted(approved, key=lambda c: FinancialQuarter.from_code(c.quarter).start):
        earlier = FinancialQuarter.from_code(claim.quarter)
        if earlier.start >= quarter.start:
            continue
        now = sum(v.minutes for v in _visits(organisation, earlier) if v.counts)
        if now != paid[claim.quarter]:
            corrections.append(Correction(claim.quarter, paid[claim.quarter], now, claim.rate))
    return corrections


def statement(organisation, quarter: FinancialQuarter) -> Statement:
    """The statement as it stands: frozen if its claim is approved, from the records otherwise."""
    claim = (
        Claim.objects.filter(organisation=organisation, quarter=quarter.code)
        .select_related("decided_by")
        .first()
    )
    if claim is not None and claim.status == Claim.Status.APPROVED:
        return Statement(
            organisation=organisation,
            quarter=quarter,
            visits=[Visit.thawed(row) for row in claim.visits],
            rate=claim.rate,
            corrections=[Correction.thawed(row) for row in claim.corrections],
            claim=claim,
        )
    return Statement(
        organisation=organisation,
        quarter=quarter,
        visits=_visits(organisation, quarter),
        rate=current_rate(organisation),
        corrections=_corrections(organisation, quarter),
        claim=claim,
    )
