"""Partners on a plan, tasks, evidence and comments (the tasks issue). Included at the site root."""

from django.urls import path

from . import comment_views, evidence_views, partner_views, task_edit_views, task_fix_views
from . import task_views as views

app_name = "tasks"

urlpatterns = [
    path("tasks/", views.ours, name="ours"),
    path("tasks/<int:pk>/", views.detail, name="detail"),
    path("tasks/<int:pk>/edit/", task_edit_views.task_edit, name="edit"),
    path("tasks/<int:pk>/reassign/", task_edit_views.task_reassign, name="reassign"),
    path("tasks/<int:pk>/start/", views.task_start, name="start"),
    path("tasks/<int:pk>/block/", views.task_block, name="block"),
    path("tasks/<int:pk>/resume/", views.task_resume, name="resume"),
    path("tasks/<int:pk>/complete/", views.task_complete, name="complete"),
    path("tasks/<int:pk>/cancel/", views.task_cancel, name="cancel"),
    path("tasks/<int:pk>/evidence/", evidence_views.evidence_add, name="evidence_add"),
    path("tasks/<int:pk>/reopen/", task_fix_views.task_reopen, name="reopen"),
    path("attachments/<int:pk>/", evidence_views.attachment_download, name="attachment_download"),
    path("attachments/<int:pk>/remove/", task_fix_views.attachment_remove, name="attachment_remove"),
    path("plans/<int:pk>/tasks/", views.plan_tasks, name="plan_tasks"),
    path("plans/<int:pk>/tasks/new/", task_edit_views.task_create, name="create"),
    path("plans/<int:pk>/partners/add/", partner_views.partner_add, name="partner_add"),
    path("plans/<int:pk>/partners/<int:org_pk>/remove/", partner_views.partner_remove, name="partner_remove"),
    path("plans/<int:pk>/comments/add/", comment_views.comment_add, name="comment_add"),
]
