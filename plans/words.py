"""The words of plans' events, registered with audit.presentation when the app is ready (audit
knows nothing of plans): each field by the label its form shows, choices by their labels, and
the changes that read as sentences (a permission granted, what a disposal erased)."""

import re

from audit import presentation as words

from .models import (
    POLICE_ONLY_FIELDS,
    Attachment,
    ClosureRequest,
    Comment,
    Objective,
    Plan,
    Response,
    Source,
    Task,
)

# Where a form's label alone would be unclear out of its form.
PLAN_LABELS = {
    "reference": "Reference",
    "owner": "Owner",
    "co_owners": "Co-owners",
    "area": "Hotspot area",
    "state": "Stage",
    "pat_victim": "Victim (problem analysis triangle)",
    "pat_guardian": "Guardian (problem analysis triangle)",
    "pat_offender": "Offender (problem analysis triangle)",
    "pat_handler": "Handler (problem analysis triangle)",
    "pat_location": "Location (problem analysis triangle)",
    "pat_place_manager": "Place manager (problem analysis triangle)",
    "retention_review_date": "Retention review date",
}
TASK_LABELS = {
    "state": "Status",
    "organisation": "Assigned organisation",
    "assignee": "Assigned person",
    "blocked_reason": "Why it is blocked",
    "completion_note": "What was done",
    "needs_reassignment": "Needs reassigning",
    "last_reminded_on": "Last reminded on",
}
# What each permission lets an organisation do, as a sentence goes on: "... can now see this plan".
PERMISSION_WORDS = {"view_plan": "see this plan", "change_task": "update this task"}
PERMISSION_ON_PLAN = {"view_plan": "see this plan", "change_task": "update its tasks"}


def _form_labels(*form_classes) -> dict[str, str]:
    labels = {}
    for form_class in form_classes:
        for name, field in form_class.base_fields.items():
            if field.label:
                labels.setdefault(name, str(field.label))
    return labels


def _organisation_named(changes, index: int) -> str:
    """The organisation a permission change is about, as the event names it beside the grant."""
    for name in ("partners", "organisation"):
        value = changes.get(name)
        if isinstance(value, list) and len(value) == 2 and value[index]:
            return str(value[index])
    return "The organisation"


def permission_words(changes, people, action: str) -> str:
    """ "Street Pastors can now see this plan"; "BID Leicester can now update this task, and
    Street Pastors no longer can"; never a codename or a group's name."""
    value = changes.get("permission")
    if not isinstance(value, list) or len(value) != 2:
        return ""
    on_plan = action.startswith("plan.")
    meaning = PERMISSION_ON_PLAN if on_plan else PERMISSION_WORDS

    def what(grant) -> str:
        codenames = re.findall(r"plans\.(\w+)", str(grant or ""))
        return words.joined(dict.fromkeys(meaning.get(code, "use it") for code in codenames))

    old, new = value
    sentences = []
    if new:
        sentences.append(f"{_organisation_named(changes, 1)} can now {what(new)}")
    if old:
        gone = _organisation_named(changes, 0)
        if new and what(old) == what(new):
            sentences.append(f"{gone} no longer can")
        else:
            sentences.append(f"{gone} can no longer {what(old)}")
    return ", and ".join(sentences)


def disposal_words(changes, people, action: str) -> list[str]:
    """ "Victim details, offender details and 3 comments erased at retention review"."""

    def new(name):
        value = changes.get(name)
        return value[1] if isinstance(value, list) and len(value) == 2 else None

    fields = [name for name in new("personal_fields_cleared") or [] if name in POLICE_ONLY_FIELDS]
    erased = [str(Plan._meta.get_field(name).verbose_name) for name in fields]
    comments = len(new("police_only_comments_removed") or [])
    files = len(new("evidence_files_removed") or [])
    if comments:
        erased.append(words.counted(comments, "police-only comment"))
    if files:
        erased.append(words.counted(files, "evidence file"))
    values = len(new("audit_values_erased") or [])
    if values:
        erased.append(words.counted(values, "personal value") + " in the audit trail")
    sentence = (
        f"{words.joined(erased)} erased at retention review"
        if erased
        else "Nothing left to erase at retention review"
    )
    sentence = sentence[0].upper() + sentence[1:]
    return [sentence, "The retention review date was cleared"]


def register() -> None:
    from . import forms, part_forms, task_forms

    plan_labels = _form_labels(forms.DetailsForm, forms.ScanForm, forms.AnalyseForm, forms.AssessForm)
    # The police-only fields read as the form shows them ("(police only)"): a partner never reads them.
    words.register_model(Plan, labels={**plan_labels, **PLAN_LABELS})
    task_labels = _form_labels(task_forms.TaskForm, task_forms.TaskEditForm)
    words.register_model(Task, labels={**task_labels, **TASK_LABELS})
    words.register_model(Objective, labels=_form_labels(part_forms.ObjectiveForm))
    words.register_model(Response, labels=_form_labels(part_forms.ResponseForm))
    words.register_model(Source, labels=_form_labels(part_forms.SourceForm))
    words.register_model(Comment, labels={"body": "Comment", "police_only": "Police only"})
    words.register_model(Attachment)
    # Changes named by the services, not by a field of the model.
    words.register_field("partners", "Partner organisation", target_type="plans.plan")
    words.register_field("why_kept", "Why it is kept", target_type="plans.plan")
    words.register_field("response_id", "Response", kind=words.LINK, target_type="plans.task")
    words.register_field("evidence", "Evidence", target_type="plans.task")
    words.register_field(
        "needs_reassignment", "To reassign", kind=words.COUNT, noun="task", action="plan.partner_remove"
    )
    words.register_field("tasks", "Tasks", kind=words.COUNT, noun="task", action="plan.response_remove")
    words.register_field("tasks", "Tasks shown", kind=words.COUNT, noun="task", action="plan.view")
    words.register_field("tasks", "Tasks shown", kind=words.COUNT, noun="task", action="tasks.list_view")
    closure_status = ClosureRequest.Status.choices
    for action in ("plan.closure_request", "plan.closure_return"):
        words.register_field("closure_request", "Closure request", choices=closure_status, action=action)
    words.register_field("tasks", "Tasks", kind=words.COUNT, noun="task", action="task.reminders_sent")
    words.register_field("organisations", "Organisations", kind=words.NAMES, action="task.reminders_sent")
    words.register_field("last_reminded_on", "Reminded on", kind=words.DATE, action="task.reminders_sent")
    words.register_field("file", "File", target_type="plans.attachment")
    words.register_field("sha256", "Fingerprint (SHA-256)", target_type="plans.attachment")
    words.register_field("size", "Size in bytes", target_type="plans.attachment")
    words.register_field(
        "task", "Task", kind=words.HIDDEN, target_type="plans.attachment"
    )  # the event names it
    words.register_field("baseline_note", "Baseline note", target_type="plans.objective")
    words.register_sentence("permission", permission_words)
    words.register_event("plan.dispose", disposal_words)
