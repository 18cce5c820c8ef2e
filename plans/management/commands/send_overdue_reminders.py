"""For cron, once a day: email each organisation's leads one digest of its overdue tasks.

Each task is reminded at most once a day (Task.last_reminded_on), so running it twice the
same day sends nothing the second time.
"""

from django.core.management.base import BaseCommand

from plans.task_services import task_reminders_send


class Command(BaseCommand):
    help = (
        "Email each partner organisation's leads a digest of its overdue tasks (at most once a day per task)."
    )

    def handle(self, *args, **options):
        sent = task_reminders_send(actor=None)
        tasks = sum(len(ids) for ids in sent.values())
        self.stdout.write(f"Reminded {len(sent)} organisation(s) about {tasks} overdue task(s).")
