from django.urls import path

from . import batch_views

app_name = "patrol_batches"

urlpatterns = [
    path("", batch_views.batch_list, name="list"),
    path("upload/", batch_views.batch_upload, name="upload"),
    path("template.csv", batch_views.batch_template, name="template"),
    path("template.xlsx", batch_views.batch_template_xlsx, name="template_xlsx"),
    path("<int:pk>/", batch_views.batch_detail, name="detail"),
    path("<int:pk>/undo/", batch_views.batch_undo, name="undo"),
    path("gps/", batch_views.gps_upload, name="gps_upload"),
    path("gps/save/", batch_views.gps_save, name="gps_save"),
]
