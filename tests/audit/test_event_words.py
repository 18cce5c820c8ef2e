"""Every event and change in words (audit.presentation): the test enumerates every action the
code writes (read from the source) and every change the services write (each service's audit
case run for real), and fails on one without words of its own; then each surface's words."""

import ast
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.template.loader import render_to_string

from audit import presentation
from audit.models import Event
from audit.presentation import ACTION_WORDS, action_words, describe, has_words
from reports import plan_pdf
from tests.audit.test_every_service_audits import CASES, SERVICES

pytestmark = pytest.mark.django_db

BASE = Path(settings.BASE_DIR)
ACTION_RE = re.compile(r"[a-z_]+\.[a-z_]+")
SKIPPED_PARTS = {".venv", "node_modules", "migrations", "tests"}


def _recorded(call: ast.Call | None) -> bool:
    """A refusal raised with record=False writes no event."""
    return not (
        call is not None
        and any(
            k.arg == "record" and isinstance(k.value, ast.Constant) and k.value.value is False
            for k in call.keywords
        )
    )


def actions_in_the_code() -> dict[str, str]:
    """Every action the source names: action="…", {"action": "…"}, and *_ACTION constants."""
    found = {}
    for path in BASE.rglob("*.py"):
        if SKIPPED_PARTS & set(path.relative_to(BASE).parts):
            continue
        tree = ast.parse(path.read_text(), filename=str(path))
        calls = {id(k): node for node in ast.walk(tree) if isinstance(node, ast.Call) for k in node.keywords}
        for node in ast.walk(tree):
            values = []
            if isinstance(node, ast.keyword) and node.arg == "action" and _recorded(calls.get(id(node))):
                values.append(node.value)
            elif isinstance(node, ast.Dict):
                values += [
                    v
                    for k, v in zip(node.keys, node.values, strict=True)
                    if isinstance(k, ast.Constant) and k.value == "action"
                ]
            elif isinstance(node, ast.Assign) and any(
                isinstance(t, ast.Name) and t.id.endswith("_ACTION") for t in node.targets
            ):
                values.append(node.value)
            for value in values:
                for constant in ast.walk(value):
                    text = constant.value if isinstance(constant, ast.Constant) else None
                    if isinstance(text, str) and ACTION_RE.fullmatch(text):
                        found.setdefault(text, str(path.relative_to(BASE)))
    return found


def test_the_source_walk_finds_the_actions_we_know():
    actions = actions_in_the_code()
    assert {"plan.update", "task.complete", "auth.password_change_failed", "audit.search_consult"} <= set(
        actions
    )
    assert "plan.list" not in actions  # refused with record=False: never written


def test_every_action_in_the_code_has_words():
    missing = {action: path for action, path in actions_in_the_code().items() if action not in ACTION_WORDS}
    assert missing == {}, f"Actions without words in audit/presentation/actions.py ACTION_WORDS: {missing}"


def test_a_refusal_reads_as_its_action_refused():
    assert action_words("plan.update.refused") == "Refused: changed the plan"


@pytest.fixture
def every_event(world):
    """The events every service writes, each service run by its audit case."""
    from django.db import transaction

    class Undo(Exception):
        pass

    events = []
    for service in SERVICES:
        before = Event.objects.order_by("-sequence").values_list("sequence", flat=True).first() or 0
        try:
            with transaction.atomic():  # each case on the world as it was, as in its own test
                CASES[service](world)
                events += list(Event.objects.filter(sequence__gt=before).order_by("sequence"))
                raise Undo
        except Undo:
            pass
        _refresh(world)
    return events


def _refresh(world) -> None:
    """The world's records as the database holds them again (a case may have changed them)."""
    from django.db.models import Model

    for value in vars(world).values():
        for item in value.values() if isinstance(value, dict) else [value]:
            if isinstance(item, Model):
                item.refresh_from_db()
                for name in ("_organisation", "_perm_cache", "_user_perm_cache", "_group_perm_cache"):
                    item.__dict__.pop(name, None)


def test_every_change_every_service_writes_has_words(every_event):
    missing = sorted(
        {
            f"{event.action} on {event.target_type or 'nothing'}: {name}"
            for event in every_event
            if isinstance(event.changes, dict)
            for name in event.changes
            if not has_words(name, action=event.action, target_type=event.target_type)
        }
    )
    assert missing == [], "Changes without words (register them from the app that writes them): " + ", ".join(
        missing
    )


