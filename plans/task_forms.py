"""Forms for partners on a plan, tasks, their updates and comments. Fields are listed, never implied."""

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from partners.dates import GovukDateField
from partners.forms import EditBaseMixin, GovukFormMixin, ModelChoiceField, id_from

from . import attachments
from .forms import DATE_HELP, MAX_DAYS_AHEAD
from .models import Response
from .submissions import OnceForm, token_used
from .task_selectors import members_of_plan_organisations, organisations_addable, organisations_assignable

OUT_OF_DATE = "This page is out of date: open the task again from its page"


# Police teams are listed with the partners: a task goes to either (plans.task_selectors).
ASSIGNABLE_HELP = (
    "A partner on this plan or a police team. Partners on the plan see who each task is assigned to"
)


class UserChoiceField(ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.get_full_name() or obj.get_username()


class EvidenceField(forms.FileField):
    """A file checked by content as well as by name (plans.attachments)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("label", "Evidence file")
        kwargs.setdefault(
            "help_text",
            f"Optional. A {attachments.ALLOWED_TEXT} file, 10 MB at most, for example a photo or log",
        )
        kwargs.setdefault(
            "error_messages",
            {"empty": "The selected file is empty", "invalid": "The selected file could not be read"},
        )
        kwargs.setdefault("max_length", 500)
        super().__init__(**kwargs)

    def clean(self, data, initial=None):
        uploaded = super().clean(data, initial)
        if uploaded:
            attachments.check_upload(uploaded)
        return uploaded


class PlanScopedForm(GovukFormMixin, forms.Form):
    """A form whose choices depend on the plan. GovukFormMixin validates a bound form inside
    __init__, so the choices are narrowed before every clean, not after __init__."""

    def __init__(self, *args, plan, **kwargs):
        self.plan = plan
        super().__init__(*args, **kwargs)
        self.scope_fields()

    def full_clean(self):
        self.scope_fields()
        super().full_clean()

    def scope_fields(self):
        raise NotImplementedError


class PartnerAddForm(PlanScopedForm, OnceForm):
    """An organisation to put on the plan: the form carries a one-time token, so sending it
    twice adds the organisation once and says so (not that it is on the plan already)."""

    organisation = ModelChoiceField(
        label="Partner organisation",
        queryset=None,
        empty_label="Choose an organisation",
        error_messages={
            "required": "Choose the organisation to add",
            "invalid_choice": "Choose an organisation from the list",
        },
    )

    def scope_fields(self):
        self.fields["organisation"].queryset = organisations_addable(
            self.plan, with_those_on_it=self.may_be_a_repeat()
        )

    def may_be_a_repeat(self) -> bool:
        # This form's token saved before: an organisation already on the plan is the service's
        # to judge (the same answers sent again are a repeat, told it was saved once).
        if not self.is_bound:
            return False
        try:
            return token_used(self.fields["submission"].clean(self.data.get(self.add_prefix("submission"))))
        except ValidationError:
            return False

    def clean(self):
        cleaned = super().clean()
        # Not in the list because it is on the plan already (added in another tab, say): say so.
        chosen = id_from(self.data.get(self.add_prefix("organisation")))
        if "organisation" in self.errors and chosen is not None:
            link = (
                self.plan.partner_links.filter(organisation_id=chosen).select_related("organisation").first()
            )
            if link is not None:
                self.errors["organisation"] = self.error_class(
                    [f"{link.organisation.name} is already a partner on this plan"]
                )
        return cleaned


class TaskForm(PlanScopedForm, OnceForm):
    title = forms.CharField(
        label="Title", max_length=200, error_messages={"required": "Enter the task's title"}
    )
    description = forms.CharField(
        label="Description",
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Optional. What needs doing, where and when. Partners see this: no police-only details",
    )
    response = ModelChoiceField(
        label="Response", queryset=None, required=False, empty_label="Not part of a response"
    )
    organisation = ModelChoiceField(
        label="Assigned organisation",
        queryset=None,
        empty_label="Choose an organisation",
        help_text=ASSIGNABLE_HELP,
        error_messages={"required": "Choose the organisation that will do the task"},
    )
    assignee = UserChoiceField(
        label="Assigned person", queryset=None, required=False, empty_label="Anyone in the organisation"
    )
    due_date = GovukDateField(label="Due date", help_text=DATE_HELP)

    field_order = ["title", "description", "response", "organisation", "assignee", "due_date"]

    def scope_fields(self):
        self.fields["response"].queryset = Response.objects.filter(plan=self.plan).order_by("pk")
        self.fields["organisation"].queryset = organisations_assignable(self.plan)
        self.fields["assignee"].queryset = members_of_plan_organisations(self.plan)

    def clean_due_date(self):
        return _check_due_date(self.cleaned_data["due_date"])


def _check_due_date(due):
    """A new due date: not already passed, and not further ahead than five years."""
    today = timezone.localdate()
    if due < today:
        raise ValidationError("The due date must be today or in the future")
    if due > today + datetime.timedelta(days=MAX_DAYS_AHEAD):
        raise ValidationError("The due date must be no more than five years from today")
    return due


class TaskEditForm(EditBaseMixin, PlanScopedForm):
    title = forms.CharField(
        label="Title", max_length=200, error_messages={"required": "Enter the task's title"}
    )
    description = forms.CharField(
        label="Description", required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 4})
    )
    response = ModelChoiceField(
        label="Response", queryset=None, required=False, empty_label="Not part of a response"
    )
    due_date = GovukDateField(label="Due date", help_text=DATE_HELP)
    # The version the user started from: a save over someone else's newer one is refused.
    version = forms.IntegerField(
        widget=forms.HiddenInput,
        min_value=0,
        error_messages={
            "required": OUT_OF_DATE,
            "invalid": OUT_OF_DATE,
            "min_value": OUT_OF_DATE,
        },
    )

    def scope_fields(self):
        self.fields["response"].queryset = Response.objects.filter(plan=self.plan).order_by("pk")

    def clean_due_date(self):
        # An overdue task keeps its date when other fields are edited; a changed date is checked.
        due = self.cleaned_data["due_date"]
        if due == self.initial.get("due_date"):
            return due
        return _check_due_date(due)

    def values(self) -> dict:
        """What task_update takes: the task's details and the version the user started from."""
        return {
            name: self.cleaned_data[name]
            for name in ("title", "description", "due_date", "response", "version")
        }


class ReassignForm(PlanScopedForm):
    organisation = ModelChoiceField(
        label="Assigned organisation",
        queryset=None,
        empty_label="Choose an organisation",
        help_text=ASSIGNABLE_HELP,
        error_messages={"required": "Choose the organisation that will do the task"},
    )
    assignee = UserChoiceField(
        label="Assigned person", queryset=None, required=False, empty_label="Anyone in the organisation"
    )

    def scope_fields(self):
        self.fields["organisation"].queryset = organisations_assignable(self.plan)
        self.fields["assignee"].queryset = members_of_plan_organisations(self.plan)


class StartForm(GovukFormMixin, forms.Form):
    pass


class ResumeForm(GovukFormMixin, forms.Form):
    pass


class BlockForm(GovukFormMixin, forms.Form):
    reason = forms.CharField(
        label="Why is it blocked?",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter why the task is blocked"},
    )


class CompleteForm(GovukFormMixin, forms.Form):
    note = forms.CharField(
        label="What was done?",
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter what was done"},
    )
    evidence = EvidenceField(required=False)


class CancelForm(GovukFormMixin, forms.Form):
    reason = forms.CharField(
        label="Why cancel this task?",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter why the task is cancelled"},
    )


class EvidenceForm(GovukFormMixin, OnceForm):
    evidence = EvidenceField(
        required=True,
        help_text=f"A {attachments.ALLOWED_TEXT} file, 10 MB at most",
        error_messages={
            "required": "Choose a file to upload",
            "empty": "The selected file is empty",
            "invalid": "The selected file could not be read",
        },
    )


class CommentForm(GovukFormMixin, OnceForm):
    """A partner's comment: always shared with the plan's partners."""

    body = forms.CharField(
        label="Comment",
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter your comment"},
    )


class PoliceCommentForm(CommentForm):
    """Police may also hide a comment from partners."""

    police_only = forms.BooleanField(label="Police only: hide this comment from partners", required=False)


def comment_form(*args, police: bool, **kwargs) -> CommentForm:
    """The comment form this user may post: a partner is never offered the police-only box."""
    return (PoliceCommentForm if police else CommentForm)(*args, **kwargs)
