from django.urls import path

from . import rota_views, target_views

app_name = "rota"

urlpatterns = [
    path("compliance/", rota_views.rota_compliance, name="compliance"),
    path("target/", rota_views.funded_target, name="target"),
    path("target/organisations/", target_views.organisation_targets, name="organisation_targets"),
    path("areas/<int:pk>/", rota_views.rota_area, name="area"),
    path("areas/<int:pk>/new/", rota_views.rota_pattern_create, name="pattern_create"),
    path("patterns/<int:pk>/exception/", rota_views.rota_exception_create, name="exception_create"),
    path("patterns/<int:pk>/confirm/", rota_views.rota_confirm, name="confirm"),
    path("patterns/<int:pk>/change/", rota_views.rota_pattern_edit, name="pattern_edit"),
    path("patterns/<int:pk>/remove/", rota_views.rota_pattern_remove, name="pattern_remove"),
    path("exceptions/<int:pk>/remove/", rota_views.rota_exception_remove, name="exception_remove"),
]
