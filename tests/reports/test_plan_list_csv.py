"""The plan list as CSV: for managers only, the list's own filters, recorded as a disclosure
before it is sent, and never a police-only value."""

import csv
import io

import pytest
from django.urls import reverse

from audit.models import Event
from plans.models import POLICE_ONLY_FIELDS, Plan, Stage
from tests import factories

pytestmark = pytest.mark.django_db

URL = reverse("reports:plan_list_csv")
EXPORT = {"purpose": "Monthly tasking meeting", "recipient": "Superintendent Okafor"}


def rows(response) -> list[list[str]]:
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="plans-')
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_the_form_says_how_many_plans_and_which_filters(world, client_for):
    response = client_for(world.users["manager"]).get(URL, {"stage": Stage.SCAN})
    html = response.content.decode()
    assert response.status_code == 200
    assert "You are downloading <strong>1</strong> plan as a CSV file, filtered by stage: Scan." in html
    assert "Who will receive it?" in html
    assert f'action="{URL}?stage=scan"' in html


def test_it_records_the_disclosure_then_sends_the_filtered_list(world, client_for):
    manager = world.users["manager"]
    browser = client_for(manager)
    before = Event.objects.order_by("-sequence").values_list("sequence", flat=True).first()
    response = browser.post(f"{URL}?q=gallowtree", EXPORT)
    table = rows(response)
    assert table[0][:3] == ["Reference", "Title", "Place"]
    assert [row[0] for row in table[1:]] == [world.other_plan.reference]
    assert table[1][-1] == world.other_plan_task.organisation.name
    [disclosure] = Event.objects.filter(sequence__gt=before)
    assert disclosure.action == "report.export"
    assert disclosure.actor == manager
    assert disclosure.police_only is True
    assert disclosure.reason == EXPORT["purpose"]
    assert disclosure.changes["kind"] == [None, "plan-list-csv"]
    assert disclosure.changes["recipient"] == [None, EXPORT["recipient"]]


def test_the_csv_holds_no_police_only_value(world, client_for):
    text = client_for(world.users["manager"]).post(URL, EXPORT).content.decode("utf-8-sig")
    assert world.plan.reference in text and world.other_plan.reference in text
    for plan in Plan.objects.all():
        for name in POLICE_ONLY_FIELDS:
            assert getattr(plan, name) and getattr(plan, name) not in text
    assert "POLICE-ONLY" not in text


def test_without_a_purpose_nothing_is_sent_or_recorded(world, client_for):
    browser = client_for(world.users["manager"])
    before = Event.objects.order_by("-sequence").values_list("sequence", flat=True).first()
    response = browser.post(URL, {"recipient": "Someone"})
    assert response.status_code == 200
    assert "Enter why you are exporting this" in response.content.decode()
    assert Event.objects.filter(sequence__gt=before, action="report.export").count() == 0


def test_a_formula_in_a_title_is_defused(world, client_for):
    factories.make_plan(owner=world.users["owner"], title='=HYPERLINK("http://x")')
    table = rows(client_for(world.users["manager"]).post(URL, EXPORT))
    assert '\'=HYPERLINK("http://x")' in [row[1] for row in table]


@pytest.mark.parametrize("persona", ["owner", "officer2", "partner_on", "partner_off"])
def test_no_one_but_a_manager_downloads_it(persona, world, client_for):
    before = Event.objects.filter(action="report.export").count()
    response = client_for(world.users[persona]).post(URL, EXPORT)
    assert response.status_code == 403
    assert Event.objects.filter(action="report.export").count() == before


def test_the_csv_reads_a_fixed_number_of_queries_at_tenfold_data(
    world, client_for, django_assert_max_num_queries
):
    browser = client_for(world.users["manager"])
    for i in range(5):
        factories.make_plan(owner=world.users["owner"], title=f"Plan {i}", partners=[world.task.organisation])
    with django_assert_max_num_queries(20) as small:
        browser.post(URL, EXPORT)
    for i in range(50):
        factories.make_plan(owner=world.users["owner"], title=f"More {i}", partners=[world.task.organisation])
    with django_assert_max_num_queries(20) as large:
        table = rows(browser.post(URL, EXPORT))
    assert len(table) == 1 + 57
    assert len(large.captured_queries) == len(small.captured_queries)
