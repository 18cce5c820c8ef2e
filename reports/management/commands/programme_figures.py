"""Print the programme figures for scripts: the whole programme, as a manager sees it."""

import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from reports import programme
from reports.forms import EARLIEST, MAX_DAYS


def _date(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError as exc:
        raise CommandError(f"{value!r} is not a date as YYYY-MM-DD") from exc


class Command(BaseCommand):
    help = "Print the programme figures (whole programme) for a period; --json for scripts."

    def add_arguments(self, parser):
        parser.add_argument(
            "--from", dest="start", help="First day, YYYY-MM-DD (default: the page's default quarter)"
        )
        parser.add_argument("--to", dest="end", help="Last day, YYYY-MM-DD")
        parser.add_argument("--json", action="store_true", help="Print JSON instead of text")

    def handle(self, *args, start=None, end=None, json=False, **options):
        scope = programme.whole_programme()
        today = timezone.localdate()
        if bool(start) != bool(end):
            raise CommandError("Give both --from and --to, or neither.")
        if start:
            start, end = _date(start), _date(end)
            if end < start:
                raise CommandError("--to must be the same as or after --from.")
            if start < EARLIEST or (end - start).days > MAX_DAYS:
                raise CommandError(f"The period must start from {EARLIEST.year} and last at most five years.")
        else:
            quarter = programme.default_quarter(scope, today)
            start, end = quarter.start, quarter.end
        figures = programme.figures_for_scope(scope, start=start, end=end, today=today)
        if json:
            self.stdout.write(programme.figures_json(figures))
            return
        self.stdout.write(f"Programme figures, {figures.period.label}")
        for line in programme.figures_text(figures):
            self.stdout.write(line)
