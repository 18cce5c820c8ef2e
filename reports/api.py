"""The API's programme figures (config/api_urls.py): the object `manage.py programme_figures
--json` prints, over what this client's role sees of the programme (a manager's: all of it)."""

import json

from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from partners.permissions import refusal, require
from partners.refusals import refuse

from . import programme
from .programme_period import programme_period


class ProgrammeQuery(serializers.Serializer):
    start = serializers.DateField(required=False, help_text="first day, YYYY-MM-DD (with `end`)")
    end = serializers.DateField(required=False, help_text="last day, YYYY-MM-DD (with `start`)")


class ProgrammeFigures(APIView):
    @extend_schema(parameters=[ProgrammeQuery], responses={200: OpenApiTypes.OBJECT})
    def get(self, request):
        """The programme figures for a period (by default the programme page's quarter)."""
        require(request.user, "reports.see_programme", action="report.programme", record=False)
        scope = programme.scope_for(request.user)
        if scope is None:
            refuse(
                refusal("reports.see_programme"), action="report.programme", actor=request.user, record=False
            )
        query = ProgrammeQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        dates = [request.query_params.get("start"), request.query_params.get("end")]
        try:
            start, end = programme_period(
                *dates, scope=scope, today=timezone.localdate(), options=("start", "end")
            )
        except ValueError as exc:
            raise serializers.ValidationError({"start": [str(exc)]}) from None
        figures = programme.figures_for_scope(scope, start=start, end=end, today=timezone.localdate())
        return Response(json.loads(programme.figures_json(figures)))
