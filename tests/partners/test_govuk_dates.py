"""The GOV.UK date input (partners.dates): three boxes, what people type accepted, and the design
system's message for each incomplete or impossible date."""

import datetime

import pytest
from django import forms

from partners.dates import GovukDateField
from plans.models import Plan


class DateForm(forms.Form):
    start_date = GovukDateField(label="Start date")


class OptionalDateForm(forms.Form):
    start_date = GovukDateField(label="Start date", required=False)


def typed(day="", month="", year="", form=DateForm):
    return form({"start_date-day": day, "start_date-month": month, "start_date-year": year})


@pytest.mark.parametrize(
    ("day", "month", "year", "expected"),
    [
        ("31", "12", "2026", datetime.date(2026, 12, 31)),
        ("07", "01", "2019", datetime.date(2019, 1, 7)),  # leading zeros
        ("7", "1", "2019", datetime.date(2019, 1, 7)),
        ("1", "Dec", "2026", datetime.date(2026, 12, 1)),
        ("1", "december", "2026", datetime.date(2026, 12, 1)),
        ("1", "Sept", "2026", datetime.date(2026, 9, 1)),
        ("1", "Feb.", "2028", datetime.date(2028, 2, 1)),
        (" 29 ", " 2 ", " 2028 ", datetime.date(2028, 2, 29)),  # spaces around
    ],
)
def test_what_people_type_is_accepted(day, month, year, expected):
    form = typed(day, month, year)
    assert form.is_valid(), form.errors
    assert form.cleaned_data["start_date"] == expected


@pytest.mark.parametrize(
    ("day", "month", "year", "message"),
    [
        ("", "", "", "Enter the start date"),
        ("", "12", "2026", "Start date must include a day"),
        ("31", "", "2026", "Start date must include a month"),
        ("31", "12", "", "Start date must include a year"),
        ("", "", "2026", "Start date must include a day and month"),
        ("", "12", "", "Start date must include a day and year"),
        ("31", "", "", "Start date must include a month and year"),
        ("31", "2", "2026", "Start date must be a real date"),
        ("29", "2", "2027", "Start date must be a real date"),
        ("0", "1", "2026", "Start date must be a real date"),
        ("1", "13", "2026", "Start date must be a real date"),
        ("1", "Decembre", "2026", "Start date must be a real date"),
        ("first", "1", "2026", "Start date must be a real date"),
        ("1", "1", "26", "Year must include 4 numbers"),
        ("1", "1", "20266", "Year must include 4 numbers"),
    ],
)
def test_each_incomplete_or_impossible_date_has_its_message(day, month, year, message):
    form = typed(day, month, year)
    assert not form.is_valid()
    assert form.errors["start_date"] == [message]


def test_an_optional_date_left_empty_is_none():
    form = typed(form=OptionalDateForm)
    assert form.is_valid() and form.cleaned_data["start_date"] is None


@pytest.mark.parametrize("single", ["31/12/2026", "12/31/2026", "31 December 2026", "2026-02-30"])
def test_one_box_for_the_whole_date_is_not_taken(single):
    form = DateForm({"start_date": single})
    assert not form.is_valid()
    assert form.errors["start_date"] == ["Start date must be a real date"]


def test_a_script_may_post_the_iso_date_as_one_value():
    form = DateForm({"start_date": "2026-12-31"})
    assert form.is_valid() and form.cleaned_data["start_date"] == datetime.date(2026, 12, 31)


def test_the_input_is_three_boxes_with_the_parts_that_need_correcting_marked():
    html = str(typed("31", "", "2026")["start_date"])
    assert 'name="start_date-day"' in html and 'name="start_date-month"' in html
    assert 'name="start_date-year"' in html and 'name="start_date"' not in html


@pytest.mark.django_db
def test_the_plan_form_takes_three_boxes_and_marks_the_missing_one(world, client_for):
    client = client_for(world.users["owner"])
    page = client.get("/plans/new/").content.decode()
    assert 'name="start_date-day"' in page and 'name="start_date"' not in page  # no single box
    data = {
        "title": "Street drinking in the Haymarket",
        "hotspot_name": "Haymarket steps",
        "priority": "medium",
        "problem_statement": "Daytime street drinking",
        "start_date-day": "7",
        "start_date-month": "",
        "start_date-year": "2019",
    }
    refused = client.post("/plans/new/", data).content.decode()
    assert "Start date must include a month" in refused
    assert 'href="#id_start_date-day"' in refused  # the summary leads to the date input
    month = refused[
        refused.index('id="id_start_date-month"') - 200 : refused.index('id="id_start_date-month"')
    ]
    assert "govuk-input--error" in month
    assert client.post("/plans/new/", {**data, "start_date-month": "Jan"}).status_code == 302
    assert Plan.objects.get(title="Street drinking in the Haymarket").start_date == datetime.date(2019, 1, 7)
