"""The project's URLs plus the benchmark's baselines (used only by `python -m bench`)."""

from django.urls import include, path

from . import views

urlpatterns = [
    path("bench/plans/", views.bare_plan_list, name="bench_plan_list"),
    path("bench/plans/search/", views.bare_plan_search, name="bench_plan_search"),
    path("bench/plans/<int:pk>/", views.bare_plan_detail, name="bench_plan_detail"),
    path("bench/plans/<int:pk>/history/", views.bare_plan_history, name="bench_plan_history"),
    path("bench/tasks/", views.bare_our_tasks, name="bench_our_tasks"),
    path("bench/audit/", views.bare_audit_events, name="bench_audit_events"),
    path("bench/home/", views.bare_home, name="bench_home"),
    path("bench/compliance/", views.bare_compliance, name="bench_compliance"),
    path("bench-admin/", views.bench_admin_site.urls),
    path("", include("config.urls")),
]
