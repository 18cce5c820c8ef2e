"""Two requests at the same moment (PostgreSQL row locks): a create form sent twice at once makes
one record, and two saves of the same version of an area or patrol save one."""

import datetime
import uuid

import pytest

from audit.models import Event
from hotspots import patrol_services, services
from hotspots.models import Area, PatrolLog
from hotspots.submissions import AlreadySubmitted
from tests.factories import make_patrol
from tests.plans.test_plan_concurrency import race

from .conftest import TARGET

pytestmark = [pytest.mark.postgres_only, pytest.mark.django_db(transaction=True)]


def test_the_same_area_form_sent_twice_at_once_makes_one_area(world):
    """The repeat is recognised before the name check: the second sending, whenever the first
    commits, is told it was saved once, never that the name it gave is taken. A race is won or
    lost by timing, so it is run 50 times; each must make one area."""
    owner = world.users["owner"]
    for attempt in range(50):
        token, name = uuid.uuid4(), f"Sent twice {attempt}"

        def send(token=token, name=name):
            return services.area_create(actor=owner, name=name, geometry_value=TARGET, submission=token)

        results = race(send, send)
        made = [r for r in results if isinstance(r, Area)]
        repeats = [r for r in results if isinstance(r, AlreadySubmitted)]
        assert len(made) == 1 and len(repeats) == 1, (attempt, results)
        assert repeats[0].area_id == made[0].pk
        assert Area.objects.filter(name=name).count() == 1
    assert Event.objects.filter(action="area.create").count() == 50


def test_two_new_areas_of_one_name_at_once_make_one_and_refuse_the_other_by_name(world):
    from django.core.exceptions import ValidationError

    def send(user):
        return lambda: services.area_create(actor=user, name="Same name", geometry_value=TARGET)

    results = race(send(world.users["owner"]), send(world.users["officer2"]))
    assert sum(isinstance(r, Area) for r in results) == 1, results
    refused = next(r for r in results if isinstance(r, ValidationError))
    assert refused.message_dict == {"name": ["An area with this name already exists"]}


def test_two_saves_of_one_version_of_an_area_save_one(world):
    def save(user, buffer_m):
        return lambda: services.area_update(
            actor=user,
            area=Area.objects.get(pk=world.area.pk),
            name="Clock Tower",
            geometry_value=world.area.geometry,
            buffer_m=buffer_m,
            version=1,
        )

    results = race(save(world.users["owner"], 300), save(world.users["officer2"], 500))
    saved = [r for r in results if isinstance(r, Area)]
    conflicts = [r for r in results if isinstance(r, services.EditConflict)]
    assert len(saved) == 1 and len(conflicts) == 1, results
    assert conflicts[0].changed == ["buffer_m"] and conflicts[0].version == 2
    area = Area.objects.get(pk=world.area.pk)
    assert (area.buffer_m, area.version) == (saved[0].buffer_m, 2)


def test_the_same_patrol_form_sent_twice_at_once_logs_one_patrol(world):
    owner, token = world.users["owner"], uuid.uuid4()

    def send():
        return patrol_services.patrol_log(
            actor=owner,
            area=world.area,
            date=datetime.date(2019, 1, 18),
            start_time=datetime.time(22, 30),
            minutes=15,
            kind=PatrolLog.Kind.FOOT,
            submission=token,
        )

    results = race(send, send)
    assert sum(isinstance(r, PatrolLog) for r in results) == 1, results
    assert sum(isinstance(r, AlreadySubmitted) for r in results) == 1, results
    assert PatrolLog.objects.count() == 1


def test_two_saves_of_one_version_of_a_patrol_save_one(world):
    patrol = make_patrol(area=world.area, logged_by=world.users["owner"], kind=PatrolLog.Kind.FOOT)

    def save(user, staff_count):
        return lambda: patrol_services.patrol_update(
            actor=user, patrol=PatrolLog.objects.get(pk=patrol.pk), staff_count=staff_count, version=1
        )

    results = race(save(world.users["owner"], 3), save(world.users["officer2"], 5))
    assert sum(isinstance(r, PatrolLog) for r in results) == 1, results
    assert sum(isinstance(r, services.EditConflict) for r in results) == 1, results
    assert PatrolLog.objects.get(pk=patrol.pk).version == 2
