"""The GOV.UK date input: a date typed as day, month and year in three boxes, with the design
system's error messages ("Start date must include a month", "Start date must be a real date").

People type dates in many ways; each part accepts what they are likely to type: leading zeros or
not, and the month as a number or a name ("12", "Dec", "December"). One box for the whole date
(where 31/12/2026 and 12/31/2026 are both plausible) is not offered.

Scripts and tests may still post the whole date as one ISO value (2026-12-31) under the field's
own name, the form a machine writes without ambiguity; nothing else is taken from a single value.
"""

import calendar
import datetime
import re

from django import forms
from django.template import loader

PARTS = ("day", "month", "year")
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")

MONTHS = {name.lower(): number for number, name in enumerate(calendar.month_name) if name}
MONTHS.update({name.lower(): number for number, name in enumerate(calendar.month_abbr) if name})
MONTHS["sept"] = 9
# The parts left empty that a message names (all three empty: the date was not given).
_MISSING = [("day",), ("month",), ("year",), ("day", "month"), ("day", "year"), ("month", "year")]


def parse_month(text: str) -> int | None:
    """A month as people type it: 3, 03, Mar, March (any case, a trailing full stop allowed)."""
    text = text.strip().lower().rstrip(".")
    if text.isdigit():
        return int(text)
    return MONTHS.get(text)


class GovukDateInput(forms.Widget):
    """Three boxes (day, month, year) in a GOV.UK date input; posted as `<name>-day` and so on."""

    template_name = "includes/_date_input.html"
    govuk_date = True  # _field.html draws it as a fieldset with a legend

    def format_value(self, value):
        if isinstance(value, datetime.date):
            return {"day": str(value.day), "month": str(value.month), "year": str(value.year)}
        if isinstance(value, dict):
            return {part: str(value.get(part) or "") for part in PARTS}
        if isinstance(value, str) and ISO_DATE.match(value):
            year, month, day = value.split("-")
            return {"day": day.lstrip("0"), "month": month.lstrip("0"), "year": year}
        return dict.fromkeys(PARTS, "")

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        parts = self.format_value(value)
        context["widget"]["parts"] = [
            {
                "part": part,
                "label": part.capitalize(),
                "name": f"{name}-{part}",
                "id": f"{context['widget']['attrs'].get('id', 'id_' + name)}-{part}",
                "value": parts[part],
                "width": 4 if part == "year" else 2,
                "empty": not parts[part].strip(),
            }
            for part in PARTS
        ]
        # GovukFormMixin marks a field with errors by its class: the parts left empty are the ones
        # to correct, or all three when the date is wrong as a whole.
        if "--error" in context["widget"]["attrs"].get("class", ""):
            any_empty = any(p["empty"] for p in context["widget"]["parts"])
            for p in context["widget"]["parts"]:
                p["error"] = p["empty"] or not any_empty
        return context

    def _render(self, template_name, context, renderer=None):
        # The project's templates, not the form renderer's (Django's own widget templates only);
        # the template engine escapes the values and returns safe HTML.
        return loader.render_to_string(template_name, context)

    def id_for_label(self, id_):
        return f"{id_}-day" if id_ else id_

    def value_from_datadict(self, data, files, name):
        if any(f"{name}-{part}" in data for part in PARTS):
            return {part: data.get(f"{name}-{part}", "") for part in PARTS}
        return data.get(name)

    def value_omitted_from_data(self, data, files, name):
        return name not in data and not any(f"{name}-{part}" in data for part in PARTS)


class GovukDateField(forms.Field):
    """A date from a GovukDateInput, refused with the GOV.UK message for what is wrong with it."""

    widget = GovukDateInput

    def __init__(self, *, label: str, what: str = "", error_messages: dict | None = None, **kwargs):
        """`what` names the date in its messages when the label alone does not ("From": "start date")."""
        super().__init__(label=label, **kwargs)
        what = what or label.lower()
        said = what[:1].upper() + what[1:]
        self.error_messages = {
            "required": f"Enter the {what}",
            "real": f"{said} must be a real date",
            "year": "Year must include 4 numbers",
            **{f"missing_{'_'.join(m)}": f"{said} must include a {' and '.join(m)}" for m in _MISSING},
            **(error_messages or {}),
        }

    def to_python(self, value):
        if value in (None, ""):
            return None
        if isinstance(value, datetime.date):
            return value
        if isinstance(value, str):
            if not ISO_DATE.match(value.strip()):
                raise forms.ValidationError(self.error_messages["real"], code="real")
            try:
                return datetime.date.fromisoformat(value.strip())
            except ValueError:
                raise forms.ValidationError(self.error_messages["real"], code="real") from None
        parts = {part: str(value.get(part) or "").strip() for part in PARTS}
        missing = tuple(part for part in PARTS if not parts[part])
        if len(missing) == 3:
            return None
        if missing:
            raise forms.ValidationError(
                self.error_messages[f"missing_{'_'.join(missing)}"], code="incomplete"
            )
        month = parse_month(parts["month"])
        if not parts["day"].isdigit() or month is None:
            raise forms.ValidationError(self.error_messages["real"], code="real")
        if not (parts["year"].isdigit() and len(parts["year"]) == 4):
            raise forms.ValidationError(self.error_messages["year"], code="year")
        try:
            return datetime.date(int(parts["year"]), month, int(parts["day"]))
        except ValueError:
            raise forms.ValidationError(self.error_messages["real"], code="real") from None


def date_field(label: str, *, required: bool = True, help_text: str = "", **kwargs) -> GovukDateField:
    """A GOV.UK date field; `help_text` defaults to the design system's example hint."""
    return GovukDateField(
        label=label,
        required=required,
        help_text=help_text or "For example, 27 3 2026",
        **kwargs,
    )
