"""The quarterly hotspot refresh: where each current hotspot (an area with an open plan) stands
in Scan's ranking, beside the top places no area with an open plan covers, so managers decide
which hotspots continue. Reads Scan's ranking (hotspots.scan.rank_places) over its whole months."""

import datetime
from dataclasses import dataclass, field

from . import scan
from .claims import FinancialQuarter
from .models import Area

# The places read to place each current area: Scan's longest list.
STANDING_TOP = scan.MAX_TOP
# A new quarter is "just begun" for its first four weeks: the home page says so.
NEW_QUARTER_DAYS = 28


@dataclass
class Standing:
    """A current area and the ranked places it covers (none when it holds no top place)."""

    area: Area
    plans: list[dict] = field(default_factory=list)
    places: list[scan.Place] = field(default_factory=list)
    words: str = ""  # its standing in words (Refresh.standing_words)
    decision: object = None  # this quarter's HotspotDecision, if a manager recorded one
    decision_words: str = ""  # "Decided on 3 April by Priya Shah, Leicestershire Police: continue"

    @property
    def best(self) -> scan.Place | None:
        return self.places[0] if self.places else None

    @property
    def incidents(self) -> int:
        return sum(place.count for place in self.places)


@dataclass
class Refresh:
    quarter: FinancialQuarter
    ranking: scan.Ranking
    standings: list[Standing]
    uncovered: list[scan.Place]
    read: int  # the places read to place each area

    def standing_words(self, standing: Standing) -> str:
        best = standing.best
        if best is None:
            return f"Holds none of the top {self.read:,} {self.ranking.kind_label}"
        count = len(standing.places)
        return (
            f"Best ranked {best.rank:,}; holds {count:,} of the top {self.read:,} "
            f"({standing.incidents:,} incident{'' if standing.incidents == 1 else 's'})"
        )


def quarter_just_begun(today: datetime.date) -> FinancialQuarter | None:
    """The financial quarter that began in the last four weeks, or None."""
    quarter = FinancialQuarter.of(today)
    return quarter if (today - quarter.start).days < NEW_QUARTER_DAYS else None


def hotspot_refresh(*, ranking_kwargs: dict, plans, today: datetime.date, imported=None) -> Refresh:
    """The refresh for the quarter of `today` over Scan's question (`ranking_kwargs`, its form's):
    every current area's standing among the top STANDING_TOP places, and the first `top`
    places that no area with an open plan (among `plans`, those the reader sees) covers."""
    from plans.models import OPEN_STAGES

    top = ranking_kwargs["top"]
    ranking = scan.rank_places(**{**ranking_kwargs, "top": STANDING_TOP}, plans=plans, imported=imported)
    open_plans = list(
        plans.filter(state__in=OPEN_STAGES, area__isnull=False)
        .order_by("reference")
        .values("pk", "reference", "state", "area_id")
    )
    by_area: dict[int, Standing] = {}
    for area in Area.objects.filter(pk__in={p["area_id"] for p in open_plans}).order_by("name"):
        by_area[area.pk] = Standing(area=area)
    for plan in open_plans:
        by_area[plan["area_id"]].plans.append(plan)
    uncovered = []
    for place in ranking.places:
        current = [cover.area_id for cover in place.covered_by if cover.area_id in by_area]
        for area_id in current:
            by_area[area_id].places.append(place)
        if not current and len(uncovered) < top:
            uncovered.append(place)
    standings = sorted(
        by_area.values(),
        key=lambda s: (s.best is None, s.best.rank if s.best else 0, s.area.name.lower()),
    )
    refresh = Refresh(
        quarter=FinancialQuarter.of(today),
        ranking=ranking,
        standings=standings,
        uncovered=uncovered,
        read=STANDING_TOP,
    )
    for standing in standings:
        standing.words = refresh.standing_words(standing)
    _add_decisions(refresh)
    return refresh


def _add_decisions(refresh: Refresh) -> None:
    """Each standing's decision for the refresh's quarter, in words (two queries)."""
    from django.utils import timezone

    from audit.presentation import people_words

    from .refresh_models import HotspotDecision

    by_area = {standing.area.pk: standing for standing in refresh.standings}
    rows = list(
        HotspotDecision.objects.filter(quarter=refresh.quarter.code, area_id__in=by_area).select_related(
            "decided_by"
        )
    )
    people = people_words(row.decided_by.username for row in rows)
    for row in rows:
        standing = by_area[row.area_id]
        standing.decision = row
        standing.decision_words = (
            f"Decided on {timezone.localtime(row.decided_at):%-d %B} by "
            f"{people.get(row.decided_by.username, row.decided_by.username)}: {row.decision}"
        )
