"""Forms for a plan: a new plan, its SARA sections and its transitions. Each lists its fields:
nothing else a browser posts reaches a service. Its sources, objectives and responses are in
part_forms, the list's filters in filter_forms, retention and closure in their own modules."""

import datetime

from django import forms
from django.utils import timezone

from hotspots.measures import EARLIEST_DATE
from hotspots.models import Area
from partners.dates import GovukDateField
from partners.forms import (
    EditBaseMixin,
    GovukCheckboxes,
    GovukFormMixin,
    ModelChoiceField,
    ModelMultipleChoiceField,
    base_for,
)

from . import selectors
from .models import Plan, Stage, review_due_by
from .services import SECTION_FIELDS
from .submissions import OnceForm

DATE_HELP = "For example, 27 3 2026"


# A plan's dates: none before the programme's data begins, none further ahead than five years.
EARLIEST = EARLIEST_DATE
MAX_DAYS_AHEAD = 366 * 5


def _date_range(what: str, *, earliest: datetime.date, up_to_today: bool):
    """A validator refusing far-past and far-future dates (year 1 or 9999 breaks every period sum)."""

    def validate(value: datetime.date) -> None:
        today = timezone.localdate()
        if value < earliest:
            raise forms.ValidationError(f"Enter a {what} from {earliest.day} {earliest:%B %Y} onwards")
        if up_to_today and value > today:
            raise forms.ValidationError(f"{what.capitalize()} must be today or earlier")
        if value > today + datetime.timedelta(days=MAX_DAYS_AHEAD):
            raise forms.ValidationError(f"Enter a {what} no more than five years from today")

    return validate


def _date_field(
    label: str,
    required: bool = True,
    help_text: str = DATE_HELP,
    *,
    what: str = "",
    earliest: datetime.date = EARLIEST,
    up_to_today: bool = False,
) -> GovukDateField:
    return GovukDateField(
        label=label,
        required=required,
        help_text=help_text,
        validators=[_date_range(what or label.lower(), earliest=earliest, up_to_today=up_to_today)],
    )


class AreaChoiceField(ModelChoiceField):
    def __init__(self, **kwargs):
        super().__init__(
            queryset=Area.objects.order_by("name"),
            required=False,
            empty_label="No area yet",
            label="Hotspot area",
            help_text="The mapped area the assessment figures use. Needed before analysis starts.",
            **kwargs,
        )


class CoOwnersField(ModelMultipleChoiceField):
    def __init__(self, **kwargs):
        super().__init__(
            queryset=selectors.officers(),
            required=False,
            label="Co-owners",
            help_text="Other officers who may edit the plan and move it on. Select all that apply.",
            widget=GovukCheckboxes,
            **kwargs,
        )

    def label_from_instance(self, obj):
        return obj.get_full_name() or obj.get_username()


def check_review_date(form, cleaned: dict, current: datetime.date | None = None) -> None:
    """A next review on or after the start, and at most 28 days on (PRODUCT.md: the owner reviews
    an open plan every 28 days). A date the plan already has, and the form leaves as it is, stands:
    a change of title is not refused for a date nobody touched."""
    start, review = cleaned.get("start_date"), cleaned.get("next_review_date")
    if not (start and review) or "next_review_date" in form.errors:
        return
    if review < start:
        form.add_error("next_review_date", "The next review date must be on or after the start date")
    elif review != current and review < timezone.localdate():
        form.add_error("next_review_date", "The next review date must be today or later")
    elif review != current and review > review_due_by(start):
        form.add_error(
            "next_review_date",
            f"The next review must be within 28 days: {review_due_by(start):%-d %B %Y} at the latest "
            "(28 days from today, or from the start date if that is later)",
        )


