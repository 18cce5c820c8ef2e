import datetime
import json

from django import forms
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import models

from audit.edits import MINE, THEIRS, EditBase, comparable, seen_of

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


class GovukCheckboxes(forms.CheckboxSelectMultiple):
    """A multiple choice as GOV.UK checkboxes (_field.html draws them in a fieldset), not a
    multi-select list that needs Ctrl held down."""

    govuk_checkboxes = True


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


BASE_SALT = "partners.forms.edit-base"


def add_service_errors(form, exc: Exception) -> None:
    """Put a service's refusal on the form: a ValidationError's errors by the field each names
    where the form has it, the rest above the form; any other refusal by its words."""
    if not isinstance(exc, ValidationError):
        form.add_error(None, str(exc))
    elif hasattr(exc, "error_dict"):
        for name, errors in exc.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


def base_for(record, fields) -> str:
    """The signed `base` an edit form is drawn with: the values the user sees (audit.edits.seen_of)."""
    return signing.dumps({"seen": seen_of(record, fields), "contested": []}, salt=BASE_SALT, compress=True)


def _read_base(value: str | None) -> dict | None:
    try:
        payload = signing.loads(value or "", salt=BASE_SALT)
    except signing.BadSignature:
        return None  # none, or not ours: the save is checked by its version alone, as before
    if not isinstance(payload, dict) or not isinstance(payload.get("seen"), dict):
        return None
    return payload


class EditBaseMixin:
    """An edit form that carries what the user saw (a signed hidden `base`): a save then writes
    only the fields the user changed, and a save over someone else's newer one can say which
    fields each of them changed (audit.edits.record_edit). After such a conflict the base also
    names the fields both changed differently, and the form asks, for each, whether to keep the
    saved value ("theirs") or the user's ("mine"): `choice_fields`, drawn by _edit_choices.html."""

    CHOICE_PREFIX = "keep_"

    def order_fields(self, field_order):
        # BaseForm.__init__ calls this once the fields are copied and the data bound, before
        # anything cleans the form (GovukFormMixin does in its __init__): the place to add
        # fields that depend on what was posted.
        super().order_fields(field_order)
        self.fields["base"] = forms.CharField(required=False, widget=forms.HiddenInput)
        self._base = _read_base(self.data.get(self.add_prefix("base"))) if self.is_bound else None
        for name in (self._base or {}).get("contested", []):
            if name in self.fields:
                label = self.fields[name].label or name
                self.fields[self.CHOICE_PREFIX + name] = forms.ChoiceField(
                    label=label,
                    choices=[(THEIRS, "Keep the saved version"), (MINE, "Use mine")],
                    widget=forms.RadioSelect,
                    error_messages={
                        "required": f"Choose whether to keep the saved {label.lower()} or use yours"
                    },
                )

    def edit_base(self) -> EditBase | None:
        """What the user saw, and their choice for each field both changed; None without a base."""
        if self._base is None:
            return None
        choices = {
            name: self.cleaned_data[self.CHOICE_PREFIX + name]
            for name in self._base["contested"]
            if self.CHOICE_PREFIX + name in self.cleaned_data
        }
        return EditBase(seen=self._base["seen"], choices=choices)

    def choice_fields(self) -> list:
        return [field for field in self if field.name.startswith(self.CHOICE_PREFIX)]

    def visible_fields(self):
        # The choices are drawn beside what each person saved, not in the form's own list.
        return [field for field in super().visible_fields() if not field.name.startswith(self.CHOICE_PREFIX)]

    def drawn_after_conflict(self) -> None:
        """The form shown again after a conflict: its choices are new questions, not errors."""
        for field in self.choice_fields():
            self.errors.pop(field.name, None)


