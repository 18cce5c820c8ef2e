"""The API's patrols in bulk (config/api_urls.py): a JSON list of visits or a CSV/XLSX file,
checked and saved whole or not at all by the page's service (hotspots.batch_services
.patrol_batch_upload: one batch, one event), and a batch undone whole by the client that sent it
within 7 days (patrol_batch_undo). A refused file is a problem whose `errors` lists each row's
problems by row and field."""

import json

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.parsers import JSONParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from partners.api import PROBLEM_TYPE, detail_response, problem, require_write_scope
from partners.permissions import require

from . import batch_selectors, batch_services
from .api import PatrolInSerializer
from .batch_models import PatrolBatch
from .patrol_batches import BatchRefused, RowError


class BatchSerializer(serializers.ModelSerializer):
    organisation = serializers.CharField(source="organisation.name", read_only=True)
    undo_until = serializers.DateTimeField(read_only=True)

    class Meta:
        model = PatrolBatch
        fields = [
            "id",
            "source",
            "source_name",
            "organisation",
            "rows",
            "uploaded_at",
            "undo_until",
            "undone_at",
        ]
        read_only_fields = fields


class BatchFileSerializer(serializers.Serializer):
    file = serializers.FileField(help_text="The page's template filled in: CSV (UTF-8) or .xlsx")


class RowErrorSerializer(serializers.Serializer):
    row = serializers.IntegerField(
        help_text="The visit's place in the list (from 1), or the file's row (its header is row 1); 0: the whole"
    )
    field = serializers.CharField(help_text="The visit's field (the template's column); empty: the whole row")
    message = serializers.CharField()


class BatchProblemSerializer(serializers.Serializer):
    type = serializers.CharField()
    title = serializers.CharField()
    status = serializers.IntegerField()
    detail = serializers.CharField()
    instance = serializers.CharField(required=False)
    errors = RowErrorSerializer(many=True, required=False)


def _refused(request, exc: BatchRefused, *, numbered: str) -> Response:
    errors = [{"row": e.row, "field": e.column, "message": e.message} for e in exc.errors]
    said = [
        (f"{numbered} {e.row}" + (f", {e.column}" if e.column else "") + f": {e.message}")
        if e.row
        else e.message
        for e in exc.errors[:20]
    ]
    if len(exc.errors) > 20:
        said.append(f"and {len(exc.errors) - 20} more")
    return problem(400, "; ".join(said), request=request, errors=errors)


class PatrolBatchUpload(APIView):
    parser_classes = [JSONParser, MultiPartParser]

    @extend_schema(
        request={
            "application/json": PatrolInSerializer(many=True),
            "multipart/form-data": BatchFileSerializer,
        },
        responses={
            201: BatchSerializer,
            (400, PROBLEM_TYPE): OpenApiResponse(
                BatchProblemSerializer, description="Nothing saved: `errors` lists each row's problems"
            ),
        },
    )
    def post(self, request):
        """Log many visits for the client's organisation at once, saved whole or not at all as one
        batch: a JSON list of visits (each the single patrol's fields, its area by id), or the
        page's template filled in (CSV or .xlsx, under `file`). Every visit is checked first, as
        the page's upload checks it."""
        require(request.user, "hotspots.log_patrols", action="patrol.batch_upload")
        require_write_scope(request, action="patrol.batch_upload")
        upload = None if isinstance(request.data, list) else request.FILES.get("file")
        try:
            if upload is not None:
                batch = batch_services.patrol_batch_upload(
                    actor=request.user, content=upload.read(), name=upload.name
                )
            elif isinstance(request.data, list):
                batch = batch_services.patrol_batch_upload(
                    actor=request.user,
                    content=json.dumps(request.data, sort_keys=True, default=str).encode(),
                    name=f"{request.auth.name} (API)",
                    visits=request.data,
                )
            else:
                raise BatchRefused(
                    [RowError(0, "", "Send a JSON list of visits, or a CSV or .xlsx file under 'file'")]
                )
        except BatchRefused as exc:
            return _refused(request, exc, numbered="Row" if upload is not None else "Visit")
        return Response(BatchSerializer(batch).data, status=201)


class PatrolBatchDetail(APIView):
    @extend_schema(responses={200: BatchSerializer, 304: OpenApiResponse(description="Not modified")})
    def get(self, request, pk: int):
        """A batch this client sees (police: every one; a partner: its organisation's)."""
        batch = batch_selectors.batch_for_user_or_404(request.user, pk)
        return detail_response(request, BatchSerializer(batch).data)

    @extend_schema(responses={204: OpenApiResponse(description="Every patrol of the batch removed")})
    def delete(self, request, pk: int):
        """Undo a batch whole: only by the client that sent it, once, within 7 days."""
        batch = batch_selectors.batch_for_user_or_404(request.user, pk)
        require(request.user, "hotspots.undo_patrol_batch", batch, action="patrol.batch_undo")
        require(request.user, "hotspots.undo_patrol_batch_in_time", batch, action="patrol.batch_undo")
        require_write_scope(request, action="patrol.batch_undo", target=batch)
        batch_services.patrol_batch_undo(actor=request.user, batch=batch)
        return Response(status=204)
