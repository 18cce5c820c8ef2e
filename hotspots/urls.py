from django.urls import path

from . import patrol_views, views

app_name = "hotspots"

urlpatterns = [
    path("", views.area_list, name="area_list"),
    path("new/", views.area_create, name="area_create"),
    path("<int:pk>/", views.area_detail, name="area_detail"),
    path("<int:pk>/edit/", views.area_edit, name="area_edit"),
    path("<int:pk>/remove/", views.area_remove, name="area_remove"),
    path("patrols/", patrol_views.patrol_list, name="patrol_list"),
    path("patrols/new/", patrol_views.patrol_create, name="patrol_create"),
    path("patrols/<int:pk>/edit/", patrol_views.patrol_edit, name="patrol_edit"),
    path("patrols/<int:pk>/remove/", patrol_views.patrol_remove, name="patrol_remove"),
    path("import/", views.import_incidents, name="import"),
    path("objectives/<int:pk>/baseline/", views.objective_baseline, name="objective_baseline"),
]
