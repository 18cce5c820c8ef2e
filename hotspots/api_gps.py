"""The API's visits derived from GPS pings (config/api_urls.py), for police officers' and
administrators' clients: the page's form checks, derivation (hotspots.gps) and save
(hotspots.batch_services.gps_visits_save: one batch of GPS patrols, one event). With
`dry_run=true` the visits are returned for review and nothing is saved; the pings are never kept."""

from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.parsers import MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from partners.api import problem, require_write_scope
from partners.permissions import require

from . import batch_selectors, batch_services, gps
from .api_batches import BatchSerializer
from .batch_forms import GpsUploadForm


def _minutes_field(name: str) -> serializers.IntegerField:
    """The page form's field as the API's: its default, its bounds (hotspots.gps), its messages."""
    field = GpsUploadForm.base_fields[name]
    return serializers.IntegerField(
        min_value=field.min_value,
        max_value=field.max_value,
        default=field.initial,
        error_messages={key: field.error_messages[key] for key in ("invalid", "min_value", "max_value")},
    )


class GpsFileSerializer(serializers.Serializer):
    file = serializers.FileField(
        help_text="CSV: device (or call sign), timestamp with offset, latitude, longitude"
    )
    gap_minutes = _minutes_field("gap_minutes")
    min_minutes = _minutes_field("min_minutes")
    dry_run = serializers.BooleanField(default=False, help_text="true: return the visits, save nothing")


class GpsVisitSerializer(serializers.Serializer):
    area = serializers.IntegerField()
    area_name = serializers.CharField()
    device = serializers.CharField()
    start = serializers.DateTimeField()
    end = serializers.DateTimeField()
    minutes = serializers.IntegerField()
    pings = serializers.IntegerField()


class GpsResultSerializer(serializers.Serializer):
    dry_run = serializers.BooleanField()
    rule = serializers.CharField()
    pings = serializers.IntegerField()
    devices = serializers.IntegerField()
    visits = GpsVisitSerializer(many=True)
    batch = BatchSerializer(allow_null=True, help_text="The batch saved (null on a dry run)")


def _refused(request, errors: list[str], field: str = "file") -> Response:
    return problem(400, "; ".join(errors[: gps.MAX_ERRORS_SHOWN]), request=request, errors={field: errors})


class GpsVisits(APIView):
    parser_classes = [MultiPartParser]

    @extend_schema(
        request={"multipart/form-data": GpsFileSerializer},
        responses={200: GpsResultSerializer, 201: GpsResultSerializer},
    )
    def post(self, request):
        """Derive patrol visits from a file of GPS pings (police officers' and administrators'
        clients): a run of pings inside an area, split at a gap longer than `gap_minutes`, at
        least `min_minutes` long. `dry_run=true` returns them (200); otherwise they are saved as
        GPS patrols in one batch (201), undone by DELETE patrols/batches/{id}/."""
        require(request.user, "hotspots.derive_gps_visits", action="patrol.gps_save")
        body = GpsFileSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        sent = body.validated_data
        dry_run = sent["dry_run"]
        if not dry_run:
            require_write_scope(request, action="patrol.gps_save")
        # The page's form then checks the file and the rule as the page does.
        form = GpsUploadForm({k: sent[k] for k in ("gap_minutes", "min_minutes")}, {"file": sent["file"]})
        if not form.is_valid():
            errors = {name: [str(m) for m in messages] for name, messages in form.errors.items()}
            said = [m for ms in errors.values() for m in ms]
            return problem(400, "; ".join(said), request=request, errors=errors)
        upload, gap, least = (form.cleaned_data[k] for k in ("file", "gap_minutes", "min_minutes"))
        try:
            digest, pings, visits = batch_selectors.visits_from_ping_file(
                upload.read(), gap_minutes=gap, min_minutes=least
            )
        except gps.PingFileRefused as exc:
            return _refused(request, exc.errors)
        tz = timezone.get_current_timezone()
        batch = None
        if not dry_run:
            try:
                batch = batch_services.gps_visits_save(
                    actor=request.user,
                    visits=visits,
                    digest=digest,
                    name=upload.name,
                    gap_minutes=gap,
                    min_minutes=least,
                )
            except batch_services.GpsRefused as exc:
                return _refused(request, [f"Nothing was saved. {e}" for e in exc.errors], field="")
        body = {
            "dry_run": dry_run,
            "rule": gps.rule_in_words(gap_minutes=gap, min_minutes=least),
            "pings": len(pings),
            "devices": len(pings.devices),
            "visits": [
                {
                    "area": v.area_id,
                    "area_name": v.area_name,
                    "device": v.device,
                    "start": v.start.astimezone(tz).isoformat(),
                    "end": v.end.astimezone(tz).isoformat(),
                    "minutes": v.minutes,
                    "pings": v.pings,
                }
                for v in visits
            ],
            "batch": BatchSerializer(batch).data if batch is not None else None,
        }
        return Response(body, status=200 if dry_run else 201)
