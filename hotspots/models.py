from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models


class Area(models.Model):
    """A hotspot: a WGS84 polygon (or LSOA list), its displacement buffer and optional control area."""

    name = models.CharField(max_length=120, unique=True)
    geometry = models.JSONField(help_text="GeoJSON Polygon or MultiPolygon in WGS84")
    lsoa_codes = models.JSONField(default=list, blank=True)
    buffer_m = models.PositiveIntegerField(default=200)
    tolerance_m = models.PositiveIntegerField(default=0)
    control_geometry = models.JSONField(null=True, blank=True)
    # The control area's own displacement area (Dc, Wheeler and Ratcliffe 2018) as drawn; None:
    # the ring of the buffer's width around the control area (hotspots.geometry.build_shapes).
    displacement_control_geometry = models.JSONField(null=True, blank=True)
    # Bounding box of target + buffer + tolerance (and of the control area separately),
    # so the database can narrow incidents before exact geometry in shapely.
    min_lon = models.FloatField(null=True, blank=True)
    min_lat = models.FloatField(null=True, blank=True)
    max_lon = models.FloatField(null=True, blank=True)
    max_lat = models.FloatField(null=True, blank=True)
    control_min_lon = models.FloatField(null=True, blank=True)
    control_min_lat = models.FloatField(null=True, blank=True)
    control_max_lon = models.FloatField(null=True, blank=True)
    control_max_lat = models.FloatField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # Raised by every save that changes the area: an edit begun from an older version is refused.
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


# The families every plan's assessment and the programme figures count by (PRODUCT.md). The code
# finds them by slug, so they are never removed and their slug never changes.
SERIOUS_VIOLENCE = "serious-violence"
ASB = "asb"
HEADLINE_FAMILIES = (SERIOUS_VIOLENCE, ASB)

CRIME_TYPES_MESSAGE = 'Enter a list of police.uk crime types, e.g. ["Robbery", "Drugs"]'


def validate_crime_types(value) -> None:
    """A family counts at least one police.uk crime type, each given by its name."""
    if not isinstance(value, list) or not value or not all(isinstance(v, str) and v.strip() for v in value):
        raise ValidationError(CRIME_TYPES_MESSAGE, code="crime_types")


class CrimeFamily(models.Model):
    """A configurable grouping of police.uk crime types, e.g. violence, robbery and weapons."""

    name = models.CharField(max_length=80, unique=True)
    slug = models.SlugField(max_length=80, unique=True)
    crime_types = models.JSONField(default=list, validators=[validate_crime_types])

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "crime families"

    def __str__(self):
        return self.name

    @property
    def described(self) -> str:
        """Its name with the police.uk categories it counts, as it is shown wherever it appears.

        "Violence, robbery and weapons (police.uk: Violence and sexual offences, Robbery,
        Possession of weapons)"; a family of one category named after it is its name alone.
        """
        types = list(self.crime_types or [])
        if types == [self.name]:
            return self.name
        return f"{self.name} (police.uk: {', '.join(types)})"

    @property
    def caveat(self) -> str:
        """What the family cannot tell apart, said beside its figures; "" for most families."""
        if self.slug == SERIOUS_VIOLENCE:
            return (
                "police.uk cannot separate serious violence: this family counts every incident in its "
                "categories, serious or not."
            )
        return ""

    @property
    def is_headline(self) -> bool:
        """Violence, robbery and weapons, or ASB: found by its slug, so never removed and never re-slugged."""
        return self.slug in HEADLINE_FAMILIES


def force_key(force: str) -> str:
    """The force a spelling names: "LEICESTERSHIRE POLICE" and " Leicestershire  Police " are one force."""
    return " ".join(force.split()).casefold()


