"""Scan on the demo programme: it opens on the last 12 imported months (fewer when fewer are
imported), the city centre's concentrations are among the busiest cells, and the demo's
hotspot areas show as covered."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from hotspots.measures import add_months
from hotspots.models import ImportedMonth

pytestmark = pytest.mark.django_db

CITY_CENTRE_AREAS = {"Leicester Clock Tower and Haymarket", "Granby Street and the railway station"}


def test_the_demo_opens_on_its_last_twelve_months_with_its_areas_covered(client):
    call_command("demo", "--password", "demo-password-1", "--force", verbosity=0)
    from django.contrib.auth import get_user_model

    client.force_login(get_user_model().objects.get(username="officer"))
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
