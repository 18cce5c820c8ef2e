"""Hand-made incidents at known British National Grid coordinates, for the Scan tests."""

import datetime

from pyproj import Transformer

from hotspots.models import Incident

from .conftest import batch_for, recount

TO_WGS84 = Transformer.from_crs("EPSG:27700", "EPSG:4326", always_xy=True)

# Leicester city centre is near easting 458,700, northing 304,500: cells of 150 m there.
ASB = "Anti-social behaviour"


def at(
    x: float, y: float, day: datetime.date, n: int = 1, crime_type: str = ASB, lsoa: str = "", location=""
):
    """n incidents at easting x, northing y (exactly) in a month, and that month marked imported."""
    batch = batch_for(day)
    lon, lat = TO_WGS84.transform(x, y)
    Incident.objects.bulk_create(
        [
            Incident(
                batch=batch,
                month=day,
                longitude=lon,
                latitude=lat,
                easting=x,
                northing=y,
                crime_type=crime_type,
                lsoa_code=lsoa,
                location=location,
            )
            for _ in range(n)
        ]
    )
    recount(batch)


def nowhere(day: datetime.date, n: int = 1, crime_type: str = ASB):
    """n incidents with no location (police.uk has some every month)."""
    batch = batch_for(day)
    Incident.objects.bulk_create([Incident(batch=batch, month=day, crime_type=crime_type) for _ in range(n)])
    recount(batch)


def months(first: datetime.date, count: int) -> list[datetime.date]:
    index = first.year * 12 + first.month - 1
    return [datetime.date((index + k) // 12, (index + k) % 12 + 1, 1) for k in range(count)]