class ImportedMonth(models.Model):
    """One force-month of police.uk data; importing it again replaces it."""

    force = models.CharField(max_length=120)
    # The force whatever its spelling (importer.force_key): a month imported again under
    # "LEICESTERSHIRE POLICE" replaces the one imported as "Leicestershire Police".
    force_key = models.CharField(max_length=120)
    month = models.DateField(help_text="First day of the month")
    source_name = models.CharField(max_length=200)
    rows = models.PositiveIntegerField()
    rows_without_location = models.PositiveIntegerField()
    imported_at = models.DateTimeField(auto_now=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-month", "force"]
        constraints = [
            models.UniqueConstraint(fields=["force_key", "month"], name="imported_month_force_key_unique"),
        ]

    def __str__(self):
        return f"{self.force} {self.month:%Y-%m}"

    def save(self, *args, **kwargs):
        self.force_key = force_key(self.force)
        super().save(*args, **kwargs)


class Incident(models.Model):
    """One row of a police.uk street-level file, at its anonymised snap point."""

    batch = models.ForeignKey(ImportedMonth, on_delete=models.CASCADE, related_name="incidents")
    month = models.DateField()
    crime_id = models.CharField(max_length=64, blank=True)
    reported_by = models.CharField(max_length=120, blank=True)
    falls_within = models.CharField(max_length=120, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    latitude = models.FloatField(null=True, blank=True)
    # The snap point in British National Grid (EPSG:27700) metres, projected at import
    # (hotspots.geometry.project_incidents), so the database can put it in a grid cell.
    easting = models.FloatField(null=True, blank=True)
    northing = models.FloatField(null=True, blank=True)
    location = models.CharField(max_length=200, blank=True)
    lsoa_code = models.CharField(max_length=12, blank=True)
    lsoa_name = models.CharField(max_length=120, blank=True)
    crime_type = models.CharField(max_length=80)
    last_outcome = models.CharField(max_length=200, blank=True)
    context = models.TextField(blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["month", "longitude", "latitude"], name="incident_month_lon_lat"),
            models.Index(fields=["longitude", "latitude"], name="incident_lon_lat"),
            models.Index(fields=["lsoa_code", "month"], name="incident_lsoa_month"),
            # Scan's ranking reads only this index: a family's months, and each incident's place.
            models.Index(
                fields=["crime_type", "month", "easting", "northing", "lsoa_code"], name="incident_scan"
            ),
        ]

    def __str__(self):
        return f"{self.crime_type} {self.month:%Y-%m} {self.location}"


class IncidentPointCount(models.Model):
    """How many incidents of one crime type one imported month has at one snap point: what
    Scan ranks grid cells from (hotspots.scan.point_counts keeps it, in the import's transaction).

    police.uk puts every incident on a snap point, so a month has fewer points than incidents
    and a cell's count is the sum of its points' counts, for any whole number of metres. The
    tile (the point's TILE_M = 150 m square of the grid) lets the database find a few cells'
    points by index, and is the default cell itself. The month's incidents with no location
    are one row with no point.
    """

    batch = models.ForeignKey(ImportedMonth, on_delete=models.CASCADE, related_name="point_counts")
    month = models.DateField()
    crime_type = models.CharField(max_length=80)
    easting = models.FloatField(null=True)
    northing = models.FloatField(null=True)
    tile_x = models.IntegerField(null=True)
    tile_y = models.IntegerField(null=True)
    incidents = models.PositiveIntegerField()

    class Meta:
        indexes = [
            # The ranking's count: a family's months, and each point's cell and count.
            models.Index(
                fields=["crime_type", "month", "easting", "northing", "incidents"], name="point_count_scan"
            ),
            # The ranking's count of cells whose side is a whole number of tiles (the default
            # 150 m): a family's months, and each point's tile and count, no expression.
            models.Index(
                fields=["crime_type", "month", "tile_x", "tile_y", "incidents"], name="point_count_month_tile"
            ),
            # The ranked cells' months and points: a few tiles' rows of the family.
            models.Index(
                fields=["crime_type", "tile_x", "tile_y", "month", "easting", "northing", "incidents"],
                name="point_count_tile",
            ),
        ]

    def __str__(self):
        return f"{self.crime_type} {self.month:%Y-%m} ({self.easting}, {self.northing}): {self.incidents}"


class PatrolLog(models.Model):
    """One patrol visit to a hotspot area: the dosage the funder asks about."""

    class Kind(models.TextChoices):
        FOOT = "foot", "Foot patrol"
        VEHICLE = "vehicle", "Vehicle patrol"
        ENGAGEMENT = "engagement", "Engagement"
        PARTNER = "partner", "Partner patrol"
        # Derived from the location pings of officers' radios (hotspots.gps), never typed.
        GPS = "gps", "GPS visit"

    area = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="patrols")
    plan = models.ForeignKey(
        "plans.Plan", null=True, blank=True, on_delete=models.SET_NULL, related_name="patrols"
    )
    organisation = models.ForeignKey(
        "partners.Organisation", on_delete=models.PROTECT, related_name="patrols"
    )
    logged_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    date = models.DateField()
    start_time = models.TimeField()
    minutes = models.PositiveIntegerField()
    staff_count = models.PositiveSmallIntegerField(default=1)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    engagements = models.PositiveIntegerField(default=0)
    arrests = models.PositiveIntegerField(default=0)
    stop_searches = models.PositiveIntegerField(default=0)
    asb_powers = models.PositiveIntegerField(default=0)
    note = models.TextField(blank=True, max_length=2000)
    # The spreadsheet or GPS file it came in with (hotspots.batch_services), undone with it.
    batch = models.ForeignKey(
        "hotspots.PatrolBatch", null=True, blank=True, on_delete=models.PROTECT, related_name="patrols"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # Raised by every correction: one begun from an older version is refused.
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-date", "-start_time"]
        indexes = [
            models.Index(fields=["organisation", "date"], name="patrol_org_date"),
            models.Index(fields=["area", "date"], name="patrol_area_date"),
            # A rota slot's patrols (hotspots.compliance): the same area and organisation, within a
            # day of its date. Without statistics SQLite otherwise reads the organisation's
            # patrols of those days in every area (45 s for a programme's year, not 1 s).
            models.Index(fields=["area", "organisation", "date"], name="patrol_area_org_date"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(minutes__gt=0, minutes__lte=24 * 60), name="patrol_minutes_in_day"
            ),
            models.CheckConstraint(condition=models.Q(staff_count__gte=1), name="patrol_staff_at_least_one"),
        ]

    def __str__(self):
        return f"{self.organisation} at {self.area} on {self.date}"


class Submission(models.Model):
    """The one-time token of an area or patrol create form that was saved (hotspots.submissions).

    The mechanism of plans.submissions, for records that belong to no plan: kept, not purged,
    one small row per record a create form saved, holding no personal data.
    """

    token = models.UUIDField(unique=True)
    area = models.ForeignKey(Area, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    patrol = models.ForeignKey(PatrolLog, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    # Who sent what: a repeat is the same person's same form with the same answers.
    digest = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return f"submission {self.token}"


from .batch_models import PatrolBatch  # noqa: E402, F401 - batches of patrols
from .claim_models import Claim, CountedVisit, PartnerRate  # noqa: E402, F401 - partners' claims
from .refresh_models import HotspotDecision  # noqa: E402, F401 - the quarterly refresh's decisions
from .rota_models import FundedTarget, OrganisationTarget, RotaException, RotaPattern, RotaSlot  # noqa: E402, F401 - the rota's models
