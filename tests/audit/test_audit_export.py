"""CSV export of the audit search: asks why and for whom, records the disclosure first, safe cells."""

import csv
import io

import pytest
from django.urls import reverse

from audit.csv_export import safe_cell
from audit.models import Event
from audit.services import log_event

pytestmark = pytest.mark.django_db

URL = reverse("audit:export")
EXPORT = {"purpose": "Subject access request 2026/114", "recipient": "Information rights team"}


@pytest.fixture
def events(world):
    owner = world.users["owner"]
    log_event(action="plan.update", actor=owner, target=world.plan, plan=world.plan, reason='=HYPERLINK("x")')
    log_event(
        action="plan.update",
        actor=owner,
        target=world.plan,
        plan=world.plan,
        changes={"offender_details": ["", "POLICE-ONLY-VALUE named suspect"]},
        police_only=True,
    )
    log_event(
        action="plan.view", actor=world.users["officer2"], target=world.other_plan, plan=world.other_plan
    )
    return world


def download(client, response) -> list[list[str]]:
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="audit-events-')
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


def test_the_form_says_what_will_be_exported(client, events):
    client.force_login(events.users["manager"])
    response = client.get(URL, {"plan": events.plan.reference})
    html = response.content.decode()
    assert response.status_code == 200
    assert f"about {events.plan.reference}" in html
    assert "Why are you exporting these events?" in html


def test_it_records_the_disclosure_before_sending_the_filtered_csv(client, events):
    manager = events.users["manager"]
    client.force_login(manager)
    before = Event.objects.count()
    response = client.post(f"{URL}?plan={events.plan.reference}", EXPORT)
    # The disclosure is in the trail before a byte of the file is read.
    disclosure = Event.objects.get(sequence=before + 1)
    assert disclosure.action == "report.export"
    assert disclosure.actor == manager
    assert disclosure.reason == EXPORT["purpose"]
    assert disclosure.changes["recipient"] == [None, EXPORT["recipient"]]
    assert disclosure.changes["kind"] == [None, "audit-csv"]
    assert disclosure.plan_id == events.plan.pk
    assert disclosure.police_only  # on the plan's timeline for police only, never a partner's
    rows = download(client, response)
    assert rows[0][:7] == [
        "sequence",
        "occurred_at_utc",
        "actor_username",
        "actor_organisation",
        "who",
        "action",
        "what",
    ]
    plans = {row[rows[0].index("plan_reference")] for row in rows[1:]}
    assert plans == {events.plan.reference}
    assert "POLICE-ONLY-VALUE named suspect" in "".join(",".join(r) for r in rows)


def test_an_administrator_who_is_not_police_gets_no_police_only_events(client, events, admin_user):
    client.force_login(admin_user)
    rows = download(client, client.post(URL, EXPORT))
    body = "\n".join(",".join(r) for r in rows)
    assert "POLICE-ONLY-VALUE" not in body
    assert "plan.view" in body


def test_formula_cells_are_neutralised(client, events):
    client.force_login(events.users["manager"])
    rows = download(client, client.post(f"{URL}?action=plan.update", EXPORT))
    reasons = [row[rows[0].index("reason")] for row in rows[1:]]
    assert '\'=HYPERLINK("x")' in reasons
    assert not any(cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=1+1", "'=1+1"),
        ("+44", "'+44"),
        ("-2", "'-2"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("\n=1+1", "'\n=1+1"),  # a line break first, then a formula
        ("ok", "ok"),
        (None, ""),
    ],
)
def test_safe_cell(value, expected):
    assert safe_cell(value) == expected


def test_a_missing_purpose_or_recipient_is_a_clear_error_and_sends_nothing(client, events):
    client.force_login(events.users["manager"])
    before = Event.objects.count()
    response = client.post(URL, {"purpose": "  ", "recipient": ""})
    html = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in html
    assert "Enter why you are exporting these events" in html
    assert "Enter who will receive the file" in html
    assert Event.objects.count() == before


def test_invalid_filters_are_refused_without_a_disclosure(client, events):
    client.force_login(events.users["manager"])
    before = Event.objects.count()
    response = client.post(f"{URL}?plan=PSP-9999", EXPORT)
    assert response.status_code == 400
    assert "There is no plan with the reference PSP-9999" in response.content.decode()
    assert Event.objects.count() == before


@pytest.mark.parametrize("persona", ["owner", "officer2", "partner_on", "partner_off"])
def test_officers_and_partners_cannot_export(client, events, persona):
    client.force_login(events.users[persona])
    before = Event.objects.count()
    assert client.get(URL).status_code == 403
    assert client.post(URL, EXPORT).status_code == 403
    assert not Event.objects.filter(sequence__gt=before, action="report.export").exists()


def test_the_export_page_query_count_does_not_grow(client, events, django_assert_max_num_queries):
    from tests.audit.chain import extend_chain

    client.force_login(events.users["manager"])
    client.get(URL)
    with django_assert_max_num_queries(10):
        client.get(URL)
    extend_chain(300)
    with django_assert_max_num_queries(10):
        client.get(URL)


def test_the_export_page_names_the_action_in_words(client, events):
    client.force_login(events.users["manager"])
    html = client.get(f"{URL}?action=plan.update&person=Priya").content.decode()
    assert "action: Changed the plan" in html
    assert "by Priya" in html
