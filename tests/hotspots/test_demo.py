"""The demo programme on three years of real police.uk data: every plan page and the programme
page it opens on show figures with numbers; each partner lead sees different plans; a second
run adds nothing.

The whole demo (35 months, about 300,000 incidents) is loaded once, by the command, for all the
tests of this file (a module fixture inside a transaction rolled back after them): each test runs
in a savepoint of its own, so what one does is gone before the next.
"""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse

from audit.models import Event
from hotspots import demo
from hotspots.measures import add_months
from hotspots.models import Area, CrimeFamily, ImportedMonth, Incident, PatrolLog
from plans import demo as plans_demo
from plans.models import Plan, Stage
from plans.selectors import plans_visible_to
from reports.periods import Quarter
from tests.module_data import loaded_for_the_file

pytestmark = pytest.mark.django_db
User = get_user_model()
PASSWORD = "demo-password-1"

# Every figure an Assess or Closed plan shows; each must be a number on the demo.
NUMBERED = [
    "target_before",
    "target_after",
    "buffer_before",
    "buffer_after",
    "control_before",
    "control_after",
    "target_same_period_last_year",
    "change_against_same_period_last_year",
    "before_after_change",
    "gross_effect",
    "net_effect",
    "weighted_displacement_quotient",
    "total_net_effect",
    "weighted_displacement_difference",
]


def counts():
    return (
        ImportedMonth.objects.count(),
        Incident.objects.count(),
        Area.objects.count(),
        Plan.objects.count(),
        PatrolLog.objects.count(),
        Event.objects.count(),
    )


@pytest.fixture(scope="module", autouse=True)
def demo_loaded(django_db_setup, django_db_blocker):
    """`manage.py demo` once for the file, rolled back after its last test."""
    with loaded_for_the_file(django_db_blocker, lambda: call_command("demo", "--password", PASSWORD)):
        yield


def test_the_demo_loads_the_35_shipped_months_and_runs_its_plans_where_the_data_is():
    # The 35 shipped months, whole, and nothing else: the plans run where the data is.
    months = sorted(ImportedMonth.objects.values_list("month", flat=True))
    assert (
        len(months) == 35
        and months[0] == datetime.date(2019, 12, 1)
        and months[-1] == datetime.date(2022, 10, 1)
    )
    assert Incident.objects.count() == 301_838
    assert len(list(demo.DATA_DIR.glob("*.csv.gz"))) == 35

    plans = list(plans_demo.demo_plans())
    assert {p.state for p in plans} == set(Stage.values)
    assert all(datetime.date(2020, 1, 1) <= p.start_date <= datetime.date(2022, 10, 31) for p in plans)
    # Patrols over the four quarters the responses ran in, by police and partners.
    first, last = demo.QUARTERS[0][0], demo.QUARTERS[-1][1]
    assert not PatrolLog.objects.exclude(date__range=(first, last)).exists()
    assert PatrolLog.objects.filter(organisation__kind="police").exists()
    assert PatrolLog.objects.exclude(organisation__kind="police").exists()


def test_every_plan_page_shows_figures_with_numbers(client, settings):
    settings.DEBUG = True
    client.force_login(User.objects.get(username="manager"))
    assessed = 0
    for plan in plans_demo.demo_plans().order_by("reference"):
        response = client.get(reverse("plans:detail", args=[plan.pk]))
        html = response.content.decode()
        assert response.status_code == 200
        assert "no data imported" not in html, plan.reference
        assert "<svg" in html
        if plan.state not in (Stage.ASSESS, Stage.CLOSED):
            continue
        assessed += 1
        families = response.context["assess_families"]
        assert len(families) == 2
        for item in families:
            measures = item["figures"].measures()
            for name in NUMBERED:
                assert isinstance(measures[name].value, int | float), (plan.reference, name, measures[name])
            # No month missing, no periods of different lengths: only the family's own caveat.
            caveats = {f.caveat for f in CrimeFamily.objects.all() if f.caveat}
            assert [note for note in item["figures"].notes if note not in caveats] == []
    assert assessed == 2


def test_the_programme_page_opens_on_the_latest_whole_quarter_with_numbers(client, settings):
    settings.DEBUG = True
    client.force_login(User.objects.get(username="manager"))
    # The programme page opens on the latest quarter every month of which is imported.
    response = client.get(reverse("reports:programme"))
    html = response.content.decode()
    assert response.status_code == 200
    figures = response.context["figures"]
    assert (figures.period.start, figures.period.end) == (
        datetime.date(2022, 7, 1),
        datetime.date(2022, 9, 30),
    )
    assert response.context["form"].initial["quarter"] == Quarter.of(datetime.date(2022, 7, 1)).code
    for change in (figures.serious_violence, figures.asb):
        assert change.before and change.after and change.percent is not None, change
    assert any(change.percent is not None for change in figures.patrol_change)
    assert "no data imported" not in html.lower() and "<svg" in html


def test_each_partner_lead_sees_a_different_set_of_plans():
    seen = {
        name: frozenset(plans_visible_to(User.objects.get(username=name)).values_list("pk", flat=True))
        for name in ("pastors", "wardens", "bid")
    }
    assert len(set(seen.values())) == 3 and all(seen.values())


def test_a_second_run_adds_nothing(settings):
    settings.DEBUG = True
    before = counts()
    call_command("demo", "--password", PASSWORD)
    assert counts() == before


CITY_CENTRE_AREAS = {"Leicester Clock Tower and Haymarket", "Granby Street and the railway station"}


def test_scan_opens_on_the_last_twelve_months_with_the_demo_areas_covered(client):
    """Scan on the demo programme: it opens on the last 12 imported months, the city centre's
    concentrations are among the busiest cells, and the demo's hotspot areas show as covered."""
    client.force_login(User.objects.get(username="officer"))
    response = client.get(reverse("scan:page"), {"family": "asb"})
    assert response.status_code == 200
    ranking = response.context["ranking"]
    months = sorted(set(ImportedMonth.objects.values_list("month", flat=True)))
    assert ranking.window.end == months[-1]
    assert ranking.window.start == max(months[0], add_months(months[-1], -11))
    # The city centre's known concentrations: several of the ten busiest cells are within 1 km
    # of the Clock Tower (others are in Loughborough and the county's towns).
    clock_tower = (458_700, 304_500)
    central = [
        p
        for p in ranking.places[:10]
        if abs(p.key[0] * 150 - clock_tower[0]) < 1000 and abs(p.key[1] * 150 - clock_tower[1]) < 1000
    ]
    assert len(central) >= 2
    covered = {c.area_name for p in ranking.places for c in p.covered_by}
    assert covered >= CITY_CENTRE_AREAS
    assert any(c.plans for p in ranking.places for c in p.covered_by)
    assert "Start a plan here" in response.content.decode()
