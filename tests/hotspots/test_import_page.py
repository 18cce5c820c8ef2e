import gzip

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from audit.models import Event
from hotspots.models import ImportedMonth, Incident

from .conftest import REAL_FILES

pytestmark = pytest.mark.django_db


def upload(name, data):
    return {"file": SimpleUploadedFile(name, data, content_type="application/octet-stream")}


def test_an_administrator_imports_a_month(admin_user, client_for):
    client = client_for(admin_user)
    response = client.post("/areas/import/", upload(REAL_FILES[4].name, REAL_FILES[4].read_bytes()))
    assert response.status_code == 302
    batch = ImportedMonth.objects.get()
    assert (batch.month.isoformat(), batch.rows, batch.rows_without_location) == ("2019-02-01", 8136, 371)
    assert batch.imported_by == admin_user
    event = Event.objects.get(action="incidents.import")
    assert event.actor == admin_user and event.changes["rows"] == [None, 8136]
    page = client.get("/areas/import/").content.decode()
    assert "Imported 8,136 rows" in page and "February 2019" in page


def test_a_malformed_upload_is_refused_with_the_line_and_nothing_kept(admin_user, client_for):
    text = gzip.decompress(REAL_FILES[4].read_bytes()).decode("utf-8-sig").splitlines()
    text[6] = text[6].replace("-1.", "abc", 1)
    response = client_for(admin_user).post("/areas/import/", upload("bad.csv", "\n".join(text).encode()))
    assert response.status_code == 400
    page = response.content.decode()
    assert "There is a problem" in page
    assert "The file was not imported. Line 7: longitude" in page
    assert not ImportedMonth.objects.exists() and not Incident.objects.exists()


def test_a_file_of_the_wrong_kind_is_refused(admin_user, client_for):
    response = client_for(admin_user).post("/areas/import/", upload("crimes.xlsx", b"PK"))
    assert response.status_code == 400
    assert "The file must be a .csv or .csv.gz file" in response.content.decode()


@pytest.mark.parametrize("persona", ["owner", "officer2", "manager", "partner_on", "partner_off"])
def test_only_administrators_import(world, client_for, persona):
    client = client_for(world.users[persona])
    assert client.get("/areas/import/").status_code == 403
    assert (
        client.post("/areas/import/", upload(REAL_FILES[4].name, REAL_FILES[4].read_bytes())).status_code
        == 403
    )
    assert not ImportedMonth.objects.exists()