def rebased(data, form, exc):
    """The data a form is drawn with again after a conflict (`exc`, an EditConflict): what the
    user typed, the version now saved (the next save is based on it), the base they saw (so the
    next save writes only their own changes) naming the fields both changed, and no choice
    made yet."""
    data = data.copy()
    data["version"] = str(exc.version)
    base = form.edit_base() if isinstance(form, EditBaseMixin) else None
    if base is not None:
        seen = dict(base.seen)
        # A text or a number the other person changed and the user did not is shown as now
        # saved, and counted as seen: the form holds what a save would keep.
        for name in exc.changed:
            value, field = exc.current.get(name), form.fields.get(name)
            if name in exc.mine or not _typed_as_is(value, field):
                continue
            data[form.add_prefix(name)] = str(value)
            seen[name] = comparable(value)
        data[form.add_prefix("base")] = signing.dumps(
            {"seen": seen, "contested": list(exc.contested)}, salt=BASE_SALT, compress=True
        )
    for key in [key for key in data if key.startswith(EditBaseMixin.CHOICE_PREFIX)]:
        del data[key]
    return data


def _typed_as_is(value, field) -> bool:
    """A saved value a form field takes back as its own text: words, or a whole number."""
    if isinstance(value, bool) or not isinstance(value, str | int) or field is None:
        return False
    return isinstance(field, forms.CharField | forms.IntegerField) or (
        isinstance(field, forms.ChoiceField)
        and not isinstance(field, forms.ModelChoiceField | forms.MultipleChoiceField)
    )


class VersionedFormMixin(EditBaseMixin):
    """An edit form drawn with the version now saved of the record it edits (`versioned()`:
    a ModelForm's instance unless the form says otherwise) and the values the user sees
    (`edited_fields`, the service's: a ModelForm's fields unless the form says otherwise);
    see version_field and EditBaseMixin."""

    def versioned(self):
        return self.instance

    def edited_fields(self) -> list[str]:
        return list(self._meta.fields)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial["version"] = self.versioned().version
            self.initial["base"] = base_for(self.versioned(), self.edited_fields())


def _shown_as_typed(value, field):
    """A value the user gave, in the words the page uses: a record by its name, a date written out."""
    if hasattr(value, "all") and callable(value.all):
        value = list(value.all())
    if isinstance(value, list | tuple) and value and hasattr(value[0], "_meta"):
        return ", ".join(str(v) for v in value)
    if hasattr(value, "_meta"):
        return str(value)
    if isinstance(value, dict):  # an outline (GeoJSON), shown as it was pasted
        return json.dumps(value)
    if isinstance(value, list | tuple):
        return ", ".join(str(v) for v in value) or None
    return _written(value)


def _written(value):
    if isinstance(value, datetime.datetime):
        return f"{value:%-d %B %Y %H:%M}"
    if isinstance(value, datetime.date):
        return f"{value:%-d %B %Y}"
    if isinstance(value, datetime.time):
        return f"{value:%H:%M}"
    return value


def conflict_rows(form, exc, shown=None) -> list[dict]:
    """What a refused stale save shows (an EditConflict): each field saved since the user opened
    the form, with its `label` and the `value` now saved in the words of the form's field: a
    choice by its label, nothing as "—". `shown(name, value, field)` first gives the value of a
    field the form shows in its own way (a date, a list, a record), returning others as they are.

    With the base the user saw, the fields the user changed are there too, with what they typed
    (`yours`); `theirs` and `mine` say who changed it, `contested` that both did, differently.
    """
    rows = []
    merging = isinstance(form, EditBaseMixin) and form.edit_base() is not None
    mine = set(exc.mine)
    names = [name for name in exc.current if name in exc.changed or name in mine] or exc.changed
    for name in names:
        field = form.fields.get(name)
        rows.append(
            {
                "name": name,
                "label": field.label if field else name,
                "value": _in_words(exc.current.get(name), name, field, shown),
                "theirs": name in exc.changed,
                "mine": name in mine,
                "yours": _in_words(_shown_as_typed(form.cleaned_data.get(name), field), name, field, None)
                if name in mine
                else None,
                "contested": name in exc.contested,
                "choice": EditBaseMixin.CHOICE_PREFIX + name if name in exc.contested else None,
                "merging": merging,
            }
        )
    return rows


def _in_words(value, name, field, shown):
    if shown is not None:
        value = shown(name, value, field)
    # A record chosen from a list is named by `shown`; other choices by their label.
    if hasattr(field, "choices") and not hasattr(field, "queryset") and value not in (None, ""):
        value = dict(field.choices).get(value, value)
    value = _written(value)
    return "—" if value in (None, "") else value


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
