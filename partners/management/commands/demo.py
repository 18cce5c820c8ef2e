import importlib

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

DEFAULT_PASSWORD = "hotspots-demo"

# Each app loads its own demo data; order matters (organisations before plans, areas before patrols).
# A module with no `load` yet is skipped, so the command works while apps are being built.
DEMO_MODULES = [
    "partners.demo",
    "hotspots.demo",
    "plans.demo",
    "plans.demo_tasks",
]


class Command(BaseCommand):
    help = "Load the demo programme (organisations, users, plans, incidents). Safe to run again."

    def add_arguments(self, parser):
        parser.add_argument("--password", default=DEFAULT_PASSWORD, help="password for every demo user")
        parser.add_argument("--force", action="store_true", help="run even when DEBUG is off")

    def handle(self, *args, password, force, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "DEBUG is off: this looks like production. Use --force to load demo data anyway."
            )
        for dotted in DEMO_MODULES:
            try:
                module = importlib.import_module(dotted)
            except ModuleNotFoundError as exc:
                if exc.name == dotted:
                    continue
                raise
            module.load(password=password, stdout=self.stdout)
        from partners.demo import USERS

        self.stdout.write(self.style.SUCCESS("Demo data ready. Sign in at http://127.0.0.1:8000/ with:"))
        for username, (_first, _last, role, org, _) in USERS.items():
            self.stdout.write(f"  {username:<10} {password}   {role.value}, {org}")
