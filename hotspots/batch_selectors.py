"""Patrol batches a user may see: police every batch, a partner lead its organisation's, an
administrator the ones they uploaded (GPS files)."""

from django.db.models import Count, QuerySet
from django.http import Http404

from partners.permissions import may
from partners.roles import is_partner_lead, is_police, organisation_of

from .batch_models import PatrolBatch


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
