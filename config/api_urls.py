"""The API, version 1 (`/api/v1/`): each app's endpoints, the OpenAPI schema (committed as
docs/openapi.yaml) and its browsable docs, served with no fetch from another site."""

from django.urls import path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.exceptions import NotFound
from rest_framework.permissions import AllowAny
from rest_framework.views import APIView

from audit import api as audit_api
from hotspots import api as hotspots_api
from hotspots import api_batches, api_gps, api_imports
from plans import api as plans_api
from reports import api as reports_api

app_name = "api"


class NoSuchEndpoint(APIView):
    """Any other address under /api/v1/ (a path id that is not a number, say): a problem, not the
    pages' HTML 404."""

    schema = None

    def dispatch_missing(self, request, *args, **kwargs):
        raise NotFound("There is no such address in the API.")

    get = post = put = patch = delete = dispatch_missing


public = {"authentication_classes": [], "permission_classes": [AllowAny], "throttle_classes": []}

urlpatterns = [
    path("plans/", plans_api.PlanList.as_view(), name="plan_list"),
    path("plans/<int:pk>/", plans_api.PlanDetail.as_view(), name="plan_detail"),
    path("plans/<int:pk>/comments/", plans_api.PlanComments.as_view(), name="plan_comments"),
    path("tasks/", plans_api.TaskList.as_view(), name="task_list"),
    path("tasks/<int:pk>/", plans_api.TaskDetail.as_view(), name="task_detail"),
    path("tasks/<int:pk>/start/", plans_api.TaskStart.as_view(), name="task_start"),
    path("tasks/<int:pk>/block/", plans_api.TaskBlock.as_view(), name="task_block"),
    path("tasks/<int:pk>/resume/", plans_api.TaskResume.as_view(), name="task_resume"),
    path("tasks/<int:pk>/complete/", plans_api.TaskComplete.as_view(), name="task_complete"),
    path("areas/", hotspots_api.AreaList.as_view(), name="area_list"),
    path("areas/<int:pk>/", hotspots_api.AreaDetail.as_view(), name="area_detail"),
    path("areas/<int:pk>/figures/", hotspots_api.AreaFigures.as_view(), name="area_figures"),
    path("patrols/", hotspots_api.PatrolList.as_view(), name="patrol_list"),
    path("patrols/batches/", api_batches.PatrolBatchUpload.as_view(), name="patrol_batches"),
    path("patrols/batches/<int:pk>/", api_batches.PatrolBatchDetail.as_view(), name="patrol_batch"),
    path("patrols/gps/", api_gps.GpsVisits.as_view(), name="gps_visits"),
    path("incidents/imports/", api_imports.IncidentImport.as_view(), name="incident_imports"),
    path("programme/figures/", reports_api.ProgrammeFigures.as_view(), name="programme_figures"),
    path("audit/events/", audit_api.EventList.as_view(), name="audit_events"),
    path("schema/", SpectacularAPIView.as_view(**public), name="schema"),
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api:schema", **public), name="docs"),
    re_path(r"", NoSuchEndpoint.as_view()),  # unnamed: the URL matrix walks named URLs
]
