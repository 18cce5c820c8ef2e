from django.urls import path  # noqa: F401

# Plan and programme PDFs (the reports issue).
urlpatterns = []
