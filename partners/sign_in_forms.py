"""The sign-in forms: password, second factor, and changing or resetting a password."""

from django import forms
from django.contrib.auth import forms as auth_forms
from django.db import transaction

from . import services
from .forms import GovukFormMixin


class SignInForm(GovukFormMixin, auth_forms.AuthenticationForm):
    error_messages = {
        "invalid_login": "Enter a correct username and password. Both are case-sensitive.",
        "inactive": "This account is not active. Ask an administrator to restore it.",
    }

    def full_clean(self):
        # Say which field is empty. Set here, not in __init__: GovukFormMixin cleans a bound form
        # inside __init__.
        self.fields["username"].error_messages["required"] = "Enter your username"
        self.fields["password"].error_messages["required"] = "Enter your password"
        super().full_clean()


class PasswordChangeForm(GovukFormMixin, auth_forms.PasswordChangeForm):
    def save(self, commit=True):
        # The new password and its audit event stand or fall together.
        with transaction.atomic():
            user = super().save(commit=commit)
            if commit:
                services.user_password_record(actor=user, user=user)
        return user


class PasswordResetForm(GovukFormMixin, auth_forms.PasswordResetForm):
    def save(self, **kwargs):
        """The link goes to SITE_URL (the address emails link to), not to whatever host the
        request named: behind a proxy that is an internal name, and a forged Host header must
        not put its own address in a reset link."""
        from urllib.parse import urlsplit

        from django.conf import settings

        site = urlsplit(settings.SITE_URL)
        kwargs.update(domain_override=site.netloc, use_https=site.scheme == "https")
        return super().save(**kwargs)


class SetPasswordForm(GovukFormMixin, auth_forms.SetPasswordForm):
    """The new password from an emailed reset link: the link is who the user is."""

    def save(self, commit=True):
        with transaction.atomic():
            user = super().save(commit=commit)
            if commit:
                services.user_password_record(actor=user, user=user, reset=True)
        return user


def _code_field(hint: str) -> forms.CharField:
    return forms.CharField(
        label="Code",
        max_length=40,
        strip=True,
        help_text=hint,
        error_messages={"required": "Enter the 6-digit code from your authenticator app"},
    )


class SecondFactorForm(GovukFormMixin, forms.Form):
    """A code from the user's authenticator app, or one of their recovery codes."""

    code = _code_field(
        "The 6-digit code your authenticator app shows now. Lost your phone? Enter a recovery code."
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        widget = self.fields["code"].widget
        widget.attrs["class"] += (
            " govuk-input--width-10"  # after the mixin's: its error class reads the first
        )
        widget.attrs.update(
            {"autocomplete": "one-time-code", "spellcheck": "false", "autocapitalize": "none"}
        )


class SetUpCodeForm(SecondFactorForm):
    """The first code from an authenticator app just set up, which proves it was."""

    code = _code_field("The 6-digit code the app shows once it has added this service.")
