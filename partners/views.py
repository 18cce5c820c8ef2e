from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_lockout_response
from django.contrib.auth import login, logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.signals import user_login_failed
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters

from . import mfa, mfa_services, services, sign_in_forms


class SignInView(auth_views.LoginView):
    form_class = sign_in_forms.SignInForm
    redirect_authenticated_user = True

    def form_valid(self, form):
        """The password was right: sign in, or hold the sign-in for its second factor."""
        user = form.get_user()
        if not mfa.second_factor_required(user):
            return super().form_valid(form)
        mfa.begin(self.request, user, next_url=self.get_success_url())
        return redirect("mfa_verify" if mfa.has_second_factor(user) else "mfa_enrol")


def _locked_out(request, user):
    """The lockout page when this username and address have failed too often (passwords and
    second-factor codes count alike); the pending sign-in ends with it."""
    credentials = {"username": user.get_username()}
    if AxesProxyHandler.is_locked(request, credentials):
        mfa.abandon(request)
        return get_lockout_response(request, None, credentials)
    return None


def _wrong_code(request, user, form) -> None:
    """A wrong code counts toward the lockout like a wrong password (the service audited it)."""
    user_login_failed.send(
        sender=__name__, credentials={"username": user.get_username(), "second_factor": True}, request=request
    )
    if getattr(request, "axes_locked_out", False):
        mfa.abandon(request)  # AxesMiddleware answers with the lockout page
    form.add_error("code", "That code is not right. Enter the code your authenticator app shows now")


def _complete_sign_in(request, user, device) -> str:
    """Both factors passed: Django's sign-in (its event, and the lockout's reset) at last."""
    next_url = mfa.pending_next(request)
    mfa.abandon(request)
    user.otp_device = device  # django-otp records the device in the session
    login(request, user, backend=user.backend)
    return next_url


@never_cache
@sensitive_post_parameters("code")
def mfa_verify(request):
    """Second step of sign-in: a code from the app, or a recovery code."""
    user = mfa.pending_user(request)
    if user is None:
        return redirect("login")
    if not mfa.has_second_factor(user):
        return redirect("mfa_enrol")
    form = sign_in_forms.SecondFactorForm(request.POST or None)
    if request.method == "POST":
        refused = _locked_out(request, user)
        if refused:
            return refused
        if form.is_valid():
            device = mfa_services.mfa_verify(user=user, code=form.cleaned_data["code"])
            if device is not None:
                return redirect(_complete_sign_in(request, user, device))
            _wrong_code(request, user, form)
    return render(request, "registration/mfa_verify.html", {"form": form, "username": user.get_username()})


@never_cache
@sensitive_post_parameters("code")
def mfa_enrol(request):
    """First sign-in: set up an authenticator app from a QR code (or its key), proven by a code."""
    user = mfa.pending_user(request)
    if user is None:
        return redirect("login")
    if mfa.has_second_factor(user):
        # Set up already: a password alone never replaces the app (an administrator resets it).
        return redirect("mfa_verify")
    key = mfa.enrolment_key(request)
    form = sign_in_forms.SetUpCodeForm(request.POST or None)
    if request.method == "POST":
        refused = _locked_out(request, user)
        if refused:
            return refused
        if form.is_valid():
            codes = mfa_services.mfa_enrol(user=user, key=key, code=form.cleaned_data["code"])
            if codes is not None:
                device = user.totpdevice_set.get()
                next_url = _complete_sign_in(request, user, device)
                request.session[mfa.RECOVERY_CODES_KEY] = {"codes": codes, "next": next_url}
                return redirect("mfa_recovery_codes")
            _wrong_code(request, user, form)
    context = {
        "form": form,
        "username": user.get_username(),
        "qr_code": mfa.qr_code_data_uri(mfa.setup_url(user, key)),
        "typed_key": mfa.key_for_typing(key),
    }
    return render(request, "registration/mfa_enrol.html", context)


@never_cache
@login_required
def mfa_recovery_codes(request):
    """The recovery codes, shown once, straight after setting up the app."""
    shown = request.session.pop(mfa.RECOVERY_CODES_KEY, None)
    return render(
        request,
        "registration/mfa_recovery_codes.html",
        {"codes": shown["codes"] if shown else None, "next": shown["next"] if shown else "/"},
    )


class PasswordChangeView(auth_views.PasswordChangeView):
    """A wrong current password is a guess at a signed-in account's password: it counts toward
    the sign-in lockout like a wrong password at sign-in, and is audited. Locked out, the account
    is signed out: whoever holds the session may not go on guessing."""

    form_class = sign_in_forms.PasswordChangeForm

    def post(self, request, *args, **kwargs):
        if _locked_out_of_changing(request):
            return _sign_out_locked(request)
        return super().post(request, *args, **kwargs)

    def form_invalid(self, form):
        if form.has_error("old_password", "password_incorrect"):
            user = self.request.user
            user_login_failed.send(
                sender=__name__,
                credentials={"username": user.get_username(), "password_change": True},
                request=self.request,
            )
            locked_out = bool(getattr(self.request, "axes_locked_out", False))
            services.user_password_record_failure(user=user, locked_out=locked_out)
            if locked_out:
                return _sign_out_locked(self.request)
        return super().form_invalid(form)


def _locked_out_of_changing(request) -> bool:
    return AxesProxyHandler.is_locked(request, {"username": request.user.get_username()})


def _sign_out_locked(request):
    """The lockout page, signed out (sign-in is refused too until the lockout ends)."""
    credentials = {"username": request.user.get_username()}
    logout(request)
    return get_lockout_response(request, None, credentials)


class PasswordResetView(auth_views.PasswordResetView):
    form_class = sign_in_forms.PasswordResetForm


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    form_class = sign_in_forms.SetPasswordForm
    success_url = reverse_lazy("password_reset_complete")
