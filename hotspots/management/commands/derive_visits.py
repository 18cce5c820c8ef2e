"""Derive patrol visits from a file of GPS pings: python manage.py derive_visits FILE [--json]."""

import json
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from hotspots import gps
from hotspots.batch_services import GpsRefused, gps_visits_save
from hotspots.models import Area


def _minutes(option: str, *, least: float):
    def parse(text: str) -> float:
        try:
            value = float(text)
        except ValueError:
            raise CommandError(f"{option} must be a number of minutes") from None
        if not value >= least or value > 24 * 60:
            raise CommandError(f"{option} must be at least {least:g} and at most 1440 minutes")
        return value

    return parse


class Command(BaseCommand):
    help = (
        "Derive patrol visits from a CSV of GPS pings (device or call sign, timestamp with offset, "
        "latitude, longitude) and save them as police patrols of kind GPS. The pings are not kept."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="CSV of pings")
        parser.add_argument("--gap-minutes", default="5", help="a gap longer than this splits a visit (5)")
        parser.add_argument("--min-minutes", default="2", help="visits shorter than this are dropped (2)")
        parser.add_argument("--dry-run", action="store_true", help="derive and print, save nothing")
        parser.add_argument("--json", action="store_true", help="print the visits as one JSON object")
        parser.add_argument("--actor", help="username saving the visits: an officer or administrator")

    def handle(self, *args, **options):
        gap = _minutes("--gap-minutes", least=0.1)(options["gap_minutes"])
        least = _minutes("--min-minutes", least=1)(options["min_minutes"])
        user = None
        if not options["dry_run"]:
            if not options["actor"]:
                raise CommandError(
                    "Give --actor USERNAME to save the visits, or --dry-run to only print them"
                )
            user = get_user_model().objects.filter(username=options["actor"]).first()
            if user is None:
                raise CommandError(f"No user called {options['actor']}")
        path = Path(options["file"])
        try:
            content = path.read_bytes()
        except OSError as exc:
            raise CommandError(f"{path}: cannot be read ({exc.strerror or exc})") from exc
        try:
            pings = gps.read_pings(content)
        except gps.PingFileRefused as exc:
            raise CommandError(f"{path.name}: refused, nothing saved. {exc}") from exc
        visits = gps.derive_visits(
            pings, Area.objects.all(), gap_minutes=gap, min_minutes=least, tz=timezone.get_current_timezone()
        )
        batch = None
        if not options["dry_run"]:
            try:
                batch = gps_visits_save(
                    actor=user,
                    visits=visits,
                    digest=gps.digest(content),
                    name=path.name,
                    gap_minutes=gap,
                    min_minutes=least,
                )
            except PermissionDenied as exc:
                raise CommandError(f"{options['actor']}: {exc}") from exc
            except GpsRefused as exc:
                raise CommandError(f"{path.name}: refused, nothing saved. {exc}") from exc
        if options["json"]:
            self.stdout.write(
                json.dumps(
                    {
                        "file": path.name,
                        "sha256": gps.digest(content),
                        "pings": len(pings),
                        "gap_minutes": gap,
                        "min_minutes": least,
                        "saved": batch is not None,
                        "visits": [visit.as_json() for visit in visits],
                    },
                    indent=2,
                )
            )
            return
        for visit in visits:
            self.stdout.write(
                f"{visit.start.isoformat()}  {visit.minutes:>4} min  {visit.area_name}  {visit.device}"
            )
        said = f"{len(visits)} visit{'s' if len(visits) != 1 else ''} from {len(pings)} pings"
        self.stdout.write(f"{said}: saved as batch {batch.pk}" if batch else f"{said}: not saved (--dry-run)")
