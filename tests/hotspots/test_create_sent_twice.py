"""An area or patrol form sent twice (a double click without JavaScript, a browser resend) saves
once, and the person is told so, not that the record clashes with itself."""

import json
import uuid

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from audit.models import Event
from hotspots import services
from hotspots.models import Area, PatrolLog
from hotspots.submissions import AlreadySubmitted
from tests.factories import form_token

from .conftest import TARGET

pytestmark = pytest.mark.django_db

SENT_TWICE = "That form was sent twice. It was saved once."


def area_answers(token, **overrides):
    data = {
        "name": "Humberstone Gate",
        "geometry": json.dumps(TARGET),
        "lsoa_codes": "",
        "buffer_m": "200",
        "tolerance_m": "50",
        "control_geometry": "",
        "submission": token,
    }
    data.update(overrides)
    return data


def patrol_answers(world, token, **overrides):
    data = {
        "area": world.area.pk,
        "date": "2019-01-18",
        "start_time": "22:30",
        "minutes": "15",
        "staff_count": "2",
        "kind": "foot",
        "engagements": "3",
        "arrests": "0",
        "stop_searches": "1",
        "asb_powers": "0",
        "note": "Quiet until the clubs emptied",
        "submission": token,
    }
    data.update(overrides)
    return data


@pytest.mark.parametrize("url", ["/areas/new/", "/areas/patrols/new/"])
def test_each_drawing_of_a_create_form_carries_a_new_hidden_token(world, client_for, url):
    browser = client_for(world.users["owner"])
    first, second = (form_token(browser.get(url)) for _ in range(2))
    assert first != second
    page = browser.get(url).content.decode()
    assert 'type="hidden" name="submission"' in page
    assert 'for="id_submission"' not in page


def test_an_area_form_sent_twice_makes_one_area_and_says_so(world, client_for):
    browser = client_for(world.users["owner"])
    data = area_answers(form_token(browser.get("/areas/new/")))
    first = browser.post("/areas/new/", data)
    area = Area.objects.get(name="Humberstone Gate")
    assert first["Location"] == f"/areas/{area.pk}/"
    second = browser.post("/areas/new/", data, follow=True)
    page = second.content.decode()
    assert second.redirect_chain[-1][0] == f"/areas/{area.pk}/"
    assert SENT_TWICE in page and "An area with this name already exists" not in page
    assert Area.objects.filter(name="Humberstone Gate").count() == 1
    assert Event.objects.filter(action="area.create").count() == 1


def test_a_used_token_with_new_answers_is_no_repeat(world, client_for):
    """Back to a page that carried a used token: new answers are saved, or refused for what they are."""
    browser = client_for(world.users["owner"])
    token = form_token(browser.get("/areas/new/"))
    assert browser.post("/areas/new/", area_answers(token)).status_code == 302
    assert browser.post("/areas/new/", area_answers(token, name="Belgrave Gate")).status_code == 302
    assert Area.objects.filter(name__in=["Humberstone Gate", "Belgrave Gate"]).count() == 2
    taken = browser.post("/areas/new/", area_answers(token, name="Humberstone Gate", buffer_m="300"))
    assert taken.status_code == 400
    page = taken.content.decode()
    assert "An area with this name already exists" in page and 'href="#id_name"' in page
    assert SENT_TWICE not in page


def test_another_persons_copy_of_the_form_is_no_repeat(world, client_for):
    token = form_token(client_for(world.users["owner"]).get("/areas/new/"))
    assert client_for(world.users["owner"]).post("/areas/new/", area_answers(token)).status_code == 302
    theirs = client_for(world.users["officer2"]).post("/areas/new/", area_answers(token))
    assert theirs.status_code == 400
    assert "An area with this name already exists" in theirs.content.decode()
    assert Area.objects.filter(name="Humberstone Gate").count() == 1


def test_a_form_without_a_token_still_saves_and_a_taken_name_is_still_refused(world, client_for):
    browser = client_for(world.users["owner"])
    data = area_answers("")
    assert browser.post("/areas/new/", data).status_code == 302
    again = browser.post("/areas/new/", data)
    assert again.status_code == 400
    assert "An area with this name already exists" in again.content.decode()


def test_the_service_names_the_area_the_first_sending_made(world):
    owner, token = world.users["owner"], uuid.uuid4()

    def create():
        return services.area_create(
            actor=owner, name="Humberstone Gate", geometry_value=TARGET, submission=token
        )

    area = create()
    with pytest.raises(AlreadySubmitted) as repeat:
        create()
    assert repeat.value.area_id == area.pk
    with pytest.raises(ValidationError, match="An area with this name already exists"):
        services.area_create(actor=owner, name="humberstone gate ", geometry_value=TARGET)


def test_a_patrol_form_sent_twice_logs_one_patrol_and_says_so(world, client_for):
    browser = client_for(world.users["owner"])
    data = patrol_answers(world, form_token(browser.get("/areas/patrols/new/")))
    assert browser.post("/areas/patrols/new/", data)["Location"] == reverse("hotspots:patrol_list")
    second = browser.post("/areas/patrols/new/", data, follow=True)
    page = second.content.decode()
    assert second.redirect_chain[-1][0] == reverse("hotspots:patrol_list")
    assert SENT_TWICE in page and "already logged this visit" not in page
    assert PatrolLog.objects.count() == 1
    assert Event.objects.filter(action="patrol.log").count() == 1


def test_the_same_visit_logged_again_on_a_new_form_is_still_refused(world, client_for):
    browser = client_for(world.users["owner"])
    for _ in range(2):
        response = browser.post(
            "/areas/patrols/new/", patrol_answers(world, form_token(browser.get("/areas/patrols/new/")))
        )
    assert response.status_code == 400
    assert "Your organisation has already logged this visit" in response.content.decode()
    assert PatrolLog.objects.count() == 1
