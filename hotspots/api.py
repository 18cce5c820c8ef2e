"""The API's areas (with their GeoJSON), patrols and area figures (config/api_urls.py), through
the pages' selectors, form checks and services, as the client's user (partners.api)."""

from django import forms
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_field
from rest_framework import generics, serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from partners.api import detail_response, require_write_scope
from partners.forms import MAX_ID
from partners.permissions import require

from . import patrol_services, selectors, service_support
from .figure_periods import months_period
from .figures import area_figures
from .geometry import displacement_control_text
from .models import Area, CrimeFamily, PatrolLog
from .patrol_forms import PatrolForm


class AreaSerializer(serializers.ModelSerializer):
    geometry = serializers.JSONField(help_text="GeoJSON Polygon or MultiPolygon (WGS84)")
    control_geometry = serializers.JSONField(allow_null=True, help_text="GeoJSON of the control area, if any")
    displacement_control_geometry = serializers.JSONField(
        allow_null=True,
        help_text="GeoJSON of the control's displacement area (Dc) as drawn; null: the ring of "
        "buffer_m around the control area",
    )
    displacement_control = serializers.SerializerMethodField(help_text="Which Dc the figures count, in words")
    lsoa_codes = serializers.ListField(child=serializers.CharField())

    class Meta:
        model = Area
        # The fields an area's services write, with which Dc its figures count.
        fields = ["id", *service_support.AREA_FIELDS, "displacement_control", "version"]
        read_only_fields = fields

    def get_displacement_control(self, area) -> str:
        return displacement_control_text(area)


@extend_schema_field({"type": "string", "pattern": "^([01][0-9]|2[0-3]):[0-5][0-9]$", "example": "22:30"})
class ClockTime(serializers.TimeField):
    """A time of day on the local clock, as the patrol form takes it: "22:30" (no offset: the
    date and the clock of the day say which instant)."""

    def __init__(self, **kwargs):
        super().__init__(format="%H:%M", input_formats=["%H:%M"], **kwargs)


class PatrolSerializer(serializers.ModelSerializer):
    start_time = ClockTime(read_only=True)
    area_name = serializers.CharField(source="area.name", read_only=True)
    organisation = serializers.CharField(source="organisation.name", read_only=True)
    plan = serializers.IntegerField(source="plan_id", allow_null=True, read_only=True)

    class Meta:
        model = PatrolLog
        # The fields a patrol's services write, the area's name beside its id, then who and when.
        fields = [
            "id",
            "area",
            "area_name",
            "plan",
            "organisation",
            *(name for name in service_support.PATROL_FIELDS if name != "area"),
            "version",
            "created_at",
        ]
        read_only_fields = fields


class PatrolInSerializer(serializers.Serializer):
    """The shape of a new patrol; its checks are the patrol form's (the same messages)."""

    area = serializers.IntegerField(min_value=1, max_value=MAX_ID)
    date = serializers.DateField()
    start_time = ClockTime()
    minutes = serializers.IntegerField(min_value=1, max_value=24 * 60)
    kind = serializers.ChoiceField(choices=PatrolLog.Kind.choices)
    staff_count = serializers.IntegerField(min_value=1, max_value=100, default=1)
    engagements = serializers.IntegerField(min_value=0, max_value=10000, default=0)
    arrests = serializers.IntegerField(min_value=0, max_value=10000, default=0)
    stop_searches = serializers.IntegerField(min_value=0, max_value=10000, default=0)
    asb_powers = serializers.IntegerField(min_value=0, max_value=10000, default=0)
    note = serializers.CharField(max_length=2000, allow_blank=True, default="")


class ApiPatrolForm(PatrolForm):
    """The page's patrol form with the date as ISO 8601 (the page asks day, month and year)."""

    date = forms.DateField(
        input_formats=["%Y-%m-%d"], error_messages={"required": "Enter the date of the patrol"}
    )


class PageParameter(serializers.Serializer):
    page = serializers.IntegerField(min_value=1, required=False)