class PlanCreateForm(GovukFormMixin, OnceForm):
    title = forms.CharField(
        max_length=200, label="Title", error_messages={"required": "Enter a title for the plan"}
    )
    hotspot_name = forms.CharField(
        max_length=200,
        label="Hotspot name",
        help_text="The place as people know it, for example Clock Tower taxi rank",
        error_messages={"required": "Enter the hotspot name"},
    )
    area = AreaChoiceField()
    priority = forms.ChoiceField(
        choices=Plan.Priority.choices, initial=Plan.Priority.MEDIUM, label="Priority"
    )
    start_date = _date_field("Start date")
    next_review_date = _date_field(
        "Next review date",
        required=False,
        help_text=(
            f"{DATE_HELP}. At most 28 days from today, or from the start date if that is later; "
            "leave empty for the latest."
        ),
    )
    problem_statement = forms.CharField(
        max_length=5000,
        required=False,
        label="Problem statement",
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    co_owners = CoOwnersField()

    def __init__(self, *args, owner=None, **kwargs):
        super().__init__(*args, **kwargs)
        if owner is not None:
            self.fields["co_owners"].queryset = selectors.officers().exclude(pk=owner.pk)

    def clean(self):
        cleaned = super().clean()
        check_review_date(self, cleaned)
        return cleaned


class SectionForm(GovukFormMixin, EditBaseMixin, forms.ModelForm):
    """A stage section of the plan, carrying the version the user started from."""

    version = forms.IntegerField(
        widget=forms.HiddenInput,
        error_messages={
            "required": "This page is out of date: open the section again from the plan page",
            "invalid": "This page is out of date: open the section again from the plan page",
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial["version"] = self.instance.version
            self.initial["base"] = base_for(self.instance, self._meta.fields)

    def section_data(self) -> dict:
        return {name: self.cleaned_data[name] for name in self._meta.fields if name in self.cleaned_data}


class DetailsForm(SectionForm):
    start_date = _date_field("Start date")
    next_review_date = _date_field(
        "Next review date",
        help_text=f"{DATE_HELP}. At most 28 days from today, or from the start date if later.",
    )
    co_owners = CoOwnersField()

    class Meta:
        model = Plan
        fields = SECTION_FIELDS["details"]
        error_messages = {"title": {"required": "Enter a title for the plan"}}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["co_owners"].queryset = selectors.officers().exclude(pk=self.instance.owner_id)

    def clean(self):
        cleaned = super().clean()
        check_review_date(self, cleaned, current=self.instance.next_review_date)
        return cleaned


class ScanForm(SectionForm):
    area = AreaChoiceField()
    first_seen = _date_field(
        "First seen",
        required=False,
        help_text=f"{DATE_HELP}. When the problem began.",
        what="first seen date",
        earliest=datetime.date(1900, 1, 1),
        up_to_today=True,
    )

    class Meta:
        model = Plan
        fields = SECTION_FIELDS["scan"]
        labels = {"problem_statement": "Problem statement"}
        help_texts = {
            "problem_statement": "What happens, where, when, to whom, and how we know.",
        }
        error_messages = {"hotspot_name": {"required": "Enter the hotspot name"}}
        widgets = {"problem_statement": forms.Textarea(attrs={"rows": 6})}


class AnalyseForm(SectionForm):
    class Meta:
        model = Plan
        fields = SECTION_FIELDS["analyse"]
        labels = {
            "pat_victim": "Victim",
            "pat_guardian": "Guardian",
            "pat_offender": "Offender",
            "pat_handler": "Handler",
            "pat_location": "Location",
            "pat_place_manager": "Place manager",
            "data_findings": "Data findings",
            "hypothesis": "Working hypothesis",
            "victim_details": "Victim details (police only)",
            "offender_details": "Offender details (police only)",
            "police_notes": "Intelligence notes (police only)",
        }
        help_texts = {
            "pat_victim": "Who is harmed, and what makes them vulnerable here.",
            "pat_guardian": "Who could protect the victims: door staff, friends, pastors.",
            "pat_offender": "Who causes the harm, and why here.",
            "pat_handler": "Who has influence over the offenders: family, licensing, probation.",
            "pat_location": "What about the place lets it happen: layout, lighting, hours.",
            "pat_place_manager": "Who runs the place: council, licensee, transport operator.",
            "victim_details": "Names and details. Never shown to partners.",
            "offender_details": "Names and details. Never shown to partners.",
            "police_notes": "Intelligence. Never shown to partners.",
        }
        widgets = {name: forms.Textarea(attrs={"rows": 4}) for name in fields}


class AssessForm(SectionForm):
    class Meta:
        model = Plan
        fields = SECTION_FIELDS["assess"]
        labels = {
            "process_evaluation": "Process evaluation",
            "outcome_summary": "Outcome summary",
            "outcome_verdict": "Outcome verdict",
            "lessons_learned": "Lessons learned",
        }
        help_texts = {
            "process_evaluation": "Was each response carried out as planned?",
            "outcome_summary": "The measured change against the baseline, and displacement.",
        }
        widgets = {
            "process_evaluation": forms.Textarea(attrs={"rows": 5}),
            "outcome_summary": forms.Textarea(attrs={"rows": 5}),
            "lessons_learned": forms.Textarea(attrs={"rows": 5}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["outcome_verdict"].choices = [("", "Not decided yet"), *Plan.Verdict.choices]


SECTION_FORMS = {"details": DetailsForm, "scan": ScanForm, "analyse": AnalyseForm, "assess": AssessForm}
SECTION_TITLES = {
    "details": "Plan details",
    "scan": "Scan: the problem",
    "analyse": "Analyse: why it happens here",
    "assess": "Assess: did it work?",
}


class TransitionForm(GovukFormMixin, forms.Form):
    """The confirmation of a transition: the stage the user saw, and a reason where one is needed."""

    expected_state = forms.ChoiceField(choices=Stage.choices, widget=forms.HiddenInput)
    reason = forms.CharField(
        max_length=2000,
        required=False,
        label="Reason",
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Recorded in the plan's history",
    )

    def __init__(self, *args, needs_reason: bool = False, **kwargs):
        # Set before the mixin's __init__, which cleans a bound form straight away.
        self.needs_reason = needs_reason
        super().__init__(*args, **kwargs)
        if not needs_reason:
            self.fields["reason"].label = "Note (optional)"

    def clean_reason(self):
        reason = self.cleaned_data.get("reason", "").strip()
        if self.needs_reason and not reason:
            raise forms.ValidationError("Enter a reason")
        return reason
