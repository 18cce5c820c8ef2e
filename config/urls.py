from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("partners.urls")),
    path("plans/", include("plans.urls")),
    path("", include("plans.task_urls")),
    path("audit/", include("audit.urls")),
    path("areas/", include("hotspots.urls")),
    path("", include("reports.urls")),
    path("admin/", admin.site.urls),
]

handler500 = "config.views.server_error"
