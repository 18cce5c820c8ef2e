"""Every create form carries the one-time token (plans.submissions.OnceForm), so a form sent
twice saves once and is told so, before anything could refuse it as a copy of itself.

The forms are read from the code: every form class defined in an app's modules is either a
create form (it must have the token) or is listed below with why it makes nothing new. A new
form fails here until it is put in one list or the other.
"""

import importlib
import inspect
import pkgutil
from pathlib import Path

import pytest
from django import forms

from plans.submissions import OnceForm

ROOT = Path(__file__).resolve().parent.parent
APPS = ["audit", "hotspots", "partners", "plans", "reports"]

# The forms whose saving makes a new record, each with its double-submit test (under tests/).
CREATE_FORMS = {
    "plans.forms.PlanCreateForm": "plans/test_submissions.py::test_a_plan_form_sent_twice_opens_one_plan",
    "plans.part_forms.SourceForm": "plans/test_submissions.py::test_a_content_form_sent_twice_adds_once",
    "plans.part_forms.ObjectiveForm": "plans/test_submissions.py::test_a_content_form_sent_twice_adds_once",
    "plans.part_forms.ResponseForm": "plans/test_submissions.py::test_a_content_form_sent_twice_adds_once",
    "plans.closure_forms.ClosureRequestForm": "plans/test_closure_request.py::test_the_request_form_sent_twice_asks_once_and_says_so",
    "plans.task_forms.PartnerAddForm": "tasks/test_partner_add.py::test_the_form_sent_twice_adds_the_partner_once_and_says_so",
    "plans.task_forms.TaskForm": "tasks/test_sent_twice.py::test_a_task_sent_twice_is_created_once",
    "plans.task_forms.EvidenceForm": "tasks/test_sent_twice.py::test_evidence_sent_twice_is_stored_once_and_the_second_file_is_not_kept",
    "plans.task_forms.CommentForm": "tasks/test_sent_twice.py::test_a_comment_sent_twice_is_added_once",
    "plans.task_forms.PoliceCommentForm": "tasks/test_sent_twice.py::test_a_police_only_comment_sent_twice_is_added_once",
    "hotspots.forms.AreaCreateForm": "hotspots/test_create_sent_twice.py::test_an_area_form_sent_twice_makes_one_area_and_says_so",
    "hotspots.patrol_forms.PatrolLogForm": "hotspots/test_create_sent_twice.py::test_a_patrol_form_sent_twice_logs_one_patrol_and_says_so",
    "hotspots.rota_forms.RotaPatternForm": "hotspots/test_rota_pages.py::test_an_officer_plans_a_pattern_from_the_form",
    "hotspots.rota_forms.RotaExceptionForm": "hotspots/test_rota_sent_twice.py::test_a_rota_exception_sent_twice_cancels_the_slot_once_and_says_so",
    "hotspots.rota_forms.FundedTargetForm": "hotspots/test_rota_sent_twice.py::test_a_funded_target_sent_twice_is_set_once_and_says_so",
    "hotspots.batch_forms.BatchUploadForm": "hotspots/test_patrol_batches.py::test_the_upload_form_sent_twice_logs_its_patrols_once_and_says_so",
    "hotspots.scan_forms.StartPlanForm": "hotspots/test_scan_start_plan.py::test_a_double_click_makes_one_area_and_one_plan_with_its_source",
}

