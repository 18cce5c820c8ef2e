"""The period selector: quarters, financial years and dates, each refused with a message that says what to fix."""

import datetime

import pytest
from django.urls import reverse

from reports.forms import PeriodForm

TODAY = datetime.date(2026, 11, 25)
URL = reverse("reports:programme")


def period_of(data):
    form = PeriodForm(data, today=TODAY)
    assert form.is_valid(), form.errors
    return form.cleaned_data["range"]


def errors_of(data):
    form = PeriodForm(data, today=TODAY)
    assert not form.is_valid()
    return {name: list(messages) for name, messages in form.errors.items()}


@pytest.mark.parametrize("text", ["2026/27 Q2", "2026/27 q2", " 2026-27Q2 ", "2026/2027 - Q2"])
def test_a_quarter_is_a_financial_year_quarter(text):
    # Q1 is April to June: 2026/27 Q2 is July to September 2026.
    period = period_of({"period": "quarter", "quarter": text})
    assert (period.start, period.end) == (datetime.date(2026, 7, 1), datetime.date(2026, 9, 30))


def test_q4_is_january_to_march_of_the_financial_years_second_year():
    period = period_of({"period": "quarter", "quarter": "2025/26 Q4"})
    assert (period.start, period.end) == (datetime.date(2026, 1, 1), datetime.date(2026, 3, 31))


def test_a_quarter_still_running_ends_today():
    period = period_of({"period": "quarter", "quarter": "2026/27 Q3"})
    assert (period.start, period.end) == (datetime.date(2026, 10, 1), TODAY)


@pytest.mark.parametrize("text", ["2025/26", "2025-26", "2025/2026"])
def test_a_financial_year_runs_april_to_march(text):
    period = period_of({"period": "year", "year": text})
    assert (period.start, period.end) == (datetime.date(2025, 4, 1), datetime.date(2026, 3, 31))
    assert period.label == "1 April 2025 to 31 March 2026"


def test_custom_dates():
    period = period_of({"period": "custom", "start": "2018-10-01", "end": "2019-03-31"})
    assert period.label == "1 October 2018 to 31 March 2019"


@pytest.mark.parametrize(
    "data, field, message",
    [
        ({}, "period", "Choose a quarter, a financial year or dates of your choice"),
        ({"period": "decade"}, "period", "Choose a quarter, a financial year or dates of your choice"),
        ({"period": "quarter"}, "quarter", "Enter a quarter, for example 2025/26 Q2"),
        (
            {"period": "quarter", "quarter": "2026/27 Q5"},
            "quarter",
            "Enter the quarter as the financial year and Q1 to Q4",
        ),
        # A calendar quarter's spelling is refused, not read as another quarter.
        ({"period": "quarter", "quarter": "2026-Q3"}, "quarter", "for example 2025/26 Q2"),
        (
            {"period": "quarter", "quarter": "2026/28 Q1"},
            "quarter",
            "Enter the quarter as the financial year",
        ),
        ({"period": "quarter", "quarter": "2027/28 Q1"}, "quarter", "That quarter has not started yet"),
        ({"period": "quarter", "quarter": "1999/00 Q4"}, "quarter", "Enter a quarter from 2000 onwards"),
        ({"period": "year"}, "year", "Enter a financial year, for example 2026/27"),
        ({"period": "year", "year": "2026/28"}, "year", "Enter the financial year as two years in a row"),
        ({"period": "year", "year": "2027/28"}, "year", "That financial year has not started yet"),
        ({"period": "year", "year": "9" * 20}, "year", "Enter the financial year as two years in a row"),
        (
            {"period": "quarter", "quarter": "2026/27 Q3" * 3},
            "quarter",
            "Enter the quarter as the financial year and Q1 to Q4",
        ),
        ({"period": "custom", "end": "2026-01-01"}, "start", "Enter the start date"),
        ({"period": "custom", "start": "2026-01-01"}, "end", "Enter the end date"),
        (
            {"period": "custom", "start": "1 Jan", "end": "2026-01-01"},
            "start",
            "Start date must be a real date",
        ),
        (
            {"period": "custom", "start": "2026-02-01", "end": "2026-01-01"},
            "end",
            "must be the same as or after",
        ),
        ({"period": "custom", "start": "2026-02-01", "end": "2026-12-01"}, "end", "must be today or earlier"),
        ({"period": "custom", "start": "2019-01-01", "end": "2026-01-01"}, "end", "at most five years"),
    ],
)
def test_bad_periods_are_refused_with_a_message(data, field, message):
    errors = errors_of(data)
    assert any(message in text for text in errors[field]), errors


def test_the_page_shows_the_error_summary_and_no_figures(world, client_for):
    response = client_for(world.users["manager"]).get(URL, {"period": "quarter", "quarter": "Q3 2026"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in html and 'href="#id_quarter"' in html
    assert 'class="govuk-error-message" id="id_quarter-error"' in html
    assert "<title>Error: Programme figures" in html
    assert 'id="statement"' not in html
    # What the user typed stays in the form.
    assert 'value="Q3 2026"' in html


def test_choosing_nothing_links_the_error_to_the_first_radio(world, client_for):
    html = client_for(world.users["manager"]).get(URL, {"quarter": ""}).content.decode()
    assert 'href="#id_period"' in html and 'id="id_period"' in html
