from django.urls import path

from . import closure_views, history_views, part_views, retention_views, stage_check_views, views

app_name = "plans"

urlpatterns = [
    path("", views.plan_list, name="list"),
    path("new/", views.plan_create, name="create"),
    path("review/", views.review_queue, name="review_queue"),
    path("<int:pk>/", views.plan_detail, name="detail"),
    path("<int:pk>/history/", history_views.plan_history_page, name="history"),
    path("<int:pk>/edit/<slug:section>/", views.plan_edit, name="edit"),
    path("<int:pk>/review/", views.plan_review, name="review"),
    path("<int:pk>/transition/<slug:name>/", views.plan_transition, name="transition"),
    path("<int:pk>/check/<slug:name>/", stage_check_views.stage_check_page, name="stage_check"),
    path("<int:pk>/closure/ask/", closure_views.closure_request, name="closure_request"),
    path("<int:pk>/closure/send-back/", closure_views.closure_return, name="closure_return"),
    path("<int:pk>/retention/", retention_views.plan_retention, name="retention"),
    path("<int:pk>/sources/add/", part_views.source_add, name="source_add"),
    path(
        "<int:pk>/sources/<int:item_pk>/remove/",
        part_views.child_remove,
        {"kind": "source"},
        name="source_remove",
    ),
    path("<int:pk>/objectives/add/", part_views.objective_add, name="objective_add"),
    path("<int:pk>/objectives/<int:item_pk>/edit/", part_views.objective_edit, name="objective_edit"),
    path(
        "<int:pk>/objectives/<int:item_pk>/remove/",
        part_views.child_remove,
        {"kind": "objective"},
        name="objective_remove",
    ),
    path("<int:pk>/responses/add/", part_views.response_add, name="response_add"),
    path("<int:pk>/responses/<int:item_pk>/edit/", part_views.response_edit, name="response_edit"),
    path(
        "<int:pk>/responses/<int:item_pk>/remove/",
        part_views.child_remove,
        {"kind": "response"},
        name="response_remove",
    ),
]
