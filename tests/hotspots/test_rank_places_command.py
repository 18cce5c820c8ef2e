"""manage.py rank_places: the Scan ranking for analysts and scripts, and its refusals."""

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from .conftest import month
from .scan_helpers import at

pytestmark = pytest.mark.django_db


def run(*args) -> str:
    out = StringIO()
    call_command("rank_places", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def incidents(db):
    at(458_700.0, 304_500.0, month(2022, 9), 4, lsoa="E01013600", location="On or near Haymarket")
    at(458_700.0, 304_500.0, month(2022, 10), 2, lsoa="E01013600", location="On or near Haymarket")
    at(459_100.0, 304_100.0, month(2022, 10), 3, lsoa="E01013601", location="On or near Granby Street")


def test_it_prints_the_ranking_as_text(incidents):
    text = run("--family", "Anti-social behaviour", "--from", "2022-09", "--to", "2022-10")
    assert "Anti-social behaviour (Anti-social behaviour), 150 m grid cells, Sep–Oct 2022" in text
    assert "9 incidents in 2 places" in text
    assert "1\tCell 3058, 2030\t6\t66.7%\t66.7%\t2/2\t" in text
    assert "2\tCell 3060, 2027\t3\t33.3%\t100.0%\t1/2\t" in text
    assert "Change not compared: no data imported for 2022-07, 2022-08" in text


def test_json_gives_each_kind_of_place_its_id_and_geometry(incidents):
    cells = json.loads(
        run("--family", "asb", "--from", "2022-09", "--to", "2022-10", "--cell", "500", "--json")
    )
    assert cells["kind"] == "cell" and cells["cell_size_m"] == 500
    # 458,700 // 500 = 917 and 304,500 // 500 = 609; 459,100 // 500 = 918 and 304,100 // 500 = 608.
    assert [(p["id"], p["count"], p["cumulative_share"]) for p in cells["places"]] == [
        ({"column": 917, "row": 609}, 6, 66.7),
        ({"column": 918, "row": 608}, 3, 100.0),
    ]
    snaps = json.loads(
        run("--family", "asb", "--from", "2022-10", "--to", "2022-10", "--snap-points", "--json")
    )
    assert [p["count"] for p in snaps["places"]] == [3, 2]
    assert snaps["places"][0]["geometry"]["type"] == "Point"
    assert set(snaps["places"][0]["id"]) == {"longitude", "latitude"}
    lsoas = json.loads(
        run("--family", "asb", "--from", "2022-09", "--to", "2022-10", "--lsoa", "--top", "1", "--json")
    )
    assert [(p["id"], p["count"], p["share"]) for p in lsoas["places"]] == [("E01013600", 6, 66.7)]
    assert lsoas["window"] == {"from": "2022-09", "to": "2022-10", "months": 2, "months_not_imported": []}


@pytest.mark.parametrize(
    "args, message",
    [
        (["--family", "Nope", "--from", "2022-01", "--to", "2022-02"], "No crime family 'Nope'"),
        (["--family", "asb", "--from", "2022-13", "--to", "2022-02"], "--from must be a month as YYYY-MM"),
        (["--family", "asb", "--from", "2022-03", "--to", "2022-02"], "--to must be the same month"),
        (["--family", "asb", "--from", "2020-01", "--to", "2023-02"], "at most 36 months"),
        (
            ["--family", "asb", "--from", "2022-01", "--to", "2022-02", "--cell", "40"],
            "--cell must be 50 to 500",
        ),
        (["--family", "asb", "--from", "2022-01", "--to", "2022-02", "--top", "0"], "--top must be 1 to 100"),
    ],
)
def test_bad_options_are_refused_with_what_to_do(db, args, message):
    with pytest.raises(CommandError, match=message):
        run(*args)
