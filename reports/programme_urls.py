from django.urls import path  # noqa: F401

# Programme page, funder CSV (the programme issue).
urlpatterns = []
