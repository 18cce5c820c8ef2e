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


def _one_row_of(path) -> bytes:
    lines = gzip.decompress(path.read_bytes()).decode("utf-8-sig").splitlines()
    return ("\n".join(lines[:2]) + "\n").encode()


def test_the_page_warns_before_upload_that_a_month_imported_again_is_replaced(admin_user, client_for):
    client = client_for(admin_user)
    page = client.get("/areas/import/").content.decode()
    assert "Importing a force-month that is already imported replaces it" in page
    assert "Nothing imported yet" in page
    client.post("/areas/import/", upload(REAL_FILES[4].name, REAL_FILES[4].read_bytes()))
    page = client.get("/areas/import/").content.decode()
    start = page.index('<div class="govuk-warning-text">')
    warning = page[start : page.index("</strong>", start)]
    assert "every row imported earlier for that month is deleted" in warning
    assert 'href="#imported-months"' in warning and 'id="imported-months"' in page
    assert "February 2019" in page  # listed under the form


def test_importing_a_month_again_says_it_replaced_the_earlier_rows(admin_user, client_for):
    client = client_for(admin_user)
    client.post("/areas/import/", upload(REAL_FILES[4].name, REAL_FILES[4].read_bytes()))
    response = client.post(
        "/areas/import/", upload("2019-02-one-row.csv", _one_row_of(REAL_FILES[4])), follow=True
    )
    page = response.content.decode()
    assert (
        "Replaced the 8,136 rows imported earlier for Leicestershire Police 2019-02 "
        "with the 1 row of this file (0 without a location)"
    ) in page
    assert "1 rows" not in page
    assert ImportedMonth.objects.get().rows == 1 and Incident.objects.count() == 1
    # And back: the one row replaced by the whole month.
    response = client.post(
        "/areas/import/", upload(REAL_FILES[4].name, REAL_FILES[4].read_bytes()), follow=True
    )
    assert (
        "Replaced the 1 row imported earlier for Leicestershire Police 2019-02" in response.content.decode()
    )


def test_a_first_import_of_one_row_says_row(admin_user, client_for):
    response = client_for(admin_user).post(
        "/areas/import/", upload("2019-02-one-row.csv", _one_row_of(REAL_FILES[4])), follow=True
    )
    page = response.content.decode()
    assert "Imported 1 row for Leicestershire Police 2019-02 (0 without a location)" in page
    assert "Replaced" not in page
