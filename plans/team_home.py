"""The home page's lists for a police team's members: their team's tasks overdue and due soon.

A team's members are officers, whose own day is plans.home.officer_home; this adds the work
assigned to their team, read through the same grant as "Our tasks" (tasks_of_my_organisation).
"""

from django.utils import timezone

from .home import TASKS_DUE_SOON, home_list
from .task_selectors import OPEN_WORK, task_holders_of, tasks_of_my_organisation


def team_home(user) -> dict:
    today = timezone.localdate()
    ours = tasks_of_my_organisation(user).filter(OPEN_WORK).select_related("plan").order_by("due_date", "pk")
    return {
        "teams": task_holders_of(user),
        "overdue": home_list(ours.filter(due_date__lt=today)),
        "due": home_list(ours.filter(due_date__gte=today, due_date__lte=today + TASKS_DUE_SOON)),
    }
