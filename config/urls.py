from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView

from reports import views_home

urlpatterns = [
    # Each role's home page: reports reads every app below it (the manager's headline figures).
    path("", views_home.home, name="home"),
    path("", include("partners.urls")),
    path("plans/", include("plans.urls")),
    path("", include("plans.task_urls")),
    path("audit/", include("audit.urls")),
    path("areas/patrols/batches/", include("hotspots.batch_urls")),
    path("areas/", include("hotspots.urls")),
    path("scan/", include("hotspots.scan_urls")),
    path("rota/", include("hotspots.rota_urls")),
    path("claims/", include("hotspots.claim_urls")),
    path("", include("reports.urls")),
    path("api/v1/", include("config.api_urls")),
    # One way in: the admin's own sign-in form would skip the second factor.
    path("admin/login/", RedirectView.as_view(pattern_name="login", query_string=True)),
    path("admin/", admin.site.urls),
]

handler500 = "config.views.server_error"
