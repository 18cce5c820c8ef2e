"""Scan's ranking for analysts and scripts: the same selector as the /scan/ page."""

import json

from django.core.management.base import BaseCommand, CommandError

from hotspots import scan
from hotspots.forms import parse_month
from hotspots.measures import EARLIEST_DATE, months_between
from hotspots.models import CrimeFamily


def _month(text: str, option: str):
    month = parse_month(text)
    if month is None or month < EARLIEST_DATE:
        raise CommandError(f"{option} must be a month as YYYY-MM from {EARLIEST_DATE:%Y-%m}, e.g. 2022-10")
    return month


class Command(BaseCommand):
    help = "Rank grid cells, snap points or LSOAs by a crime family's incidents over whole months."

    def add_arguments(self, parser):
        parser.add_argument("--family", required=True, help="crime family name or slug")
        parser.add_argument("--from", dest="start", required=True, help="first month, YYYY-MM")
        parser.add_argument("--to", dest="end", required=True, help="last month, YYYY-MM")
        kind = parser.add_mutually_exclusive_group()
        kind.add_argument(
            "--cell",
            type=int,
            metavar="METRES",
            help=f"grid cells of this size (default {scan.DEFAULT_CELL_M})",
        )
        kind.add_argument("--snap-points", action="store_true", help="police.uk snap points")
        kind.add_argument("--lsoa", action="store_true", help="LSOAs")
        parser.add_argument("--top", type=int, default=scan.DEFAULT_TOP, help="places to list (default 20)")
        parser.add_argument("--json", action="store_true", help="print one JSON object")

    def handle(self, *args, **options):
        family = (
            CrimeFamily.objects.filter(name__iexact=options["family"]).first()
            or CrimeFamily.objects.filter(slug=options["family"]).first()
        )
        if family is None:
            names = ", ".join(CrimeFamily.objects.values_list("name", flat=True))
            raise CommandError(f"No crime family {options['family']!r}. Families: {names}")
        start, end = _month(options["start"], "--from"), _month(options["end"], "--to")
        if end < start:
            raise CommandError("--to must be the same month as --from or after it")
        if len(months_between(start, end)) > scan.MAX_MONTHS:
            raise CommandError(f"The window can be at most {scan.MAX_MONTHS} months")
        size = options["cell"] if options["cell"] is not None else scan.DEFAULT_CELL_M
        if not scan.MIN_CELL_M <= size <= scan.MAX_CELL_M:
            raise CommandError(f"--cell must be {scan.MIN_CELL_M} to {scan.MAX_CELL_M} metres")
        if not 1 <= options["top"] <= scan.MAX_TOP:
            raise CommandError(f"--top must be 1 to {scan.MAX_TOP}")
        kind = scan.SNAP_POINT if options["snap_points"] else scan.LSOA if options["lsoa"] else scan.CELL
        ranking = scan.rank_places(
            family=family, window=scan.Window(start, end), kind=kind, size=size, top=options["top"]
        )
        if options["json"]:
            self.stdout.write(json.dumps(ranking.as_dict(), ensure_ascii=False, indent=2))
            return
        self._print(ranking)

    def _print(self, ranking):
        out = self.stdout.write
        out(
            f"{ranking.family.name} ({', '.join(ranking.family.crime_types)}), {ranking.kind_label}, {ranking.window.label}"
        )
        if ranking.months_not_imported:
            out("No data imported for " + ", ".join(f"{m:%Y-%m}" for m in ranking.months_not_imported))
        out(
            f"{ranking.total:,} incidents in {ranking.place_count:,} places"
            + (f"; {ranking.without_place:,} without a location" if ranking.without_place else "")
        )
        top = ranking.top_percent(1)
        if top:
            out(
                f"The top 1% of places ({top.places:,}) hold {top.share}% of the incidents ({top.incidents:,})"
            )
        if ranking.change_missing:
            out(
                "Change not compared: no data imported for "
                + ", ".join(f"{m:%Y-%m}" for m in ranking.change_missing)
            )
        out(f"Ties: {scan.TIE_RULE[ranking.kind]}")
        out("rank\tplace\tincidents\tshare\tcumulative\tmonths\tprevious\tchange\tcovered by")
        for p in ranking.places:
            covered = "; ".join(
                c.area_name + (f" ({', '.join(x['reference'] for x in c.plans)})" if c.plans else "")
                for c in p.covered_by
            )
            out(
                f"{p.rank}\t{p.label}\t{p.count}\t{p.share}\t{p.cumulative_share}\t"
                f"{p.months_with_incidents}/{ranking.months_imported}\t{p.previous_count}\t{p.change}\t{covered or '-'}"
            )
