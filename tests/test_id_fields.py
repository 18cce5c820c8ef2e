"""Ids from a browser beyond what a database holds (2^63 and up) are refused as an invalid choice,
never a server error: SQLite raises on a lookup by such a number instead of finding nothing."""

import importlib
import inspect
import pkgutil
from pathlib import Path

import pytest
from django import forms
from django.apps import apps
from django.conf import settings
from django.test import Client
from django.urls import reverse

from partners.forms import MAX_ID, ModelChoiceField, ModelMultipleChoiceField, id_from
from partners.models import Organisation

pytestmark = pytest.mark.django_db

TOO_BIG = str(2**64)
JUST_TOO_BIG = str(MAX_ID + 1)


def client_as(user) -> Client:
    client = Client(raise_request_exception=False)  # a crash reads as the 500 a user would get
    client.force_login(user)
    return client


def _form_modules():
    base = Path(settings.BASE_DIR).resolve()
    for config in apps.get_app_configs():
        if not Path(config.path).resolve().is_relative_to(base) or "site-packages" in config.path:
            continue
        for info in pkgutil.iter_modules([config.path]):
            if info.name == "forms" or info.name.endswith("_forms"):
                yield importlib.import_module(f"{config.name}.{info.name}")


def _project_forms():
    for module in _form_modules():
        for _name, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, forms.BaseForm) and cls.__module__ == module.__name__:
                yield cls


def test_the_walk_finds_the_forms_that_choose_records():
    names = {cls.__name__ for cls in _project_forms()}
    assert {"PartnerAddForm", "PatrolForm", "DetailsForm", "PlanFilterForm"} <= names


def test_every_field_choosing_a_record_refuses_out_of_range_ids():
    plain = [
        f"{cls.__module__}.{cls.__name__}.{name}"
        for cls in _project_forms()
        for name, field in cls.base_fields.items()
        if isinstance(field, forms.ModelChoiceField | forms.ModelMultipleChoiceField)
        and not isinstance(field, ModelChoiceField | ModelMultipleChoiceField)
    ]
    assert plain == [], "Use partners.forms.ModelChoiceField / ModelMultipleChoiceField: " + ", ".join(plain)


@pytest.mark.parametrize("raw", [TOO_BIG, JUST_TOO_BIG, "-" + TOO_BIG])
def test_the_shared_fields_call_it_an_invalid_choice(pastors_org, raw):
    single = ModelChoiceField(queryset=Organisation.objects.all())
    multiple = ModelMultipleChoiceField(queryset=Organisation.objects.all())
    with pytest.raises(forms.ValidationError) as one:
        single.clean(raw)
    with pytest.raises(forms.ValidationError) as many:
        multiple.clean([str(pastors_org.pk), raw])
    assert one.value.code == "invalid_choice"
    assert many.value.code == "invalid_choice"
    assert single.clean(str(pastors_org.pk)) == pastors_org  # an id in range still works


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("7", 7),
        (" 7 ", 7),
        (str(MAX_ID), MAX_ID),
        (JUST_TOO_BIG, None),
        ("-1", None),
        ("²", None),
        ("", None),
        (None, None),
    ],
)
def test_id_from_reads_only_ids_a_database_holds(raw, expected):
    assert id_from(raw) == expected


@pytest.mark.parametrize("raw", [TOO_BIG, JUST_TOO_BIG])
def test_adding_a_partner_with_an_out_of_range_id_is_an_invalid_choice(world, raw):
    response = client_as(world.users["owner"]).post(
        reverse("tasks:partner_add", kwargs={"pk": world.plan.pk}), {"organisation": raw}
    )
    assert response.status_code == 200
    assert "Choose an organisation from the list" in response.content.decode()


def test_an_out_of_range_co_owner_is_an_invalid_choice(world):
    plan = world.plan
    response = client_as(world.users["owner"]).post(
        reverse("plans:edit", kwargs={"pk": plan.pk, "section": "details"}),
        {
            "version": plan.version,
            "title": plan.title,
            "start_date": f"{plan.start_date:%Y-%m-%d}",
            "next_review_date": f"{plan.next_review_date:%Y-%m-%d}" if plan.next_review_date else "",
            "co_owners": [TOO_BIG],
        },
    )
    assert response.status_code == 200
    assert "There is a problem" in response.content.decode()
    assert "Co-owners" in response.content.decode()


def test_an_out_of_range_owner_filter_is_ignored_and_the_page_says_so(world):
    response = client_as(world.users["owner"]).get(reverse("plans:list"), {"owner": TOO_BIG})
    assert response.status_code == 200
    assert response.context["ignored_filters"] == ["Owner"]


def test_an_out_of_range_patrol_area_is_an_invalid_choice(world):
    from hotspots.patrol_forms import PatrolForm

    field = PatrolForm.base_fields["area"]
    with pytest.raises(forms.ValidationError) as refused:
        field.clean(TOO_BIG)
    assert refused.value.code == "invalid_choice"


def test_an_out_of_range_version_on_the_review_is_out_of_date(world):
    response = client_as(world.users["owner"]).post(
        reverse("plans:review", kwargs={"pk": world.plan.pk}), {"version": TOO_BIG}
    )
    assert response.status_code == 302
    world.plan.refresh_from_db()
    assert world.plan.version == 1