def test_every_field_the_services_change_has_words():
    from hotspots.service_support import PATROL_FIELDS
    from plans.part_services import OBJECTIVE_FIELDS, RESPONSE_FIELDS, SOURCE_FIELDS
    from plans.services import SECTION_FIELDS

    fields = {
        "plans.plan": [name for names in SECTION_FIELDS.values() for name in names],
        "plans.objective": OBJECTIVE_FIELDS,
        "plans.response": RESPONSE_FIELDS,
        "plans.source": SOURCE_FIELDS,
        "hotspots.patrollog": PATROL_FIELDS,
        "plans.task": [
            "title",
            "description",
            "due_date",
            "response_id",
            "state",
            "assignee",
            "organisation",
        ],
    }
    missing = [
        f"{target}.{name}"
        for target, names in fields.items()
        for name in names
        if not has_words(name, target_type=target)
    ]
    assert missing == []


def test_every_choice_of_every_model_reads_as_its_label():
    from django.apps import apps

    for model in apps.get_models():
        target = model._meta.label_lower
        for model_field in model._meta.concrete_fields:
            spec = presentation.field_for(model_field.name, target_type=target)
            if spec is None or not model_field.choices or spec.kind == presentation.HIDDEN:
                continue
            for key, label in model_field.flatchoices:
                assert presentation.value_words(key, spec, {}) == str(label), (target, model_field.name, key)


RAW = re.compile(r"\b(org:|plans\.\w+_\w+|[a-z]+_[a-z_]+\b)")


def test_no_event_reads_as_code(every_event):
    """No codename, group name, snake_case name or version number in what any event says."""
    for event in describe(every_event):
        said = [event.words.who, event.words.what, *(str(change) for change in event.words.changes)]
        for text in said:
            assert not RAW.search(text.replace(event.words.who, "")), (event.action, text)
        assert all(change.label != "Version" for change in event.words.changes), event.action


# --- What the words say -------------------------------------------------------------------------


def _words(event):
    return describe([event])[0].words


def test_people_by_full_name_and_organisation_fields_by_label_states_by_label(world):
    from audit.services import log_event

    owner = world.users["owner"]
    event = log_event(
        action="plan.update",
        actor=owner,
        target=world.plan,
        plan=world.plan,
        changes={"pat_guardian": ["", "Door staff"], "version": [3, 4], "co_owners": [[], ["officer2"]]},
    )
    words = _words(event)
    assert words.who == f"{owner.get_full_name()}, Leicestershire Police"
    assert [str(change) for change in words.changes] == [
        "Guardian (problem analysis triangle): (empty) → Door staff",
        f"Co-owners: (empty) → {world.users['officer2'].get_full_name()}, Leicestershire Police",
    ]
    transition = log_event(
        action="task.complete",
        actor=owner,
        target=world.task,
        plan=world.plan,
        changes={"state": ["in_progress", "done"]},
    )
    assert [str(change) for change in _words(transition).changes] == ["Status: In progress → Done"]


def test_a_person_without_a_name_reads_as_their_username(world):
    from django.contrib.auth import get_user_model

    from audit.services import log_event

    nameless = get_user_model().objects.create_user("analyst7")
    event = log_event(action="plan.view", actor=nameless, target=world.plan, plan=world.plan)
    assert _words(event).who == "analyst7"


def test_permissions_read_as_what_they_mean(world, wardens_org):
    from plans import partner_services

    partner_services.plan_partner_add(actor=world.users["owner"], plan=world.plan, organisation=wardens_org)
    event = Event.objects.filter(action="plan.partner_add").latest("sequence")
    texts = [str(change) for change in _words(event).changes]
    assert f"{wardens_org.name} can now see this plan" in texts
    assert not any("org:" in text or "view_plan" in text for text in texts)


def test_a_disposal_reads_as_what_was_erased(world):
    from audit.services import log_event

    event = log_event(
        action="plan.dispose",
        actor=world.users["manager"],
        target=world.plan,
        plan=world.plan,
        changes={
            "personal_fields_cleared": [None, ["victim_details", "offender_details"]],
            "police_only_comments_removed": [None, [4, 9, 12]],
            "evidence_files_removed": [None, []],
            "audit_values_erased": [None, [1, 2]],
            "retention_review_date": ["2026-01-01", None],
        },
        police_only=True,
    )
    texts = [str(change) for change in _words(event).changes]
    assert texts[0] == (
        "Victim details, offender details, 3 police-only comments and 2 personal values in the audit "
        "trail erased at retention review"
    )
    assert not any(re.search(r"\[|\b4\b|\b9\b|\b12\b", text) for text in texts)


