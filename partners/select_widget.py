"""A select box drawn in Python: the same HTML as Django's `forms.Select`, without a template.

Django draws a select through its widget templates, one include per option. The audit search's
"Action" list has an option for every action the trail records, and drawing it that way was
about a third of the search page's time. `QuickSelect` writes the markup of Django's
`django/forms/widgets/select.html` and `select_option.html` directly (a test compares the two),
so forms, their errors and the GOV.UK classes (partners.forms.GovukFormMixin) are unchanged.
"""

from django import forms
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe


def _attrs(attrs: dict) -> str:
    # As django/forms/widgets/attrs.html: False leaves the attribute out, True writes its name.
    return "".join(
        f" {conditional_escape(name)}"
        if value is True
        else f' {conditional_escape(name)}="{conditional_escape(str(value))}"'
        for name, value in attrs.items()
        if value is not False
    )


class QuickSelect(forms.Select):
    """`forms.Select` with its markup written in Python (for long lists of choices)."""

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        out = [f'<select name="{conditional_escape(widget["name"])}"{_attrs(widget["attrs"])}>']
        for group_name, options, _index in widget["optgroups"]:
            if group_name:
                out.append(f'\n  <optgroup label="{conditional_escape(group_name)}">')
            for option in options:
                out.append(
                    f'\n  <option value="{conditional_escape(str(option["value"]))}"'
                    f"{_attrs(option['attrs'])}>{conditional_escape(option['label'])}</option>\n"
                )
            if group_name:
                out.append("\n  </optgroup>")
        out.append("\n</select>")
        return mark_safe("".join(out))  # noqa: S308 (every value above is escaped)
