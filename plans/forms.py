"""Forms for plans. Each lists its fields: nothing else a browser posts reaches a service."""

import datetime

from django import forms
from django.http import QueryDict
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
    VersionedFormMixin,
    base_for,
    version_field,
)
from partners.models import Organisation

from . import selectors
from .models import Objective, Plan, Response, Source, Stage, review_due_by
from .part_services import OBJECTIVE_FIELDS, RESPONSE_FIELDS, SOURCE_FIELDS
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


class OwnerFilterField(ModelChoiceField):
    def __init__(self, **kwargs):
        super().__init__(queryset=selectors.officers(), required=False, empty_label="Anyone", **kwargs)

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


class SourceForm(GovukFormMixin, OnceForm, forms.ModelForm):
    class Meta:
        model = Source
        fields = SOURCE_FIELDS
        labels = {"kind": "Kind of source", "notes": "Notes"}
        help_texts = {"notes": "What it says, for example 42 calls about fights in three months"}
        error_messages = {"kind": {"required": "Choose the kind of source"}}
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}


class ObjectiveForm(GovukFormMixin, OnceForm, forms.ModelForm):
    class Meta:
        model = Objective
        fields = OBJECTIVE_FIELDS
        labels = {
            "impact": "Impact",
            "reduction_percent": "Reduction (%)",
            "description": "Objective",
            "measure": "Measure",
            "baseline": "Baseline figure",
            "baseline_note": "Baseline period and source",
            "target": "Target figure",
            "result": "Result figure",
        }
        help_texts = {
            "reduction_percent": "Only for 'reduce by a stated percentage': a whole number from 1 to 100",
            "description": "Specific, measurable, achievable, relevant and time-bound",
            "measure": "For example: violence and sexual offences within the area, police.uk",
            "baseline": "The figure now, needed before the response starts",
            "result": "Fill in at assessment",
        }
        error_messages = {
            "impact": {"required": "Choose the impact"},
            "description": {"required": "Enter the objective"},
            "measure": {"required": "Enter how it is measured"},
            "baseline": {"invalid": "Enter the baseline as a number"},
            "target": {"invalid": "Enter the target as a number"},
            "result": {"invalid": "Enter the result as a number"},
            "reduction_percent": {
                "invalid": "Enter the reduction as a whole number",
                "min_value": "Enter a reduction from 1 to 100",  # the model's field refuses below 0
            },
        }
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def clean(self):
        cleaned = super().clean()
        impact, percent = cleaned.get("impact"), cleaned.get("reduction_percent")
        if impact == Objective.Impact.REDUCE and percent is None and "reduction_percent" not in self.errors:
            self.add_error("reduction_percent", "Enter the percentage reduction the objective aims for")
        if percent is not None and not 1 <= percent <= 100:
            self.add_error("reduction_percent", "Enter a reduction from 1 to 100")
        # Counts of incidents, calls or visits: never below zero.
        for name in ("baseline", "target", "result"):
            if cleaned.get(name) is not None and cleaned[name] < 0:
                self.add_error(name, f"The {name} cannot be negative")
        return cleaned

    def values(self) -> dict:
        return {name: self.cleaned_data[name] for name in self._meta.fields}


class ResponseForm(GovukFormMixin, OnceForm, forms.ModelForm):
    class Meta:
        model = Response
        fields = RESPONSE_FIELDS
        field_classes = {"lead_organisation": ModelChoiceField}  # an out-of-range id is invalid
        labels = {
            "kind": "Kind of response",
            "description": "What will be done",
            "lead_organisation": "Lead organisation",
            "delivery": "Was it delivered?",
            "delivery_note": "Delivery note",
        }
        help_texts = {"delivery": "Fill in at assessment (the process evaluation)"}
        error_messages = {
            "kind": {"required": "Choose the kind of response"},
            "description": {"required": "Describe what will be done"},
        }
        widgets = {
            "description": forms.Textarea(attrs={"rows": 4}),
            "delivery_note": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lead_organisation"].queryset = Organisation.objects.filter(is_active=True).order_by(
            "name"
        )
        self.fields["lead_organisation"].empty_label = "Not decided yet"

    def values(self) -> dict:
        return {name: self.cleaned_data[name] for name in self._meta.fields}


class ObjectiveEditForm(VersionedFormMixin, ObjectiveForm):
    version = version_field("objective", from_where="the plan page")


class ResponseEditForm(VersionedFormMixin, ResponseForm):
    version = version_field("response", from_where="the plan page")


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


class OwnerListFilterField(OwnerFilterField):
    """The list's owner filter: any officer (OwnerFilterField refuses an out-of-range id)."""


# The list's columns a user may sort by: the query's name for each, and the header's words.
PLAN_SORTS = {
    "reference": "Reference",
    "title": "Title",
    "area": "Area",
    "stage": "Stage",
    "owner": "Owner",
    "priority": "Priority",
    "review": "Next review",
}


