"""partners.select_widget.QuickSelect writes the same HTML as Django's template-drawn Select:
with groups and without, a choice selected or none, a value not among the choices, attributes
that are True, False or need escaping, and labels that need escaping."""

import pytest
from django import forms

from partners.select_widget import QuickSelect

CHOICES = [
    ("", "Any"),
    ("Fruit & veg", [("apple", "Apple <red>"), ("pear", 'Pear "green"')]),
    ("one", "One"),
    (2, "Two"),
]


@pytest.mark.parametrize("value", [None, "", "apple", "pear", 2, "2", "missing<&>"])
@pytest.mark.parametrize(
    "attrs",
    [
        {},
        {"id": "id_x", "class": "govuk-select govuk-select--error", "aria-describedby": "a b"},
        {"required": True, "disabled": False, "data-x": 'say "hi" & <go>'},
    ],
)
def test_quick_select_draws_what_django_draws(value, attrs):
    django_select = forms.Select(choices=CHOICES)
    quick = QuickSelect(choices=CHOICES)
    assert quick.render("field", value, attrs) == django_select.render("field", value, attrs)


def test_a_form_field_with_errors_draws_the_same():
    class Form(forms.Form):
        plain = forms.ChoiceField(choices=CHOICES)
        quick = forms.ChoiceField(choices=CHOICES, widget=QuickSelect)

    form = Form({"plain": "nope", "quick": "nope"})
    assert not form.is_valid()
    assert str(form["quick"]).replace("quick", "plain") == str(form["plain"])
    assert 'value="apple"' in str(form["quick"])
