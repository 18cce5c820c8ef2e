from django import forms
from django.utils import timezone

from partners.dates import GovukDateField
from partners.forms import GovukFormMixin
from partners.models import Organisation
from partners.select_widget import QuickSelect

from . import selectors

DATE_HINT = "For example, 1 4 2026"


# The families of actions as the search offers them, in this order.
ACTION_FAMILIES = {
    "plan": "Plans",
    "task": "Tasks",
    "comment": "Comments",
    "attachment": "Attachments",
    "report": "Exports",
    "patrol": "Patrols",
    "area": "Areas",
    "crimefamily": "Crime families",
    "incidents": "police.uk data",
    "organisation": "Organisations",
    "membership": "Members of organisations",
    "auth": "Signing in",
}


def _action_choices():
    """Every action in words, grouped by family, each family first as a whole."""
    from .presentation import ACTION_WORDS

    groups = {family: [] for family in ACTION_FAMILIES}
    for action, words in ACTION_WORDS.items():
        groups.setdefault(action.split(".")[0], []).append((action, words))
    choices = [("", "Any action")]
    for family, actions in groups.items():
        label = ACTION_FAMILIES.get(family, family.capitalize())
        choices.append((label, [(family, f"{label}: any"), *sorted(actions, key=lambda choice: choice[1])]))
    return choices


def _organisation_choices():
    # The snapshot on each event is the organisation's name, so that is what is matched.
    names = Organisation.objects.order_by("name").values_list("name", flat=True)
    return [("", "Any organisation")] + [(name, name) for name in names]


class EventSearchForm(GovukFormMixin, forms.Form):
    """The audit search filters, read from the query string; every one optional."""

    person = forms.CharField(
        label="Person", help_text="Their name or username", required=False, max_length=150
    )
    organisation = forms.ChoiceField(
        label="Organisation", required=False, choices=_organisation_choices, widget=QuickSelect
    )
    plan = forms.CharField(
        label="Plan", help_text="Its reference, for example PSP-0001", required=False, max_length=20
    )
    action = forms.ChoiceField(
        label="Action",
        help_text="Refused attempts are included",
        required=False,
        choices=_action_choices,
        widget=QuickSelect,  # an option for every action: drawn without a template per option
        error_messages={"invalid_choice": "Choose an action from the list"},
    )
    date_from = GovukDateField(label="From", what="start date", help_text=DATE_HINT, required=False)
    date_to = GovukDateField(label="To", what="end date", help_text=DATE_HINT, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Each list read once per form: the select reads its choices twice when drawn (the
        # first to decide on `required`), and the organisations' are a query.
        for name in ("organisation", "action"):
            self.fields[name].choices = list(self.fields[name].choices)

    def clean_plan(self):
        reference = self.cleaned_data["plan"].strip()
        if not reference:
            return None
        plan = selectors.plan_for_reference(reference)
        if plan is None:
            raise forms.ValidationError(f"There is no plan with the reference {reference}")
        return plan

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        # No event is dated after today: a search from a later date could only find nothing.
        if start and start > timezone.localdate():
            self.add_error("date_from", "Enter a start date that is today or earlier")
            start = None
        if start and end and end < start:
            self.add_error("date_to", "The end date must be the same as or after the start date")
        return cleaned

    def filters(self) -> dict:
        """Keyword arguments for selectors.events_search (call after is_valid)."""
        data = self.cleaned_data
        return {
            "username": data.get("person") or "",
            "organisation": data.get("organisation") or "",
            "plan_id": data["plan"].pk if data.get("plan") else None,
            "action": data.get("action") or "",
            "date_from": data.get("date_from"),
            "date_to": data.get("date_to"),
        }

    def action_words(self) -> str:
        """The chosen action as the list shows it (the first choice, "Any action", is no family)."""
        options = dict(option for _family, group in self.fields["action"].choices[1:] for option in group)
        return options.get(self.cleaned_data.get("action"), "")

    def summary(self) -> str:
        """The filters in words, for the export page."""
        data = self.cleaned_data
        parts = []
        if data.get("person"):
            parts.append(f"by {data['person']}")
        if data.get("organisation"):
            parts.append(f"from {data['organisation']}")
        if data.get("plan"):
            parts.append(f"about {data['plan'].reference}")
        if data.get("action"):
            parts.append(f"action: {self.action_words()}")
        if data.get("date_from"):
            parts.append(f"from {data['date_from']:%-d %B %Y}")
        if data.get("date_to"):
            parts.append(f"to {data['date_to']:%-d %B %Y}")
        return ", ".join(parts)


class ExportForm(GovukFormMixin, forms.Form):
    """What every disclosure records: why, and to whom."""

    purpose = forms.CharField(
        label="Why are you exporting these events?",
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter why you are exporting these events"},
    )
    recipient = forms.CharField(
        label="Who will receive the file?",
        max_length=200,
        error_messages={"required": "Enter who will receive the file"},
    )