class PlanFilterForm(GovukFormMixin, forms.Form):
    """The list filters, sent as a GET query: bad values are ignored, never an error page."""

    q = forms.CharField(
        required=False,
        max_length=200,
        label="Search",
        help_text="Reference, title, place or area",
    )
    stage = forms.ChoiceField(choices=[("", "Any stage"), *Stage.choices], required=False, label="Stage")
    area = ModelChoiceField(
        queryset=Area.objects.only("pk", "name").order_by("name"),
        required=False,
        empty_label="Any area",
        label="Area",
    )
    owner = OwnerListFilterField(label="Owner")
    organisation = ModelChoiceField(
        queryset=Organisation.objects.filter(is_active=True).exclude(kind=Organisation.Kind.POLICE),
        required=False,
        empty_label="Any organisation",
        label="Partner organisation",
    )
    priority = forms.ChoiceField(
        choices=[("", "Any priority"), *Plan.Priority.choices], required=False, label="Priority"
    )
    overdue = forms.BooleanField(required=False, label="Review overdue")
    # Police only: a closure request is police business (the selector ignores it for anyone else).
    closure = forms.BooleanField(required=False, label="Closure requested")
    sort = forms.ChoiceField(choices=[("", "Default"), *PLAN_SORTS.items()], required=False, label="Sort")
    order = forms.ChoiceField(
        choices=[("", "Default"), ("asc", "Ascending"), ("desc", "Descending")], required=False, label="Order"
    )

    # Filters that narrow the list (sort and order only arrange it).
    NARROWING = ("q", "stage", "area", "owner", "organisation", "priority", "overdue", "closure")

    def query(self) -> QueryDict:
        """The query this form was sent, as a copy to change (empty when it was not sent)."""
        query = QueryDict(mutable=True)
        if self.is_bound:
            for name, values in self.data.lists():
                query.setlist(name, values)
        return query

    def criteria(self) -> dict:
        """The selector's keyword arguments: each valid filter, the bad ones left out."""
        data = self.cleaned_data if self.is_bound else {}
        return {
            "search": (data.get("q") or "").strip(),
            "stage": data.get("stage") or "",
            "area_id": data["area"].pk if data.get("area") else None,
            "owner_id": data["owner"].pk if data.get("owner") else None,
            "organisation_id": data["organisation"].pk if data.get("organisation") else None,
            "priority": data.get("priority") or "",
            "overdue": bool(data.get("overdue")),
            "closure_requested": bool(data.get("closure")),
            "sort": data.get("sort") or "",
            "descending": data.get("order") == "desc",
        }

    SELECTS = ("stage", "area", "owner", "organisation", "priority")

    def selects(self) -> list[dict]:
        """The drop-down filters, each with its options and which is chosen, for the template to
        write out by hand: Django's widget templates cost more than the rest of the list page."""
        chosen = self.data if self.is_bound else {}
        rows = []
        for name in self.SELECTS:
            field, value = self.fields[name], str(chosen.get(name, ""))
            rows.append(
                {
                    "name": name,
                    "id": f"id_{name}",
                    "label": field.label,
                    "options": [(str(key), words, str(key) == value) for key, words in field.choices],
                }
            )
        return rows

    def ignored(self) -> list[str]:
        """The labels of the filters whose values were not valid (and so were not applied)."""
        return [self.fields[name].label for name in self.errors] if self.is_bound else []

    def active(self) -> list[dict]:
        """Each applied filter in words, with the query that removes it (a link back to the list)."""
        if not self.is_bound:
            return []
        data, shown = self.cleaned_data, []
        for name in self.NARROWING:
            value = data.get(name)
            if not value or name in self.errors:
                continue
            field = self.fields[name]
            if name == "q":
                words = f"“{value}”"
            elif name in ("overdue", "closure"):
                words = "Yes"
            elif isinstance(field, forms.ModelChoiceField):
                words = field.label_from_instance(value)
            else:
                words = dict(field.choices).get(value, value)
            rest = self.query()
            rest.pop(name, None)
            rest.pop("page", None)
            shown.append({"label": field.label, "value": words, "remove_query": rest.urlencode()})
        return shown


class RetentionKeepForm(GovukFormMixin, forms.Form):
    """Keep a closed or withdrawn plan until a later review (the service checks the range)."""

    next_review = GovukDateField(
        label="Next review for retention",
        help_text=f"After today. {DATE_HELP}",
        error_messages={"required": "Enter the date of the next review"},
    )
    reason = forms.CharField(
        max_length=2000,
        label="Why the plan is kept",
        help_text="Recorded in the plan's history, for example an open investigation or a complaint",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={
            "required": "Enter why the plan is kept",
            "max_length": "Say why the plan is kept in 2,000 characters or fewer",
        },
    )

    def clean_reason(self):
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise forms.ValidationError("Enter why the plan is kept")
        return reason


class RetentionDisposeForm(GovukFormMixin, forms.Form):
    """Dispose of a plan's personal data: confirmed, since nothing can bring it back."""

    reason = forms.CharField(
        max_length=2000,
        required=False,
        label="Note (optional)",
        help_text="Recorded in the plan's history",
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    confirm = forms.BooleanField(
        label="I understand the personal data is removed for good and cannot be recovered",
        error_messages={"required": "Confirm that you understand the personal data cannot be recovered"},
    )


class ClosureRequestForm(GovukFormMixin, OnceForm):
    """The owner's request that a manager close the plan, with an optional note."""

    note = forms.CharField(
        max_length=2000,
        required=False,
        label="Note for the manager (optional)",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Recorded in the plan's history and sent to the managers",
    )


class ClosureReturnForm(GovukFormMixin, forms.Form):
    """A manager's reason for sending a closure request back to the plan's owner."""

    reason = forms.CharField(
        max_length=2000,
        label="Why is the plan not ready to close?",
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="The owner reads this on the plan and on their home page",
        error_messages={"required": "Enter why the plan is not ready to close"},
    )

    def clean_reason(self):
        reason = self.cleaned_data.get("reason", "").strip()
        if not reason:
            raise forms.ValidationError("Enter why the plan is not ready to close")
        return reason