class FiguresQuery(serializers.Serializer):
    before = serializers.CharField(help_text="months before, FIRST:LAST, e.g. 2018-10:2018-12")
    after = serializers.CharField(help_text="months after, FIRST:LAST, e.g. 2019-01:2019-02")
    family = serializers.CharField(default="serious-violence", help_text="crime family name or slug")

    def validate_before(self, value):
        return self._months(value, "before")

    def validate_after(self, value):
        return self._months(value, "after")

    def _months(self, value, option):
        try:
            return months_period(value, option)
        except ValueError as exc:
            raise serializers.ValidationError(str(exc)) from None

    def validate_family(self, value):
        family = (
            CrimeFamily.objects.filter(name__iexact=value).first()
            or CrimeFamily.objects.filter(slug=value).first()
        )
        if family is None:
            names = ", ".join(CrimeFamily.objects.values_list("name", flat=True))
            raise serializers.ValidationError(f"No crime family {value!r}. Families: {names}")
        return family


def _see_areas(request):
    require(request.user, "hotspots.see_areas", action="area.view", record=False)


@extend_schema(parameters=[PageParameter])
class AreaList(generics.ListAPIView):
    """Hotspot areas with their outlines (police and administrators' clients)."""

    serializer_class = AreaSerializer

    def get_queryset(self):
        _see_areas(self.request)
        PageParameter(data=self.request.query_params).is_valid(raise_exception=True)
        return selectors.areas_visible_to(self.request.user).order_by("name", "pk")


class AreaDetail(APIView):
    @extend_schema(responses={200: AreaSerializer, 304: OpenApiResponse(description="Not modified")})
    def get(self, request, pk: int):
        """One area with its GeoJSON outline, buffer, tolerance and control area."""
        _see_areas(request)
        area = selectors.area_for_user_or_404(request.user, pk)
        return detail_response(request, AreaSerializer(area).data)


class AreaFigures(APIView):
    @extend_schema(parameters=[FiguresQuery], responses={200: OpenApiTypes.OBJECT})
    def get(self, request, pk: int):
        """The area's figures for a crime family over two periods: the same object as
        `manage.py area_figures --area NAME --before .. --after .. --json`."""
        _see_areas(request)
        area = selectors.area_for_user_or_404(request.user, pk)
        query = FiguresQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        figures = area_figures(
            area=area,
            family=query.validated_data["family"],
            before=query.validated_data["before"],
            after=query.validated_data["after"],
        )
        return Response(figures.as_dict())


class PatrolList(generics.ListCreateAPIView):
    """Patrols this client sees (police: every one; a partner: its organisation's), newest first;
    POST logs one visit for the client's organisation, checked as the page's form checks it."""

    serializer_class = PatrolSerializer

    def get_queryset(self):
        require(self.request.user, "hotspots.see_patrols", action="patrol.list", record=False)
        PageParameter(data=self.request.query_params).is_valid(raise_exception=True)
        return (
            selectors.patrols_visible_to(self.request.user)
            .select_related("area", "organisation")
            .order_by("-date", "-start_time", "-pk")
        )

    @extend_schema(parameters=[PageParameter])
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    @extend_schema(request=PatrolInSerializer, responses={201: PatrolSerializer})
    def post(self, request, *args, **kwargs):
        require(request.user, "hotspots.log_patrols", action="patrol.log")
        require_write_scope(request, action="patrol.log")
        body = PatrolInSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = {
            key: (value.isoformat() if hasattr(value, "isoformat") else value)
            for key, value in body.validated_data.items()
        }
        form = ApiPatrolForm(data, areas=selectors.patrol_areas_for(request.user))
        if not form.is_valid():
            raise serializers.ValidationError(
                {
                    ("non_field_errors" if name == "__all__" else name): errors
                    for name, errors in form.errors.items()
                }
            )
        patrol = patrol_services.patrol_log(
            actor=request.user, **{name: form.cleaned_data[name] for name in service_support.PATROL_FIELDS}
        )
        return Response(PatrolSerializer(patrol).data, status=201)
