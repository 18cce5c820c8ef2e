from django.urls import path

from . import views_plan_list

# The plan list's CSV (issue 23): the list's own filters, for managers, as a disclosure.
urlpatterns = [
    path("plans/list.csv", views_plan_list.plan_list_csv, name="plan_list_csv"),
]
