"""Each organisation's own share of the funded hours: set and cleared by a manager only,
audited, never more than the programme's together, and its progress in the programme's careful
words at the start, middle and end of the period, worked out by hand."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from audit.models import Event
from hotspots import rota_services, target_services
from hotspots.models import PatrolLog
from hotspots.rota_models import OrganisationTarget
from hotspots.target import progress
from partners.refusals import Refused
from tests.factories import make_patrol

D = datetime.date


def _organisation(world, persona):
    return world.users[persona].memberships.get().organisation


@pytest.fixture
def programme(world):
    # 1 April 2026 to 31 March 2027: 365 days, 13,000 hours.
    return rota_services.funded_target_set(
        actor=world.users["manager"], first_date=D(2026, 4, 1), last_date=D(2027, 3, 31), hours=13_000
    )


@pytest.fixture
def pastors_target(world, programme):
    """The Street Pastors (partner_on) funded for 2,000 hours, with patrols on hand-made dates."""
    pastors = _organisation(world, "partner_on")
    target_services.organisation_target_set(actor=world.users["manager"], organisation=pastors, hours=2_000)
    # 10 hours before the period, 2 on its first day, then 996 over 83 days of 12 hours from
    # 2 April and 2 more on 24 June (1,000 in all by then), and 10 after the period ends.
    days = [(D(2026, 3, 31), 600), (D(2026, 4, 1), 120), (D(2026, 6, 24), 120), (D(2027, 4, 1), 600)]
    days += [(D(2026, 4, 2) + datetime.timedelta(days=n), 720) for n in range(83)]
    for day, minutes in days:
        make_patrol(area=world.area, logged_by=world.users["partner_on"], date=day, minutes=minutes)
    # A police patrol counts for the programme, not for the Street Pastors.
    make_patrol(
        area=world.area,
        logged_by=world.users["owner"],
        date=D(2026, 5, 1),
        minutes=600,
        kind=PatrolLog.Kind.FOOT,
    )
    return programme


def _sentences(target, today):
    (pastors,) = progress(target, patrols=PatrolLog.objects.all(), today=today).organisations
    return pastors.sentences()


@pytest.mark.django_db
def test_before_the_start_only_the_share_is_said(world, pastors_target):
    assert _sentences(pastors_target, D(2026, 3, 31)) == [
        "Street Pastors: 2,000 patrol hours over the funded period."
    ]


@pytest.mark.django_db
def test_on_the_first_day_without_a_projection(world, pastors_target):
    # 2 hours on 1 April (the 10 hours on 31 March are before the period).
    # 1,998 left over 364 days: 1,998 x 7 / 364 = 38.42, rounded up; 2 x 7 / 1 = 14 a week so far.
    assert _sentences(pastors_target, D(2026, 4, 1)) == [
        "Street Pastors: 2 of 2,000 hours, 0% at 0% of the funded period.",
        "39 hours a week are needed from 2 April 2026 to reach its target, against 14 hours a week so far.",
    ]


@pytest.mark.django_db
def test_in_the_middle(world, pastors_target):
    # 2 + 996 + 2 = 1,000 hours by 22 September 2026, day 175 of 365: 50% at 48%.
    # 1,000 left over 190 days: 7,000 / 190 = 36.8, rounded up; 1,000 x 7 / 175 = 40 a week.
    # At that rate 1,000 x 365 / 175 = 2,085.7: about 2,085 hours, which would reach it.
    assert _sentences(pastors_target, D(2026, 9, 22)) == [
        "Street Pastors: 1,000 of 2,000 hours, 50% at 48% of the funded period.",
        "37 hours a week are needed from 23 September 2026 to reach its target, against 40 hours a week so far.",
        "At 40 hours a week so far, about 2,085 hours by 31 March 2027, which would reach its target: "
        "a straight line from the weeks so far, not a forecast.",
    ]


@pytest.mark.django_db
def test_after_the_end_the_patrols_after_it_do_not_count(world, pastors_target):
    assert _sentences(pastors_target, D(2027, 4, 2)) == [
        "Street Pastors: 1,000 of 2,000 hours, 50% at 100% of the funded period.",
        "The funded period ended 1,000 hours short of its target.",
    ]


@pytest.mark.django_db
def test_the_programme_page_shows_each_organisations_progress(client, world, pastors_target):
    client.force_login(world.users["manager"])
    page = client.get(reverse("rota:compliance")).content.decode()
    assert "Street Pastors: " in page and "of 2,000 hours" in page


@pytest.mark.django_db
def test_set_changed_and_cleared_each_audited(world, programme):
    manager, pastors = world.users["manager"], _organisation(world, "partner_on")
    target_services.organisation_target_set(actor=manager, organisation=pastors, hours=2_000)
    target_services.organisation_target_set(actor=manager, organisation=pastors, hours=2_500)
    assert OrganisationTarget.objects.get().hours == 2_500
    target_services.organisation_target_set(actor=manager, organisation=pastors, hours=None)
    assert not OrganisationTarget.objects.exists()
    changes = [
        e.changes["hours"]
        for e in Event.objects.filter(action="target.organisation_set").order_by("sequence")
    ]
    assert changes == [[None, 2_000], [2_000, 2_500], [2_500, None]]


@pytest.mark.django_db
def test_the_shares_may_not_exceed_the_programmes_hours(world, programme):
    manager = world.users["manager"]
    target_services.organisation_target_set(
        actor=manager, organisation=_organisation(world, "partner_on"), hours=12_000
    )
    with pytest.raises(ValidationError) as refused:
        target_services.organisation_target_set(
            actor=manager, organisation=_organisation(world, "owner"), hours=1_001
        )
    assert "13,001, more than the programme's 13,000" in str(refused.value)
    assert OrganisationTarget.objects.count() == 1


@pytest.mark.django_db
def test_no_share_without_the_programmes_target(world):
    with pytest.raises(ValidationError, match="programme's funded period"):
        target_services.organisation_target_set(
            actor=world.users["manager"], organisation=_organisation(world, "partner_on"), hours=10
        )


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["owner", "officer2", "partner_on", "partner_off"])
def test_only_a_manager_sets_a_share(world, programme, persona):
    with pytest.raises(Refused):
        target_services.organisation_target_set(
            actor=world.users[persona], organisation=_organisation(world, "partner_on"), hours=10
        )
    assert Event.objects.filter(action="target.organisation_set.refused").count() == 1


@pytest.mark.django_db
def test_the_page_sets_a_share_and_keeps_bad_input(client, world, programme):
    client.force_login(world.users["manager"])
    url = reverse("rota:organisation_targets")
    pastors = _organisation(world, "partner_on")
    bad = client.post(url, {"organisation": pastors.pk, "hours": "20000"})
    assert bad.status_code == 400
    assert "more than the programme" in bad.content.decode()
    assert 'value="20000"' in bad.content.decode()
    assert client.post(url, {"organisation": pastors.pk, "hours": "2000"}).status_code == 302
    assert OrganisationTarget.objects.get(organisation=pastors).hours == 2_000
    assert "Street Pastors" in client.get(url).content.decode()