# The other forms, and why a second sending of each makes nothing new.
NOT_CREATE_FORMS = {
    "plans.task_forms.PlanScopedForm": "a base class, not a form of its own",
    "plans.task_forms.TaskEditForm": "an edit: the version refuses a second save",
    "plans.task_forms.ReassignForm": "changes the task's organisation: the same answers again change nothing",
    "plans.task_forms.StartForm": "a state change: the second meets the task already started",
    "plans.task_forms.ResumeForm": "a state change: the second meets the task already resumed",
    "plans.task_forms.BlockForm": "a state change: the second meets the task already blocked",
    "plans.task_forms.CompleteForm": "a state change: the second meets the task already complete",
    "plans.task_forms.CancelForm": "a state change: the second meets the task already cancelled",
    "plans.forms.SectionForm": "an edit: the version refuses a second save",
    "plans.forms.DetailsForm": "an edit: the version refuses a second save",
    "plans.forms.ScanForm": "an edit: the version refuses a second save",
    "plans.forms.AnalyseForm": "an edit: the version refuses a second save",
    "plans.forms.AssessForm": "an edit: the version refuses a second save",
    "plans.part_forms.ObjectiveEditForm": "an edit: the version refuses a second save",
    "plans.part_forms.ResponseEditForm": "an edit: the version refuses a second save",
    "plans.forms.TransitionForm": "a state change: the second meets the plan already moved",
    "plans.filter_forms.PlanFilterForm": "a search (GET)",
    "plans.retention_forms.RetentionKeepForm": "sets the review date: the same answers again change nothing",
    "plans.retention_forms.RetentionDisposeForm": "a state change: the second meets the plan already disposed of",
    "plans.closure_forms.ClosureReturnForm": "a state change: the second meets no waiting request",
    "hotspots.forms.AreaForm": "the base of the area create and edit forms",
    "hotspots.forms.AreaEditForm": "an edit: the version refuses a second save",
    "hotspots.forms.FiguresForm": "a choice of figures to read (GET)",
    "hotspots.patrol_forms.PatrolForm": "the base of the patrol log and edit forms",
    "hotspots.patrol_forms.PatrolEditForm": "an edit: the version refuses a second save",
    "hotspots.forms.ImportForm": "an upload that replaces its force-month whole: a second is the same month",
    "hotspots.forms.BaselineForm": "sets an objective's baseline: the same answers again change nothing",
    "hotspots.patrol_forms.PatrolRemoveForm": "a removal: the second meets the patrol gone (404)",
    "hotspots.forms.AreaRemoveForm": "a removal: the second meets the area gone (404)",
    "hotspots.rota_forms.ComplianceForm": "a period to read (GET)",
    "hotspots.target_forms.OrganisationTargetForm": "sets one organisation's hours in place: the same answers again change nothing",
    "hotspots.scan_forms.ScanForm": "a search for hotspots (GET)",
    "hotspots.refresh_forms.HotspotDecisionForm": "records an area's decision for the quarter in place: the same answers again change nothing",
    "reports.forms.DisclosureForm": "an export: a download, recorded each time, makes no record",
    "reports.forms.PeriodForm": "a period to read (GET)",
    "reports.forms.FunderReturnForm": "an export: a download, recorded each time, makes no record",
    "reports.views_pdf.ProgrammeReportForm": "an export: a download, recorded each time, makes no record",
    "audit.forms.EventSearchForm": "a search (GET)",
    "audit.forms.ExportForm": "an export: a download, recorded each time, makes no record",
    "partners.sign_in_forms.SignInForm": "signs in: makes no record",
    "partners.sign_in_forms.PasswordChangeForm": "changes a password: the same answers again change nothing",
    "partners.sign_in_forms.PasswordResetForm": "sends a reset email: makes no record",
    "partners.sign_in_forms.SetPasswordForm": "sets a password: the link is used up by the first",
    "partners.sign_in_forms.SecondFactorForm": "checks a code: makes no record",
    "partners.sign_in_forms.SetUpCodeForm": "enrols a second factor: the second meets it enrolled",
    "plans.submissions.OnceForm": "the token itself",
    "plans.task_fix_views.ReopenForm": "a state change: the second meets the task already reopened",
    "plans.task_fix_views.RemoveEvidenceForm": "a removal: the second meets the file gone (404)",
    "plans.stage_check_views.ConfirmForm": "a state change: the second meets the plan already moved",
    "plans.stage_check_views.ReasonForm": "keeps a withdrawal's reason for its check page: makes no record",
    "hotspots.batch_forms.GpsUploadForm": "derives visits for review: makes no record (the review's save is refused for a file saved already)",
    "hotspots.claim_forms.PartnerRateForm": "sets an organisation's rate: the same answers again change nothing",
    "hotspots.claim_forms.CountVisitForm": "marks a visit as counting: the same answers again change nothing",
    "hotspots.claim_forms.ClaimQueryForm": "a decision on a claim: the same answers again change nothing",
    "hotspots.rota_forms._PatternFields": "a base class, not a form of its own",
    "hotspots.rota_forms.RotaPatternEditForm": "an edit: the version refuses a second save",
    "hotspots.rota_forms.RotaPatternRemoveForm": "a removal: the second meets the pattern gone (404)",
    "hotspots.api.ApiPatrolForm": "the API's patrol create: no page is sent twice; a client's retry meets the rule that a visit is logged once",
}


def _form_classes() -> dict[str, type]:
    """Every form class defined in the apps' modules (not migrations, not management commands)."""
    found = {}
    for app in APPS:
        package = importlib.import_module(app)
        for info in pkgutil.walk_packages(package.__path__, prefix=f"{app}."):
            if ".migrations" in info.name or ".management" in info.name:
                continue
            module = importlib.import_module(info.name)
            for name, value in vars(module).items():
                if (
                    inspect.isclass(value)
                    and issubclass(value, forms.BaseForm)
                    and value.__module__ == module.__name__
                ):
                    found[f"{module.__name__}.{name}"] = value
    return found


def test_every_form_is_either_a_create_form_or_says_why_it_is_not():
    found = set(_form_classes())
    unlisted = found - set(CREATE_FORMS) - set(NOT_CREATE_FORMS)
    assert not unlisted, (
        f"Say whether each form makes a new record (CREATE_FORMS or NOT_CREATE_FORMS): {unlisted}"
    )
    gone = (set(CREATE_FORMS) | set(NOT_CREATE_FORMS)) - found
    assert not gone, f"Listed forms no longer in the code: {gone}"


@pytest.mark.parametrize("path", sorted(CREATE_FORMS))
def test_each_create_form_carries_the_one_time_token(path):
    form = _form_classes()[path]
    assert issubclass(form, OnceForm), f"{path} makes a record: mix in plans.submissions.OnceForm"
    assert "submission" in form.base_fields


@pytest.mark.parametrize("path", sorted(CREATE_FORMS))
def test_each_create_form_has_a_test_of_sending_it_twice(path):
    file, name = CREATE_FORMS[path].split("::")
    test = (ROOT / "tests" / file).read_text()
    assert f"def {name}(" in test, CREATE_FORMS[path]
