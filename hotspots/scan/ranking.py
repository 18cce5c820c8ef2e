"""The ranking: places by count over the window, with their share, cover, change and the
concentration curve (the selector the page, its JSON and `manage.py rank_places` read)."""

import datetime
import math
from dataclasses import dataclass, field
from fractions import Fraction
from itertools import accumulate

from ..measures import NOT_DEFINED_TEXT, Measure, half_up, percent_change
from ..models import CrimeFamily, ImportedMonth
from .counting import busiest_location, count_places
from .coverage import Cover, Coverage, extent, geojson_all, place_shape
from .places import CELL, CURVE_PERCENTS, DEFAULT_CELL_M, DEFAULT_TOP, KINDS, LSOA, SNAP_POINT
from .window import Window


@dataclass
class Place:
    rank: int
    kind: str
    key: tuple
    count: int
    share: Measure
    cumulative_share: Measure
    months_with_incidents: int | None = None
    previous_count: int | None = None
    change: Measure = field(default_factory=lambda: Measure(None, NOT_DEFINED_TEXT))
    location: str = ""
    lsoa_name: str = ""
    geometry: dict | None = None
    covered_by: list[Cover] = field(default_factory=list)

    @property
    def id(self):
        """What names the place in --json: cell indices, snap point coordinates or an LSOA code."""
        if self.kind == CELL:
            return {"column": self.key[0], "row": self.key[1]}
        if self.kind == SNAP_POINT:
            lon, lat = self.geometry["coordinates"] if self.geometry else (None, None)
            return {"longitude": lon, "latitude": lat}
        return self.key[0]

    @property
    def token(self) -> str:
        """The place in a URL: 'column_row', 'easting_northing' or the LSOA code."""
        if self.kind == LSOA:
            return self.key[0]
        return "_".join(_number_text(v) for v in self.key)

    @property
    def label(self) -> str:
        if self.kind == CELL:
            return f"Cell {self.key[0]}, {self.key[1]}"
        if self.kind == SNAP_POINT:
            return self.location or "Snap point"
        return f"{self.key[0]} {self.lsoa_name}".strip()

    @property
    def anchor(self) -> str:
        return f"place-{self.rank}-{self.token}".replace(".", "-")


def _number_text(value) -> str:
    return str(value) if isinstance(value, int) else repr(float(value))


@dataclass
class CurvePoint:
    percent: int  # of the places with an incident
    places: int
    incidents: int
    share: float  # of the incidents, as a percentage


@dataclass
class Ranking:
    family: CrimeFamily
    kind: str
    size: int | None
    window: Window
    previous: Window
    months_not_imported: list[datetime.date]
    previous_not_imported: list[datetime.date]
    total: int  # incidents of the family in the window with a place of this kind
    without_place: int  # the family's incidents in the window that have none (no location)
    place_count: int  # places with at least one incident
    places: list[Place]
    curve: list[CurvePoint]
    single_force: bool

    @property
    def months_imported(self) -> int:
        return len(self.window.months) - len(self.months_not_imported)

    @property
    def kind_label(self) -> str:
        if self.kind == CELL:
            return f"{self.size} m grid cells"
        return KINDS[self.kind]

    @property
    def change_missing(self) -> list[datetime.date]:
        return self.previous_not_imported + self.months_not_imported

    def top_percent(self, percent: int) -> CurvePoint | None:
        """The places in the top `percent` of places (at least one) and their share of incidents."""
        if not self.place_count:
            return None
        return _curve_point(percent, self._counts_sorted, self.total)

    _counts_sorted: list[int] = field(default_factory=list, repr=False)

    def as_dict(self) -> dict:
        """The ranking as `rank_places --json` and the page's JSON give it."""
        return {
            "family": self.family.name,
            "crime_types": list(self.family.crime_types),
            "kind": self.kind,
            "cell_size_m": self.size if self.kind == CELL else None,
            "window": _window_dict(self.window, self.months_not_imported),
            "previous_window": _window_dict(self.previous, self.previous_not_imported),
            "incidents": self.total,
            "incidents_without_a_place": self.without_place,
            "places_with_incidents": self.place_count,
            "tie_rule": TIE_RULE[self.kind],
            "places": [
                {
                    "rank": p.rank,
                    "id": p.id,
                    "label": p.label,
                    "geometry": p.geometry,
                    "count": p.count,
                    "share": p.share.value,
                    "cumulative_share": p.cumulative_share.value,
                    "persistence": {
                        "months_with_incidents": p.months_with_incidents,
                        "months_imported": self.months_imported,
                    },
                    "previous_count": p.previous_count,
                    "change": p.change.as_dict(),
                    "covered_by": [
                        {
                            "area": c.area_name,
                            "area_id": c.area_id,
                            "plans": [x["reference"] for x in c.plans],
                        }
                        for c in p.covered_by
                    ],
                }
                for p in self.places
            ],
            "concentration": [
                {
                    "share_of_places": c.percent,
                    "places": c.places,
                    "incidents": c.incidents,
                    "share_of_incidents": c.share,
                }
                for c in self.curve
            ],
        }


