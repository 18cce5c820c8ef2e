"""For cron, once a day: email each organisation's leads one digest of its overdue tasks.

Each task is reminded at most once a day (Task.last_reminded_on), so running it twice the
same day sends nothing the second time. A task is marked reminded only once its digest has
gone: an organisation whose digest could not be sent is named on stderr, one line each, the
command exits 1, and the next run tries it again.
"""

from django.core.management.base import BaseCommand, CommandError

from plans.reminder_services import task_reminders_send


class Command(BaseCommand):
    help = (
        "Email each partner organisation's leads a digest of its overdue tasks (at most once a day per task)."
    )

    def handle(self, *args, **options):
        result = task_reminders_send(actor=None)
        tasks = sum(len(ids) for ids in result.sent.values())
        self.stdout.write(f"Reminded {len(result.sent)} organisation(s) about {tasks} overdue task(s).")
        for failure in result.failed:
            self.stderr.write(
                f"Not reminded: {failure.organisation} ({len(failure.task_ids)} overdue task(s)): {failure.reason}"
            )
        if result.failed:
            raise CommandError(
                f"{len(result.failed)} organisation(s) not reminded: their tasks are left for the next run",
                returncode=1,
            )
