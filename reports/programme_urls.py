from django.urls import path

from . import views_programme

# Programme page, funder CSV (the programme issue).
urlpatterns = [
    path("programme/", views_programme.programme_page, name="programme"),
    path("programme/funder-return.csv", views_programme.funder_return, name="funder_csv"),
]
