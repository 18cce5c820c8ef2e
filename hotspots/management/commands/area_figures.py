"""Figures for an area, for scripts and analysts: the same numbers as the pages and PDFs."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from hotspots import geometry
from hotspots.figure_periods import months_period
from hotspots.figures import area_figures
from hotspots.models import Area, CrimeFamily


def _period(text: str, option: str):
    try:
        return months_period(text, option)
    except ValueError as exc:
        raise CommandError(str(exc)) from None


class Command(BaseCommand):
    help = "Print the assessment figures for an area (by name) or a GeoJSON polygon, over two periods."

    def add_arguments(self, parser):
        which = parser.add_mutually_exclusive_group(required=True)
        which.add_argument("--area", help="the name of a saved area")
        which.add_argument("--geojson", help="a file holding a GeoJSON Polygon or MultiPolygon (WGS84)")
        parser.add_argument("--buffer-m", type=int, default=geometry.DEFAULT_BUFFER_M)
        parser.add_argument("--tolerance-m", type=int, default=geometry.DEFAULT_TOLERANCE_M)
        parser.add_argument("--control-geojson", help="a file holding the control area (with --geojson)")
        parser.add_argument(
            "--displacement-control-geojson",
            help="a file holding the control's displacement area, Dc (with --control-geojson; "
            "without it, the ring of --buffer-m around the control area)",
        )
        parser.add_argument("--before", required=True, help="months before, e.g. 2018-10:2018-12")
        parser.add_argument("--after", required=True, help="months after, e.g. 2019-01:2019-02")
        parser.add_argument("--family", default="serious-violence", help="crime family name or slug")
        parser.add_argument("--json", action="store_true", help="print one JSON object")

    def handle(self, *args, **options):
        before = _period(options["before"], "--before")
        after = _period(options["after"], "--after")
        family = (
            CrimeFamily.objects.filter(name__iexact=options["family"]).first()
            or CrimeFamily.objects.filter(slug=options["family"]).first()
        )
        if family is None:
            names = ", ".join(CrimeFamily.objects.values_list("name", flat=True))
            raise CommandError(f"No crime family {options['family']!r}. Families: {names}")
        if options["area"]:
            area = Area.objects.filter(name=options["area"]).first()
            if area is None:
                raise CommandError(f"No area called {options['area']!r}")
        else:
            try:
                outline = geometry.normalise(geometry.parse_polygon(Path(options["geojson"]).read_text()))
                control = None
                if options["control_geojson"]:
                    control = geometry.normalise(
                        geometry.parse_polygon(
                            Path(options["control_geojson"]).read_text(), what="The control area"
                        )
                    )
                drawn = None
                if options["displacement_control_geojson"]:
                    drawn = geometry.displacement_control_outline(
                        Path(options["displacement_control_geojson"]).read_text(), control=control
                    )
            except OSError as exc:
                raise CommandError(str(exc)) from None
            except geometry.GeometryError as exc:
                raise CommandError(str(exc)) from None
            # An unsaved area: its bounding box is computed on the fly.
            area = Area(
                name=Path(options["geojson"]).name,
                geometry=outline,
                buffer_m=options["buffer_m"],
                tolerance_m=options["tolerance_m"],
                control_geometry=control,
                displacement_control_geometry=drawn,
            )
        figures = area_figures(area=area, family=family, before=before, after=after)
        if options["json"]:
            self.stdout.write(json.dumps(figures.as_dict(), indent=2, ensure_ascii=False))
            return
        self.stdout.write(
            f"{figures.crime_family} in {figures.area}: {figures.before_period} against {figures.after_period}"
        )
        for name, measure in figures.measures().items():
            self.stdout.write(f"  {name.replace('_', ' ').capitalize():<42} {measure}")
        self.stdout.write("  By month (target, buffer, control):")
        for index, label in enumerate(figures.months):
            values = [
                "-"
                if figures.monthly.get(region) is None
                else "no data"
                if figures.monthly[region][index] is None
                else str(figures.monthly[region][index])
                for region in ("target", "buffer", "control")
            ]
            self.stdout.write(f"    {label:<9} {' '.join(v.rjust(6) for v in values)}")
        self.stdout.write(f"  Control's displacement area (Dc) counted: {figures.displacement_control_area}")
        for note in figures.notes:
            self.stdout.write(f"  {note}")
