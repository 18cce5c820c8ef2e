from django.urls import path

from . import refresh_views, scan_views

app_name = "scan"

urlpatterns = [
    path("", scan_views.scan_page, name="page"),
    path("places.json", scan_views.ranking_json, name="ranking_json"),
    path("start/", scan_views.start_plan, name="start_plan"),
    path("refresh/", refresh_views.hotspot_refresh_page, name="refresh"),
    path("refresh/decide/", refresh_views.hotspot_decide, name="refresh_decide"),
]
