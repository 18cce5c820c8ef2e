import importlib

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.test.utils import override_settings

from audit.context import as_request
from plans.demo import DEMO_REQUEST_ID

DEFAULT_PASSWORD = "hotspots-demo"

# Each app loads its own demo data; order matters: organisations before plans, areas before
# plans, and patrols last (a partner lead logs patrols only in the areas of its plans).
DEMO_STEPS = [
    "partners.demo:load",
    "hotspots.demo:load",
    "plans.demo:load",
    "plans.demo_tasks:load",
    "plans.demo_teams:load",
    "hotspots.demo:load_patrols",
    "hotspots.demo_rota:load",
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
        # Demo tasks are assigned through the real services, which email each partner lead:
        # nobody should receive those, and the console backend would bury the sign-ins.
        # Every event the demo writes carries its request id: a later run tells its own plans
        # from those people made (plans.demo.demo_plans) and changes only its own.
        with (
            override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"),
            as_request(DEMO_REQUEST_ID),
        ):
            for step in DEMO_STEPS:
                module, _, function = step.partition(":")
                getattr(importlib.import_module(module), function)(password=password, stdout=self.stdout)
        from partners.demo import USERS

        self.stdout.write(self.style.SUCCESS("Demo data ready. Sign in at http://127.0.0.1:8000/ with:"))
        for username, (_first, _last, role, org, _) in USERS.items():
            self.stdout.write(f"  {username:<10} {password}   {role.value}, {org}")
