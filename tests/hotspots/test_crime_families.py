"""Crime families: administrators change them through audited services, from the admin site too."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils.html import escape

from audit.models import Event
from hotspots import services
from hotspots.models import CRIME_TYPES_MESSAGE, HEADLINE_FAMILIES, CrimeFamily

pytestmark = pytest.mark.django_db


def _events(action):
    return Event.objects.filter(action=action)


def test_an_administrator_creates_a_family_with_each_crime_type_once(admin_user):
    family = services.crime_family_create(
        actor=admin_user,
        name=" Night-time economy ",
        slug="night-time-economy",
        crime_types=["Public order", " Drugs", "Public order"],
    )
    family.refresh_from_db()
    assert (family.name, family.crime_types) == ("Night-time economy", ["Public order", "Drugs"])
    event = _events("crimefamily.create").get()
    assert event.actor == admin_user
    assert event.changes["crime_types"] == [None, ["Public order", "Drugs"]]


def test_a_change_records_only_what_changed(admin_user):
    family = CrimeFamily.objects.get(slug="asb")
    services.crime_family_update(
        actor=admin_user,
        family=family,
        name=family.name,
        slug="asb",
        crime_types=["Anti-social behaviour", "Drugs"],
    )
    assert CrimeFamily.objects.get(slug="asb").crime_types == ["Anti-social behaviour", "Drugs"]
    event = _events("crimefamily.update").get()
    assert event.changes == {"crime_types": [["Anti-social behaviour"], ["Anti-social behaviour", "Drugs"]]}


def test_a_deleted_family_is_kept_whole_in_its_event(admin_user):
    family = CrimeFamily.objects.create(
        name="Night-time economy", slug="nte", crime_types=["Public order", "Drugs"]
    )
    services.crime_family_delete(actor=admin_user, family=family)
    assert not CrimeFamily.objects.filter(slug="nte").exists()
    changes = _events("crimefamily.delete").get().changes
    assert changes == {
        "name": ["Night-time economy", None],
        "slug": ["nte", None],
        "crime_types": [["Public order", "Drugs"], None],
    }


@pytest.mark.parametrize("slug", HEADLINE_FAMILIES)
def test_the_headline_families_stay_and_keep_their_slug(admin_user, slug):
    family = CrimeFamily.objects.get(slug=slug)
    with pytest.raises(ValidationError, match="cannot be removed"):
        services.crime_family_delete(actor=admin_user, family=family)
    with pytest.raises(ValidationError) as error:
        services.crime_family_update(
            actor=admin_user, family=family, name=family.name, slug="renamed", crime_types=family.crime_types
        )
    assert "its slug stays" in error.value.message_dict["slug"][0]
    assert CrimeFamily.objects.get(pk=family.pk).slug == slug
    renamed = services.crime_family_update(
        actor=admin_user, family=family, name="Violence", slug=slug, crime_types=["Robbery"]
    )
    assert (renamed.name, renamed.crime_types) == ("Violence", ["Robbery"])


@pytest.mark.parametrize("persona", ["manager", "officer", "pastors"])
def test_only_administrators_change_families(request, persona):
    actor = request.getfixturevalue(persona)
    family = CrimeFamily.objects.get(slug="asb")
    with pytest.raises(PermissionDenied):
        services.crime_family_create(actor=actor, name="Mine", slug="mine", crime_types=["Drugs"])
    with pytest.raises(PermissionDenied):
        services.crime_family_update(
            actor=actor, family=family, name="Mine", slug="asb", crime_types=["Drugs"]
        )
    with pytest.raises(PermissionDenied):
        services.crime_family_delete(actor=actor, family=family)
    assert CrimeFamily.objects.get(slug="asb").crime_types == ["Anti-social behaviour"]
    assert not CrimeFamily.objects.filter(slug="mine").exists()
    refused = _events("crimefamily.create.refused").count()
    refused += _events("crimefamily.update.refused").count() + _events("crimefamily.delete.refused").count()
    assert refused == 3


@pytest.mark.parametrize(
    "crime_types, message",
    [
        ([], "This field cannot be blank."),
        ("Robbery", CRIME_TYPES_MESSAGE),
        (["Robbery", " "], CRIME_TYPES_MESSAGE),
        (["Robbery", 3], CRIME_TYPES_MESSAGE),
        ({"a": "Robbery"}, CRIME_TYPES_MESSAGE),
    ],
)
def test_crime_types_must_be_a_list_of_names(admin_user, crime_types, message):
    with pytest.raises(ValidationError) as error:
        services.crime_family_create(actor=admin_user, name="Bad", slug="bad", crime_types=crime_types)
    assert error.value.message_dict == {"crime_types": [message]}
    assert not CrimeFamily.objects.filter(slug="bad").exists()
    assert not _events("crimefamily.create").exists()


def test_a_name_or_slug_in_use_is_refused_with_a_message_and_nothing_changes(admin_user):
    family = CrimeFamily.objects.get(slug="robbery")
    with pytest.raises(ValidationError) as error:
        services.crime_family_update(
            actor=admin_user,
            family=family,
            name="Violence, robbery and weapons",
            slug="asb",
            crime_types=["Robbery"],
        )
    assert set(error.value.message_dict) == {"name", "slug"}
    family.refresh_from_db()
    assert (family.name, family.slug) == ("Robbery", "robbery")
    assert not _events("crimefamily.update").exists()


# ---------------------------------------------------------------- the admin site


@pytest.fixture
def admin_client(client, admin_user):
    client.force_login(admin_user)
    return client


def test_the_admin_site_adds_changes_and_deletes_through_the_services(admin_client):
    response = admin_client.post(
        reverse("admin:hotspots_crimefamily_add"),
        {"name": "Night-time economy", "slug": "nte", "crime_types": '["Public order", "Drugs"]'},
    )
    assert response.status_code == 302
    family = CrimeFamily.objects.get(slug="nte")
    assert _events("crimefamily.create").get().target_id == str(family.pk)

    response = admin_client.post(
        reverse("admin:hotspots_crimefamily_change", args=[family.pk]),
        {"name": "Night-time economy", "slug": "nte", "crime_types": '["Public order"]'},
    )
    assert response.status_code == 302
    assert _events("crimefamily.update").get().changes == {
        "crime_types": [["Public order", "Drugs"], ["Public order"]]
    }

    response = admin_client.post(
        reverse("admin:hotspots_crimefamily_delete", args=[family.pk]), {"post": "yes"}
    )
    assert response.status_code == 302
    assert not CrimeFamily.objects.filter(slug="nte").exists()
    assert _events("crimefamily.delete").get().target_id == str(family.pk)


def test_deleting_several_from_the_list_writes_an_event_for_each(admin_client):
    families = list(CrimeFamily.objects.filter(slug__in=["robbery", "drugs"]))
    response = admin_client.post(
        reverse("admin:hotspots_crimefamily_changelist"),
        {"action": "delete_selected", "_selected_action": [f.pk for f in families], "post": "yes"},
    )
    assert response.status_code == 302
    assert not CrimeFamily.objects.filter(slug__in=["robbery", "drugs"]).exists()
    assert sorted(_events("crimefamily.delete").values_list("target_label", flat=True)) == [
        "Drugs",
        "Robbery",
    ]


@pytest.mark.parametrize(
    "crime_types, message",
    [
        ('["Robbery", 3]', CRIME_TYPES_MESSAGE),
        ("[]", "This field is required."),
        ("[Robbery", "Enter a valid JSON."),
    ],
)
def test_the_admin_form_says_what_is_wrong_with_the_crime_types_and_saves_nothing(
    admin_client, crime_types, message
):
    response = admin_client.post(
        reverse("admin:hotspots_crimefamily_add"), {"name": "Bad", "slug": "bad", "crime_types": crime_types}
    )
    assert response.status_code == 200
    assert escape(message) in response.content.decode()
    assert not CrimeFamily.objects.filter(slug="bad").exists()
    assert not _events("crimefamily.create").exists()


def test_the_admin_offers_no_removal_and_no_slug_for_a_headline_family(admin_client):
    family = CrimeFamily.objects.get(slug="serious-violence")
    page = admin_client.get(reverse("admin:hotspots_crimefamily_change", args=[family.pk])).content.decode()
    assert 'name="slug"' not in page
    assert reverse("admin:hotspots_crimefamily_delete", args=[family.pk]) not in page
    assert (
        admin_client.post(
            reverse("admin:hotspots_crimefamily_delete", args=[family.pk]), {"post": "yes"}
        ).status_code
        == 403
    )
    response = admin_client.post(
        reverse("admin:hotspots_crimefamily_change", args=[family.pk]),
        {"name": "Violence, robbery and weapons", "crime_types": '["Robbery"]'},
    )
    assert response.status_code == 302
    family.refresh_from_db()
    assert (family.slug, family.crime_types) == ("serious-violence", ["Robbery"])


def test_deleting_a_headline_family_from_the_list_deletes_nothing(admin_client):
    families = list(CrimeFamily.objects.filter(slug__in=["asb", "robbery"]))
    response = admin_client.post(
        reverse("admin:hotspots_crimefamily_changelist"),
        {"action": "delete_selected", "_selected_action": [f.pk for f in families], "post": "yes"},
    )
    assert response.status_code == 403  # Django refuses the whole selection
    assert CrimeFamily.objects.filter(slug__in=["asb", "robbery"]).count() == 2
    assert not _events("crimefamily.delete").exists()


def test_the_default_violence_family_is_named_for_what_it_counts(db):
    # police.uk cannot separate serious violence: the migration renamed "Serious violence".
    family = CrimeFamily.objects.get(slug="serious-violence")
    assert family.name == "Violence, robbery and weapons"
    assert family.described == (
        "Violence, robbery and weapons (police.uk: Violence and sexual offences, Robbery, Possession of weapons)"
    )
    assert family.caveat.startswith("police.uk cannot separate serious violence")
    # A family of one category named after it needs no list; other families carry no caveat.
    robbery = CrimeFamily.objects.get(slug="robbery")
    assert (robbery.described, robbery.caveat) == ("Robbery", "")
