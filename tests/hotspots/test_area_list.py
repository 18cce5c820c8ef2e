import pytest

from hotspots.models import Area

from .conftest import TARGET

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("persona", "status"),
    [("owner", 200), ("officer2", 200), ("manager", 200), ("partner_on", 403), ("partner_off", 403)],
)
def test_who_sees_the_area_list(world, client_for, persona, status):
    response = client_for(world.users[persona]).get("/areas/")
    assert response.status_code == status
    if status == 200:
        assert "Clock Tower" in response.content.decode()


def test_an_administrator_sees_the_list_and_may_add(admin_user, client_for, world):
    response = client_for(admin_user).get("/areas/")
    assert response.status_code == 200
    assert "Add an area" in response.content.decode()


def test_anonymous_is_sent_to_sign_in(client, world):
    assert client.get("/areas/").status_code == 302


def test_query_count_does_not_grow_with_areas(world, client_for, django_assert_max_num_queries):
    client = client_for(world.users["manager"])
    client.get("/areas/")
    with django_assert_max_num_queries(8):
        client.get("/areas/")
    for n in range(10):
        Area.objects.create(name=f"Area {n}", geometry=TARGET)
    with django_assert_max_num_queries(8):
        response = client.get("/areas/")
    assert "Area 9" in response.content.decode()
