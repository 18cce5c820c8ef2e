from django import forms
from django.contrib.auth import forms as auth_forms
from django.core.exceptions import ValidationError
from django.db import models, transaction

from . import services

# The largest id a database holds (a signed 64-bit integer). SQLite cannot even be asked about a
# larger one: a lookup by it raises rather than finding nothing, and the page would be a 500.
MAX_ID = 2**63 - 1


def id_from(raw) -> int | None:
    """The id a browser sent (a form value or a query parameter), or None unless it is a whole
    number a database can hold: look nothing up with anything else."""
    text = str(raw if raw is not None else "").strip()
    if not (text.isascii() and text.isdigit()):
        return None
    value = int(text)
    return value if value <= MAX_ID else None


class _IdInRange:
    """Refuses an id no database holds as an invalid choice, before it reaches a query."""

    def _refuse_out_of_range(self, value) -> None:
        if value in self.empty_values:
            return
        model = self.queryset.model
        key = model._meta.pk if not self.to_field_name else model._meta.get_field(self.to_field_name)
        if not isinstance(key, models.IntegerField | models.AutoField | models.ForeignKey):
            return  # chosen by a name (a slug): any text is merely not found
        text = str(value).strip()
        if text.lstrip("-").isascii() and text.lstrip("-").isdigit() and abs(int(text)) > MAX_ID:
            raise ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice", params={"value": value}
            )


class ModelChoiceField(_IdInRange, forms.ModelChoiceField):
    """forms.ModelChoiceField that refuses an out-of-range id as an invalid choice (MAX_ID).
    Every form in the project chooses a record with this or ModelMultipleChoiceField."""

    def to_python(self, value):
        self._refuse_out_of_range(value)
        return super().to_python(value)


class ModelMultipleChoiceField(_IdInRange, forms.ModelMultipleChoiceField):
    """forms.ModelMultipleChoiceField that refuses an out-of-range id as an invalid choice."""

    def _check_values(self, value):
        for item in value if isinstance(value, list | tuple) else []:
            self._refuse_out_of_range(item)
        return super()._check_values(value)


class GovukFormMixin:
    """Gives every widget its GOV.UK Frontend class and links hints and errors for screen readers."""

    widget_classes = {
        forms.Textarea: "govuk-textarea",
        forms.Select: "govuk-select",
        forms.SelectMultiple: "govuk-select",
        forms.CheckboxInput: "govuk-checkboxes__input",
        forms.ClearableFileInput: "govuk-file-upload",
        forms.FileInput: "govuk-file-upload",
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            widget = field.widget
            css = "govuk-input"
            for widget_type, widget_css in self.widget_classes.items():
                if isinstance(widget, widget_type):
                    css = widget_css
            if self.errors.get(name):
                css += f" {css}--error"
            widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()
            described = []
            if field.help_text:
                described.append(f"{self[name].id_for_label}-hint")
            if self.errors.get(name):
                described.append(f"{self[name].id_for_label}-error")
            if described:
                widget.attrs["aria-describedby"] = " ".join(described)

    def full_clean(self):
        super().full_clean()
        # Errors are known only after cleaning: mark the widgets that have them.
        for name in self.errors:
            if name in self.fields:
                widget = self.fields[name].widget
                classes = widget.attrs.get("class", "")
                base = classes.split()[0] if classes else "govuk-input"
                if f"{base}--error" not in classes:
                    widget.attrs["class"] = f"{classes} {base}--error".strip()
                ids = widget.attrs.get("aria-describedby", "")
                err = f"{self[name].id_for_label}-error"
                if err not in ids:
                    widget.attrs["aria-describedby"] = f"{ids} {err}".strip()


class VersionedFormMixin:
    """An edit form drawn with the version now saved of the record it edits (`versioned()`:
    a ModelForm's instance unless the form says otherwise); see version_field."""

    def versioned(self):
        return self.instance

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial["version"] = self.versioned().version


def conflict_rows(form, exc, shown=None) -> list[dict]:
    """What a refused stale save shows (an EditConflict): each field saved since the user opened
    the form, with its `label` and the `value` now saved in the words of the form's field: a
    choice by its label, nothing as "—". `shown(name, value, field)` first gives the value of a
    field the form shows in its own way (a date, a list, a record), returning others as they are.
    """
    rows = []
    for name in exc.changed:
        field = form.fields.get(name)
        value = exc.current.get(name)
        if shown is not None:
            value = shown(name, value, field)
        # A record chosen from a list is named by `shown`; other choices by their label.
        if hasattr(field, "choices") and not hasattr(field, "queryset") and value not in (None, ""):
            value = dict(field.choices).get(value, value)
        rows.append(
            {
                "name": name,
                "label": field.label if field else name,
                "value": "—" if value in (None, "") else value,
            }
        )
    return rows


def version_field(what: str, *, from_where: str) -> forms.IntegerField:
    """The hidden version an edit form started from: a save over someone else's newer one is
    refused (each service's EditConflict). A missing or garbled one asks to open the page again."""
    out_of_date = f"This page is out of date: open the {what} again from {from_where}"
    return forms.IntegerField(
        widget=forms.HiddenInput,
        min_value=1,
        max_value=MAX_ID,
        error_messages={
            "required": out_of_date,
            "invalid": out_of_date,
            "min_value": out_of_date,
            "max_value": out_of_date,
        },
    )


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
