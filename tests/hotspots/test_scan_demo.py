"""Scan on the demo programme: it opens on the last 12 imported months (fewer when fewer are
imported), the city centre leads, and the demo's hotspot areas show as covered."""

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
    # The city centre: the busiest cells lie in Leicester's centre (within 2.5 km of the Clock Tower).
    clock_tower = (458_700, 304_500)
    top = ranking.places[:5]
    assert all(
        abs(p.key[0] * 150 - clock_tower[0]) < 2500 and abs(p.key[1] * 150 - clock_tower[1]) < 2500
        for p in top
    )
    covered = {c.area_name for p in ranking.places for c in p.covered_by}
    assert covered >= CITY_CENTRE_AREAS
    assert any(c.plans for p in ranking.places for c in p.covered_by)
    assert "Start a plan here" in response.content.decode()
