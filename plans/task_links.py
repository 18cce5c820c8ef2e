"""The addresses of a task's own pages, for templates that draw many task rows.

"Our tasks" draws up to four links and forms a row (the task, start or resume, done, blocked),
and `{% url %}` resolved each one through the URLconf: about a fifth of the page's drawing.
Each address is reversed once per URLconf and script prefix with a stand-in id, and a row's
are that address with the task's id in its place: the same strings `reverse` gives.
"""

from django.urls import get_script_prefix, get_urlconf, reverse

# The task pages a row links to, by their names in the "tasks" namespace.
TASK_PAGES = ("detail", "start", "resume", "complete", "block")

# A stand-in id no real task has, long enough never to appear elsewhere in an address.
_STAND_IN = "987654321987654321"

_split: dict[tuple, dict[str, tuple[str, str]]] = {}


def _addresses() -> dict[str, tuple[str, str]]:
    key = (get_urlconf(), get_script_prefix())
    parts = _split.get(key)
    if parts is None:
        parts = {}
        for name in TASK_PAGES:
            before, after = reverse(f"tasks:{name}", args=[_STAND_IN]).split(_STAND_IN)
            parts[name] = (before, after)
        _split[key] = parts
    return parts


def task_links(pk: int) -> dict[str, str]:
    """The addresses of task `pk`'s pages, by name (as `reverse("tasks:<name>", args=[pk])`)."""
    pk = str(int(pk))
    return {name: before + pk + after for name, (before, after) in _addresses().items()}
