"""Check that guardian's grants match the plans' partners and tasks (plans.grants).

Lists each mismatch, one line each, and exits 1 when there is any; exits 0 saying what it
checked otherwise. Read-only: it changes nothing, so a mismatch is for a person to look into.
"""

from django.core.management.base import BaseCommand, CommandError

from plans.grants import grant_mismatches
from plans.models import PlanPartner, Task


class Command(BaseCommand):
    help = "Check that the plan and task grants match the PlanPartner rows and each task's organisation."

    def handle(self, *args, **options):
        mismatches = grant_mismatches()
        for mismatch in mismatches:
            self.stdout.write(str(mismatch))
        if mismatches:
            raise CommandError(f"{len(mismatches)} grant mismatch(es)", returncode=1)
        self.stdout.write(
            f"Grants match: {PlanPartner.objects.count()} plan partner(s), {Task.objects.count()} task(s)."
        )
