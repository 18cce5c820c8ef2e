from django.urls import path

from . import views_pdf

# Plan and programme PDFs (the reports issue).
urlpatterns = [
    path("plans/<int:pk>/report.pdf", views_pdf.plan_report, name="plan_report_pdf"),
    path("programme/report.pdf", views_pdf.programme_report, name="programme_report_pdf"),
]