TIE_RULE = {
    CELL: "equal counts share a rank and are listed by column (west to east), then row (south to north)",
    SNAP_POINT: "equal counts share a rank and are listed by easting (west to east), then northing",
    LSOA: "equal counts share a rank and are listed by LSOA code",
}


def _window_dict(window: Window, missing) -> dict:
    return {
        "from": f"{window.start:%Y-%m}",
        "to": f"{window.end:%Y-%m}",
        "months": len(window.months),
        "months_not_imported": [f"{m:%Y-%m}" for m in missing],
    }


def percent_of(part: int, whole: int) -> Measure:
    """part of whole as a percentage to one place, rounded half up on the exact fraction."""
    if not whole:
        return Measure(None, NOT_DEFINED_TEXT)
    value = half_up(_exact(part, whole), 1)
    return Measure(value, f"{value:.1f}%")


def _exact(part: int, whole: int) -> Fraction:
    return Fraction(part * 100, whole)


def _curve_point(percent: int, counts: list[int], total: int, running: list[int] | None = None) -> CurvePoint:
    """`running`: the running sums of `counts` (0 first), when the caller has them."""
    places = math.ceil(len(counts) * percent / 100) if percent else 0
    incidents = running[places] if running is not None else sum(counts[:places])
    share = half_up(_exact(incidents, total), 1) if total else 0.0
    return CurvePoint(percent=percent, places=places, incidents=incidents, share=share)


# ---------------------------------------------------------------- the ranking


def no_change(missing) -> Measure:
    """No change across months with no imported data (the ranking names them once)."""
    noun = "month" if len(missing) == 1 else "months"
    return Measure(None, f"not compared: {len(missing)} {noun} not imported")


def is_single_force(window: Window) -> bool:
    forces = ImportedMonth.objects.filter(month__gte=window.start, month__lte=window.end)
    return forces.values("force").distinct().count() <= 1


def rank_places(
    *,
    family: CrimeFamily,
    window: Window,
    kind: str = CELL,
    size: int = DEFAULT_CELL_M,
    top: int = DEFAULT_TOP,
    plans=None,
    imported: set | None = None,
) -> Ranking:
    """The top places for a family over a window, with the concentration of the whole ranking.

    `plans`: the plans the reader may see (plans.selectors.plans_visible_to), named beside an
    area that covers a place; every plan when None (the command). `imported`: the months with
    imported data, when the caller has read them.
    """
    if kind not in KINDS:
        raise ValueError(f"Unknown kind of place {kind!r}")
    size = size if kind == CELL else None
    types = list(family.crime_types)
    counted = count_places(kind=kind, types=types, window=window, size=size, top=top)
    counts, force_months, details = counted.every, counted.force_months, counted.details
    if imported is None:
        imported = {month for month, _ in force_months}
    single_force = len({force for month, force in force_months if window.start <= month <= window.end}) <= 1
    previous = window.previous()
    months, previous_months = window.months, previous.months  # worked out once, not per place
    missing = [m for m in months if m not in imported]
    previous_missing = [m for m in previous_months if m not in imported]
    total = sum(counts)
    chosen = [(row[:-1], row[-1]) for row in counted.first]
    places = []
    running = 0
    shapes = [place_shape(kind, key, details[key], size) for key, _ in chosen]
    outlines = geojson_all(kind, shapes, [details[key] for key, _ in chosen])
    coverage = Coverage(plans, near=extent(shapes))
    covers = coverage.covers(kind=kind, places=[(key, details[key]) for key, _ in chosen])
    for (key, n), outline, cover in zip(chosen, outlines, covers, strict=True):
        running += n
        detail = details[key]
        previous_count = detail.previous
        place = Place(
            rank=counts.index(n) + 1,  # the first place with this count: ties share its rank
            kind=kind,
            key=key,
            count=n,
            share=percent_of(n, total),
            cumulative_share=percent_of(running, total),
            months_with_incidents=sum(1 for m in months if detail.monthly.get(m)),
            previous_count=None if previous_missing else previous_count,
            change=(
                no_change(previous_missing + missing)
                if previous_missing or missing
                else percent_change(previous_count, n)
            ),
            location=busiest_location(detail),
            lsoa_name=detail.lsoa_name,
            geometry=outline,
            covered_by=cover,
        )
        places.append(place)
    coverage.name_plans([cover for place in places for cover in place.covered_by])
    sums = [0, *accumulate(counts)]  # the incidents in the first k places, for the curve
    return Ranking(
        family=family,
        kind=kind,
        size=size,
        window=window,
        previous=previous,
        months_not_imported=missing,
        previous_not_imported=previous_missing,
        total=total,
        without_place=counted.without,
        place_count=len(counts),
        places=places,
        curve=[_curve_point(p, counts, total, sums) for p in CURVE_PERCENTS] if counts else [],
        single_force=single_force,
        _counts_sorted=counts,
    )
