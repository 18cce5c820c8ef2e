from django.contrib.auth import views as auth_views
from django.urls import path

from . import views

urlpatterns = [
    path("account/sign-in/", views.SignInView.as_view(), name="login"),
    path("account/second-factor/", views.mfa_verify, name="mfa_verify"),
    path("account/second-factor/set-up/", views.mfa_enrol, name="mfa_enrol"),
    path("account/second-factor/recovery-codes/", views.mfa_recovery_codes, name="mfa_recovery_codes"),
    path("account/sign-out/", auth_views.LogoutView.as_view(), name="logout"),
    path("account/password/", views.PasswordChangeView.as_view(), name="password_change"),
    path(
        "account/password/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path("account/password-reset/", views.PasswordResetView.as_view(), name="password_reset"),
    path(
        "account/password-reset/sent/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "account/password-reset/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "account/password-reset/complete/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
]
