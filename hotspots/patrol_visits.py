"""One visit, one record: what makes two patrol records the same visit, and the refusal of a
second record of one, for the patrol services and the patrols in bulk alike."""

from django.core.exceptions import ValidationError

from .models import Area, PatrolLog

# hotspots.batch_services and hotspots.patrol_batches apply it within a file too.
VISIT_FIELDS = ("organisation", "area", "date", "start_time", "kind")


def visit_key(*, organisation, area: Area, date, start_time, kind) -> tuple:
    """The visit a patrol record is: two records with the same key are one visit logged twice."""
    return (organisation.pk, area.pk, date, start_time, kind)


def _already_logged_message(*, area: Area, date, start_time, kind) -> str:
    return (
        f"Your organisation has already logged this visit: {PatrolLog.Kind(kind).label.lower()} "
        f"in {area.name} on {date:%-d %B %Y} at {start_time:%H:%M}. Change that record "
        "(add to its staff count) rather than logging the visit again"
    )


def refuse_a_second_record(*, organisation, area: Area, date, start_time, kind, patrol=None) -> None:
    """One visit, one record: the same organisation's patrol of the same kind in the same area
    starting at the same minute is already logged (a form sent twice, or a second officer logging
    the team's visit; more people on it go in its staff count). The caller holds the area's lock."""
    same = PatrolLog.objects.filter(
        organisation=organisation, area=area, date=date, start_time=start_time, kind=kind
    )
    if patrol is not None:
        same = same.exclude(pk=patrol.pk)
    if same.exists():
        raise ValidationError(
            {"start_time": _already_logged_message(area=area, date=date, start_time=start_time, kind=kind)}
        )
