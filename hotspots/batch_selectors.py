"""Patrol batches a user may see: police every batch, a partner lead its organisation's, an
administrator the ones they uploaded (GPS files)."""

from django.db.models import Count, QuerySet
from django.http import Http404
from django.utils import timezone

from partners.permissions import may
from partners.roles import is_partner_lead, is_police, organisation_of

from . import gps
from .batch_models import PatrolBatch
from .models import Area


def batches_visible_to(user) -> QuerySet[PatrolBatch]:
    if not getattr(user, "is_authenticated", False) or not may(user, "hotspots.see_patrol_batches"):
        return PatrolBatch.objects.none()
    batches = PatrolBatch.objects.select_related("organisation", "uploaded_by", "undone_by").annotate(
        patrol_count=Count("patrols")
    )
    if is_police(user):
        return batches
    organisation = organisation_of(user)
    if is_partner_lead(user) and organisation is not None:
        return batches.filter(organisation=organisation)
    return batches.filter(uploaded_by=user)


def batch_for_user_or_404(user, pk) -> PatrolBatch:
    try:
        return batches_visible_to(user).get(pk=pk)
    except (PatrolBatch.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404("No such batch") from exc


def gps_file_saved(digest: str) -> PatrolBatch | None:
    """The batch a GPS file (by its SHA-256) is already saved in, if it is and not undone."""
    return PatrolBatch.objects.filter(
        source=PatrolBatch.Source.GPS, digest=digest, undone_at__isnull=True
    ).first()


def visits_from_ping_file(content: bytes, *, gap_minutes: int, min_minutes: int):
    """A GPS ping file's digest, pings and derived visits (over every area: only the police
    upload pings), for the page's review and the API alike. gps.PingFileRefused when the file
    was saved already (until its batch is undone) or a line is bad."""
    digest = gps.digest(content)
    saved = gps_file_saved(digest)
    if saved is not None:
        raise gps.PingFileRefused(
            [f"This file was saved already, on {timezone.localtime(saved.uploaded_at):%-d %B %Y at %H:%M}"]
        )
    pings = gps.read_pings(content)
    visits = gps.derive_visits(
        pings,
        Area.objects.all(),
        gap_minutes=gap_minutes,
        min_minutes=min_minutes,
        tz=timezone.get_current_timezone(),
    )
    return digest, pings, visits
