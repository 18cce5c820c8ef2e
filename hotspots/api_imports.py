"""The API's police.uk import (config/api_urls.py), for administrators' clients: one force-month
file, imported whole (replacing that month) or refused whole, by the page's and the command's
service (hotspots.import_services.import_police_uk_file: its permission, its one event)."""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.parsers import MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from partners.api import problem, require_write_scope
from partners.permissions import require

from . import import_services, importer
from .models import ImportedMonth


class ImportedMonthSerializer(serializers.ModelSerializer):
    replaced_rows = serializers.IntegerField(
        allow_null=True, read_only=True, help_text="Rows of the month's earlier import replaced, if any"
    )
    summary = serializers.SerializerMethodField()

    class Meta:
        model = ImportedMonth
        fields = [
            "id",
            "force",
            "month",
            "source_name",
            "rows",
            "rows_without_location",
            "replaced_rows",
            "summary",
        ]
        read_only_fields = fields

    def get_summary(self, batch) -> str:
        return importer.summary(batch)


class ImportFileSerializer(serializers.Serializer):
    file = serializers.FileField(help_text="A police.uk street-level crime file: YYYY-MM-force-street.csv")


class IncidentImport(APIView):
    parser_classes = [MultiPartParser]

    @extend_schema(
        request={"multipart/form-data": ImportFileSerializer}, responses={201: ImportedMonthSerializer}
    )
    def post(self, request):
        """Import one police.uk force-month file (administrators' clients), replacing any earlier
        import of that force and month; a bad file is refused whole, its line named."""
        require(request.user, "hotspots.import_incidents", action="incidents.import")
        require_write_scope(request, action="incidents.import")
        upload = request.FILES.get("file")
        if upload is None:
            return problem(
                400,
                "Send the police.uk file under 'file'",
                request=request,
                errors={"file": ["Send the police.uk file under 'file'"]},
            )
        try:
            batch = import_services.import_police_uk_file(
                actor=request.user, fileobj=upload, name=upload.name
            )
        except importer.ImportRefused as exc:
            message = f"The file was not imported. {exc}"
            return problem(400, message, request=request, errors={"file": [message]})
        data = ImportedMonthSerializer(batch).data
        data["replaced_rows"] = getattr(batch, "replaced_rows", None)
        return Response(data, status=201)
