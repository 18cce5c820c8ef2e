"""A police.uk file imported through the API by an administrators' client, by the page's and the
command's service (hotspots.import_services.import_police_uk_file): whole or not at all."""

import gzip

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from audit.models import Event
from hotspots.models import ImportedMonth, Incident
from tests.hotspots.conftest import REAL_FILES

pytestmark = pytest.mark.django_db

URL = "/api/v1/incidents/imports/"


def police_uk_lines(rows=30) -> list[str]:
    return gzip.decompress(REAL_FILES[0].read_bytes()).decode("utf-8-sig").splitlines()[: rows + 1]


def police_uk_file(rows=30, lines=None) -> SimpleUploadedFile:
    text = "\n".join(lines or police_uk_lines(rows)) + "\n"
    return SimpleUploadedFile("2018-10-leicestershire-street.csv", text.encode(), content_type="text/csv")


def post(client, token, data):
    return client.post(URL, data, headers={"Authorization": f"Bearer {token}"})


def test_an_administrators_client_imports_a_month_and_again_replaces_it(world, client, api_clients):
    client_row, token = api_clients["admin"]
    response = post(client, token, {"file": police_uk_file(30)})
    assert response.status_code == 201, response.content
    body = response.json()
    month = ImportedMonth.objects.get(pk=body["id"])
    assert (body["rows"], body["month"], body["replaced_rows"]) == (month.rows, "2018-10-01", None)
    assert month.imported_by == client_row.user and Incident.objects.filter(batch=month).count() == month.rows
    event = Event.objects.latest("sequence")
    assert (event.action, event.actor_id) == ("incidents.import", client_row.user.pk)
    again = post(client, token, {"file": police_uk_file(10)})
    assert again.status_code == 201 and again.json()["id"] == month.pk
    assert again.json()["replaced_rows"] == month.rows
    assert Incident.objects.filter(batch=month).count() == again.json()["rows"]


def test_a_bad_file_is_refused_whole_with_its_line(world, client, api_clients):
    lines = police_uk_lines(30)
    lines[5] = lines[5].replace("2018-10", "2018-13")
    before = Event.objects.order_by("-sequence").values_list("sequence", flat=True).first() or 0
    response = post(client, api_clients["admin"][1], {"file": police_uk_file(lines=lines)})
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["detail"].startswith("The file was not imported. Line ")
    assert response.json()["errors"]["file"] == [response.json()["detail"]]
    assert ImportedMonth.objects.count() == 0
    assert not Event.objects.filter(sequence__gt=before).exists()
    missing = post(client, api_clients["admin"][1], {})
    assert missing.status_code == 400 and "file" in missing.json()["errors"]


def test_a_read_only_administrators_client_may_not_import(world, client, personas):
    from partners.models import Organisation

    from .conftest import register

    police = Organisation.objects.get(name="Leicestershire Police")
    _, token = register(personas.admin, police, "Force reader", "administrator", ("read",))
    response = post(client, token, {"file": police_uk_file()})
    assert response.status_code == 403
    assert Event.objects.latest("sequence").action == "incidents.import.refused"
    assert ImportedMonth.objects.count() == 0


def test_only_a_police_organisation_has_an_administrators_client(world, personas):
    from django.core.exceptions import ValidationError

    from .conftest import register

    with pytest.raises(ValidationError) as refused:
        register(personas.admin, world.task.organisation, "Pastors' admin", "administrator")
    assert "role" in refused.value.message_dict
    assert reverse("api:incident_imports") == URL
