from django.urls import path

from . import claim_views

app_name = "claims"

urlpatterns = [
    path("", claim_views.claim_list, name="list"),
    path("<int:pk>/rate/", claim_views.partner_rate, name="rate"),
    path("<int:pk>/<slug:quarter>/", claim_views.claim_statement, name="statement"),
    path("<int:pk>/<slug:quarter>/decide/", claim_views.claim_decide, name="decide"),
    path("visits/<int:pk>/count/", claim_views.count_visit, name="count_visit"),
]