def test_ids_are_never_shown(world):
    from audit.services import log_event

    event = log_event(
        action="task.update",
        actor=world.users["owner"],
        target=world.task,
        plan=world.plan,
        changes={"response_id": [7, None], "due_date": ["2026-12-20", "2026-12-13"]},
    )
    assert [str(change) for change in _words(event).changes] == [
        "Response: a response → (empty)",
        "Due date: 20 December 2026 → 13 December 2026",
    ]


def test_a_partner_reads_nothing_more_than_before(world):
    """The police-only fields of a shared event are dropped before words are made of it, and a
    police-only event is not read at all: words add names and labels, never a hidden value."""
    from audit.services import log_event
    from plans.timeline import plan_history, plan_timeline

    log_event(
        action="plan.update",
        actor=world.users["owner"],
        target=world.plan,
        plan=world.plan,
        changes={"title": ["Old", "New"], "police_notes": ["", "SECRET-NOTE"]},  # a mistake, guarded
    )
    log_event(
        action="plan.update",
        actor=world.users["owner"],
        target=world.plan,
        plan=world.plan,
        changes={"victim_details": ["", "SECRET-VICTIM"]},
        police_only=True,
        personal=("victim_details",),
    )
    # The history as the plan page shows it, and the timeline the PDF reads, alike.
    html = render_to_string(
        "audit/_timeline.html", plan_history(plan=world.plan, user=world.users["partner_on"])
    )
    assert [e.words.what for e in plan_timeline(plan=world.plan, user=world.users["partner_on"])] == [
        "Changed the plan"
    ]
    assert "Title" in html and "New" in html
    for hidden in ("SECRET", "Intelligence notes", "Victim details", "police only"):
        assert hidden not in html
    police = render_to_string(
        "audit/_timeline.html", plan_history(plan=world.plan, user=world.users["owner"])
    )
    assert "SECRET-VICTIM" in police and "Victim details (police only)" in police


def test_the_audit_csv_has_words_beside_the_raw_columns(client, world):
    from audit.services import log_event

    log_event(
        action="plan.transition",
        actor=world.users["owner"],
        target=world.plan,
        plan=world.plan,
        changes={"state": ["respond", "assess"]},
        reason="Responses delivered",
    )
    client.force_login(world.users["manager"])
    response = client.post(
        "/audit/export/?action=plan.transition", {"purpose": "Review", "recipient": "Inspector"}
    )
    import csv
    import io

    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    header = rows[0]
    assert header.index("who") == header.index("actor_organisation") + 1
    assert header.index("changes_in_words") == header.index("changes") + 1
    row = dict(zip(header, rows[1], strict=True))
    assert row["who"] == f"{world.users['owner'].get_full_name()}, Leicestershire Police"
    assert row["what"] == "Moved the plan to another stage"
    assert row["changes_in_words"] == "Stage: Respond → Assess"
    assert '"respond"' in row["changes"]  # the raw column is as it was


def test_the_plan_pdf_history_speaks_in_words_without_free_text(world):
    from audit.services import log_event
    from tests.reports.test_pdf_plan_report import text_of

    owner = world.users["owner"]
    log_event(
        action="plan.update",
        actor=owner,
        target=world.plan,
        plan=world.plan,
        changes={"priority": ["medium", "high"], "hypothesis": ["", "WRITTEN-HYPOTHESIS"], "version": [4, 5]},
    )
    log_event(
        action="plan.transition",
        actor=owner,
        target=world.plan,
        plan=world.plan,
        changes={"state": ["respond", "assess"]},
    )
    text = " ".join(
        " ".join(
            text_of(plan_pdf.plan_report_pdf(plan=world.plan, user=owner, partner_version=False))
        ).split()
    )
    assert "Stage: Respond → Assess" in text
    assert "Priority: Medium → High" in text
    assert "Working hypothesis" in text and "WRITTEN-HYPOTHESIS" not in text  # what was written: by label
    assert "Version" not in text and "in_progress" not in text
    assert f"{owner.get_full_name()}, Leicestershire Police" in text


def test_an_account_an_event_is_about_reads_as_the_persons_name(world, client):
    from audit.services import log_event

    manager = world.users["manager"]
    event = log_event(action="auth.login", actor=manager, target=manager, target_label=manager.get_username())
    words = _words(event)
    assert words.target == "Helen, Leicestershire Police"
    assert words.who == "Helen, Leicestershire Police"
