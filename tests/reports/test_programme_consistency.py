"""One hand-made programme, three outputs: the page, the funder CSV and `programme_figures --json`
show the same number for every figure they share."""

import csv
import io
import json
import re

from django.core.management import call_command
from django.urls import reverse

from tests.reports import programme_story as story


def test_the_page_the_csv_and_the_json_agree(
    world, client_for, police_org, pastors_org, wardens_org, bid_org
):
    story.build(world, police_org, pastors_org, wardens_org, bid_org)
    client = client_for(world.users["manager"])

    html = client.get(
        reverse("reports:programme"), {"period": "quarter", "quarter": "2026/27 Q2"}
    ).content.decode()
    page = {
        name: float(text.replace(",", "").split()[0])
        for name, text in re.findall(r'data-figure="([^"]+)">([\d.,]+)', html)
    }

    out = io.StringIO()
    call_command("programme_figures", "--from", "2026-07-01", "--to", "2026-09-30", "--json", stdout=out)
    data = json.loads(out.getvalue())

    response = client.post(
        reverse("reports:funder_csv"),
        {"start": "2026-07-01", "end": "2026-09-30", "purpose": "Quarterly return", "recipient": "The fund"},
    )
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    totals = {r["Police or partners"]: r for r in rows if r["Quarter"] == "All quarters"}
    columns = {
        "visits": "Visits",
        "patrol_hours": "Patrol-hours",
        "person_hours": "Person-hours",
        "engagements": "Engagements",
        "arrests": "Arrests",
        "stop_searches": "Stop and searches",
        "asb_powers": "ASB powers used",
    }
    compared = 0
    for index, group in enumerate(("police", "partners")):
        for name, column in columns.items():
            expected = story.EXPECTED[group][name]
            assert page[f"patrols.{index}.{name}"] == expected, (group, name)
            assert data["patrols"][index][name] == expected, (group, name)
            assert float(totals[group.capitalize()][column]) == expected, (group, name)
            compared += 1
        since = story.EXPECTED[f"{group}_since_launch"]
        for name, expected in since.items():
            assert (
                page[f"since_launch.{index}.{name}"] == data["patrols_since_launch"][index][name] == expected
            )
        before, after, _ = story.EXPECTED[f"{group}_change"]
        change = data["patrol_change"][index]
        assert page[f"patrol_change.{index}.before"] == change["before"] == before
        assert page[f"patrol_change.{index}.after"] == change["after"] == after
    # The CSV's quarter-and-area rows add up to its totals, and so to the page.
    police_rows = [r for r in rows if r["Police or partners"] == "Police" and r["Quarter"] != "All quarters"]
    assert round(sum(float(r["Patrol-hours"]) for r in police_rows), 1) == page["patrols.0.patrol_hours"]
    for slug in ("serious_violence", "asb"):
        assert page[f"{slug}.before"] == data[slug]["before"] == story.EXPECTED[slug][0]
        assert page[f"{slug}.after"] == data[slug]["after"] == story.EXPECTED[slug][1]
    assert page["plans_in_operation"] == data["plans_in_operation"] == 3
    assert page["plans_review_overdue"] == data["plans_review_overdue"] == 1
    assert page["tasks_overdue"] == data["tasks_overdue"] == 3
    for tally in data["tasks_overdue_by_organisation"]:
        assert page[f"tasks_overdue.{tally['label']}"] == tally["count"]
    # Every sentence of the statement on the page is the command's.
    for sentence in data["statement"]:
        assert sentence.replace("'", "&#x27;") in html
    assert compared == 14
