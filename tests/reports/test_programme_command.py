"""manage.py programme_figures: the whole programme's figures for scripts, as text or JSON."""

import io
import json

import pytest
from django.core.management import CommandError, call_command

from tests.reports import programme_story as story


@pytest.fixture
def built(world, police_org, pastors_org, wardens_org, bid_org):
    return story.build(world, police_org, pastors_org, wardens_org, bid_org)


def run(*args) -> str:
    out = io.StringIO()
    call_command("programme_figures", *args, stdout=out)
    return out.getvalue()


def test_it_prints_json_for_a_period(world, built):
    data = json.loads(run("--from", "2026-07-01", "--to", "2026-09-30", "--json"))
    assert data["scope"] == "programme"
    assert data["period"] == {
        "start": "2026-07-01",
        "end": "2026-09-30",
        "label": "2026/27 Q2 (1 July 2026 to 30 September 2026)",
    }
    police, partners = data["patrols"]
    assert {k: police[k] for k in story.EXPECTED["police"]} == story.EXPECTED["police"]
    assert {k: partners[k] for k in story.EXPECTED["partners"]} == story.EXPECTED["partners"]
    assert data["serious_violence"]["percent"] == -20.0
    assert data["asb"]["percent"] is None and data["asb"]["judgement"] == "too few incidents to judge"
    assert data["statement"][1].startswith(
        "Violence, robbery and weapons (police.uk: Violence and sexual offences, Robbery, Possession of weapons) within hotspots fell 20.0%"
    )


def test_it_prints_text_for_the_default_quarter(world, built):
    text = run()
    assert text.startswith("Programme figures, 2026/27 Q2 (1 July 2026 to 30 September 2026)")
    assert "Police: 14 visits, 16 patrol-hours, 17 person-hours" in text
    assert "Partners: 10 visits, 11.3 patrol-hours, 28.6 person-hours" in text


@pytest.mark.parametrize(
    "args, message",
    [
        (["--from", "2026-07-01"], "Give both --from and --to"),
        (["--from", "2026-13-01", "--to", "2026-12-31"], "is not a date as YYYY-MM-DD"),
        (["--from", "2026-07-01", "--to", "2026-06-30"], "--to must be the same as or after --from"),
        (["--from", "2010-01-01", "--to", "2026-06-30"], "at most five years"),
    ],
)
def test_it_refuses_a_bad_period(world, args, message):
    with pytest.raises(CommandError, match=message):
        run(*args)
