"""A select box drawn in Python: the same HTML as Django's `forms.Select`, without a template.

Django draws a select through its widget templates, one include per option. The audit search's
"Action" list has an option for every action the trail records, and drawing it that way was
about a third of the search page's time. `QuickSelect` writes the markup of Django's
`django/forms/widgets/select.html` and `select_option.html` directly (a test compares the two),
so forms, their errors and the GOV.UK classes (partners.forms.GovukFormMixin) are unchanged.
"""

import html

from django import forms
from django.utils.safestring import mark_safe


def _escape(value) -> str:
    # django.utils.html.conditional_escape, without its lazy-string wrapper: a select of a
    # hundred options escapes three hundred values.
    return value.__html__() if hasattr(value, "__html__") else html.escape(str(value))


def _attrs(attrs: dict) -> str:
    # As django/forms/widgets/attrs.html: False leaves the attribute out, True writes its name.
    return "".join(
        f" {_escape(name)}" if value is True else f' {_escape(name)}="{_escape(value)}"'
        for name, value in attrs.items()
        if value is not False
    )


class QuickSelect(forms.Select):
    """`forms.Select` with its markup written in Python (for long lists of choices).

    The choices are read as `Select.optgroups` reads them (a group's name and its choices, or
    a choice alone; only the first choice matching the value selected), without building
    Django's dictionary for each option.
    """

    def render(self, name, value, attrs=None, renderer=None):
        attrs = self.build_attrs(self.attrs, attrs)
        if self.allow_multiple_selected:
            attrs["multiple"] = True
        values = self.format_value(value)
        has_selected = False
        out = [f'<select name="{_escape(name)}"{_attrs(attrs)}>']
        for option_value, option_label in self.choices:
            if isinstance(option_label, list | tuple):
                group_name, choices = option_value, option_label
                if group_name:
                    out.append(f'\n  <optgroup label="{_escape(group_name)}">')
            else:
                group_name, choices = None, [("" if option_value is None else option_value, option_label)]
            for subvalue, sublabel in choices:
                selected = (not has_selected or self.allow_multiple_selected) and str(subvalue) in values
                has_selected |= selected
                out.append(
                    f'\n  <option value="{_escape(subvalue)}"{" selected" if selected else ""}>'
                    f"{_escape(sublabel)}</option>\n"
                )
            if group_name:
                out.append("\n  </optgroup>")
        out.append("\n</select>")
        return mark_safe("".join(out))  # noqa: S308 (every value above is escaped)
