from django.urls import path

from . import views_claims, views_pdf

# Plan and programme PDFs (the reports issue).
urlpatterns = [
    path("plans/<int:pk>/report.pdf", views_pdf.plan_report, name="plan_report_pdf"),
    path("programme/report.pdf", views_pdf.programme_report, name="programme_report_pdf"),
    # A partner's quarterly claim statement (hotspots.claims).
    path("claims/<int:pk>/<slug:quarter>/statement.csv", views_claims.claim_csv, name="claim_csv"),
    path("claims/<int:pk>/<slug:quarter>/statement.pdf", views_claims.claim_pdf, name="claim_pdf"),
]
