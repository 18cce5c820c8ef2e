"""The API's figures are the management commands' --json objects, computed by the same code."""

import io
import json

import pytest
from django.core.management import call_command
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_area_figures_are_the_commands(world, call):
    out = io.StringIO()
    call_command(
        "area_figures",
        "--area=Clock Tower",
        "--before=2024-01:2024-03",
        "--after=2024-04:2024-06",
        "--json",
        stdout=out,
    )
    url = reverse("api:area_figures", args=[world.area.pk]) + "?before=2024-01:2024-03&after=2024-04:2024-06"
    response = call("police", "get", url)
    assert response.status_code == 200
    assert response.json() == json.loads(out.getvalue())


def test_area_figures_say_what_is_wrong_with_a_period(world, call):
    url = reverse("api:area_figures", args=[world.area.pk]) + "?before=2024-03:2024-01&after=2024-04:2024-06"
    response = call("police", "get", url)
    assert response.status_code == 400
    assert response.json()["errors"]["before"] == [
        "before must be FIRST:LAST months as YYYY-MM with LAST not before FIRST"
    ]


def test_programme_figures_are_the_commands_for_a_manager(world, call):
    out = io.StringIO()
    call_command("programme_figures", "--from=2024-04-01", "--to=2024-06-30", "--json", stdout=out)
    response = call("manager", "get", reverse("api:programme_figures") + "?start=2024-04-01&end=2024-06-30")
    assert response.status_code == 200
    assert response.json() == json.loads(out.getvalue())
    partial = call("manager", "get", reverse("api:programme_figures") + "?start=2024-04-01")
    assert partial.status_code == 400 and "Give both start and end" in partial.json()["detail"]


def test_a_partners_programme_figures_are_its_organisations(world, call):
    data = call("partner", "get", reverse("api:programme_figures")).json()
    assert data["scope"] == "organisation" and data["scope_label"] == "Street Pastors"
