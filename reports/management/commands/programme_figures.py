"""Print the programme figures for scripts: the whole programme, as a manager sees it."""

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from reports import programme
from reports.programme_period import programme_period


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
        try:
            start, end = programme_period(start, end, scope=scope, today=today)
        except ValueError as exc:
            raise CommandError(str(exc)) from None
        figures = programme.figures_for_scope(scope, start=start, end=end, today=today)
        if json:
            self.stdout.write(programme.figures_json(figures))
            return
        self.stdout.write(f"Programme figures, {figures.period.label}")
        for line in programme.figures_text(figures):
            self.stdout.write(line)
