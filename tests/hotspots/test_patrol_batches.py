"""Patrols from a spreadsheet: every row checked as the patrol form checks it, the file saved whole
as one audited batch or not at all, and undone whole by its uploader within 7 days."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from audit.models import Event
from hotspots import batch_services
from hotspots.batch_models import PatrolBatch
from hotspots.models import Area, PatrolLog
from hotspots.patrol_batches import BatchRefused
from partners.refusals import Refused
from tests.factories import make_patrol
from tests.world import SQUARE

pytestmark = pytest.mark.django_db

HEADER = "area,date,start_time,minutes,kind,staff_count,engagements,arrests,stop_searches,asb_powers,note\r\n"
GOOD = [
    "Clock Tower,18/01/2019,23:00,45,partner,2,3,0,0,0,Quiet\r\n",
    "Clock Tower,2019-01-19,22:30,30,Partner patrol,,,,,,\r\n",
    "clock tower,19/1/2019,23:30,15,foot,1,0,0,0,0,\r\n",
]


def sheet(*rows: str) -> bytes:
    return (HEADER + "".join(rows)).encode()


def upload(client, content: bytes, name: str = "january.csv"):
    return client.post(
        "/areas/patrols/batches/upload/", {"file": SimpleUploadedFile(name, content, content_type="text/csv")}
    )


def test_a_valid_file_saves_every_row_in_one_batch_and_one_event(world, client_for):
    partner = world.users["partner_on"]
    client = client_for(partner)  # its sign-in event first
    before = Event.objects.count()
    response = upload(client, sheet(*GOOD))
    batch = PatrolBatch.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/areas/patrols/batches/{batch.pk}/"
    patrols = PatrolLog.objects.order_by("date", "start_time")
    assert [(p.date, p.start_time, p.minutes, p.kind, p.staff_count, p.engagements) for p in patrols] == [
        (datetime.date(2019, 1, 18), datetime.time(23, 0), 45, "partner", 2, 3),
        (datetime.date(2019, 1, 19), datetime.time(22, 30), 30, "partner", 1, 0),
        (datetime.date(2019, 1, 19), datetime.time(23, 30), 15, "foot", 1, 0),
    ]
    assert {p.batch_id for p in patrols} == {batch.pk}
    assert {p.organisation for p in patrols} == {partner.memberships.get().organisation}
    assert (batch.rows, batch.source, batch.uploaded_by, batch.source_name) == (
        3,
        "spreadsheet",
        partner,
        "january.csv",
    )
    events = Event.objects.order_by("sequence")[before:]
    assert [(e.action, e.target_id) for e in events] == [("patrol.batch_upload", str(batch.pk))]
    assert events[0].changes["rows"] == [None, 3]
    assert events[0].changes["batch_areas"] == [None, ["Clock Tower"]]
    page = client_for(partner).get(response["Location"]).content.decode()
    assert "Undo this batch" in page and "3 patrols from january.csv logged" in page


def test_one_bad_row_refuses_the_file_with_its_message_and_saves_nothing(world, client_for):
    tomorrow = (timezone.localdate() + datetime.timedelta(days=1)).strftime("%d/%m/%Y")
    client = client_for(world.users["partner_on"])
    before = Event.objects.count()
    response = upload(
        client,
        sheet(GOOD[0], f"Clock Tower,{tomorrow},23:00,45,partner,2,3,0,0,0,\r\n", GOOD[1]),
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "govuk-error-summary" in page
    assert "Row 3, column B (date): The date of the patrol must be today or in the past" in page
    assert "Row 2" not in page and "Row 4" not in page
    assert PatrolLog.objects.count() == 0 and PatrolBatch.objects.count() == 0
    assert Event.objects.count() == before


@pytest.mark.parametrize(
    ("row", "column", "message"),
    [
        ("Clock Tower,31/02/2019,23:00,45,partner", "B (date)", "Date of the patrol must be a real date"),
        (
            "Clock Tower,18/01/2019,25:00,45,partner",
            "C (start_time)",
            "Enter the start time as hours:minutes",
        ),
        # The hour the clocks skip, as the patrol form says it.
        (
            "Clock Tower,31/03/2019,01:30,45,partner",
            "C (start_time)",
            "01:30 did not happen on 31 March 2019",
        ),
        ("Clock Tower,18/01/2019,23:00,0,partner", "D (minutes)", "Minutes in the area must be 1 or more"),
        ("Clock Tower,18/01/2019,23:00,45,gps", "E (kind)", "'gps' is not a kind of patrol"),
        ("Haymarket,18/01/2019,23:00,45,partner", "A (area)", "'Haymarket' is not an area your organisation"),
        ("Clock Tower,18/01/1999,23:00,45,partner", "B (date)", "must be 1 January 2000 or later"),
    ],
)
def test_each_problem_is_named_by_row_and_column(world, row, column, message):
    with pytest.raises(BatchRefused) as refused:
        batch_services.patrol_batch_upload(
            actor=world.users["partner_on"], content=sheet(GOOD[0], row), name="x.csv"
        )
    [error] = refused.value.errors
    assert str(error).startswith(f"Row 3, column {column}: ")
    assert message in str(error)
    assert PatrolLog.objects.count() == 0


def test_a_partners_file_recording_an_arrest_is_refused_as_the_single_form_refuses_it(world):
    # Arrests and stop and search are police powers (hotspots.patrol_powers): a partner's
    # spreadsheet is held to the rule its single patrol form is.
    with pytest.raises(BatchRefused) as refused:
        batch_services.patrol_batch_upload(
            actor=world.users["partner_on"],
            content=sheet(GOOD[0], "Clock Tower,18/01/2019,23:30,45,partner,2,0,1,0,0,\r\n"),
            name="x.csv",
        )
    [error] = refused.value.errors
    assert str(error).startswith("Row 3, column ")
    assert "only police do" in str(error)
    assert PatrolLog.objects.count() == 0
    # The police record them.
    batch = batch_services.patrol_batch_upload(
        actor=world.users["owner"],
        content=sheet("Clock Tower,18/01/2019,23:30,45,foot,2,0,1,0,0,\r\n"),
        name="x.csv",
    )
    assert batch.patrols.get().arrests == 1


def test_a_visit_twice_in_the_file_is_refused_on_its_second_row(world):
    with pytest.raises(BatchRefused) as refused:
        batch_services.patrol_batch_upload(
            actor=world.users["partner_on"], content=sheet(GOOD[0], GOOD[1], GOOD[0]), name="x.csv"
        )
    assert [str(e) for e in refused.value.errors] == [
        "Row 4, column C (start_time): This visit is on row 2 too (the same kind, area, date and start "
        "time): give it one row, with everyone on it in its staff count"
    ]


def test_a_visit_logged_already_is_refused_with_the_single_forms_message(world):
    partner = world.users["partner_on"]
    make_patrol(
        area=world.area, logged_by=partner, date=datetime.date(2019, 1, 19), start_time=datetime.time(22, 30)
    )
    with pytest.raises(BatchRefused) as refused:
        batch_services.patrol_batch_upload(actor=partner, content=sheet(*GOOD), name="x.csv")
    [error] = refused.value.errors
    assert str(error) == (
        "Row 3, column C (start_time): Your organisation has already logged this visit: partner patrol in "
        "Clock Tower on 19 January 2019 at 22:30. Change that record (add to its staff count) rather than "
        "logging the visit again"
    )
    assert PatrolLog.objects.count() == 1 and PatrolBatch.objects.count() == 0
    # Another organisation's record of the same visit is not this one's.
    batch = batch_services.patrol_batch_upload(actor=world.users["owner"], content=sheet(*GOOD), name="x.csv")
    assert batch.patrols.count() == 3


def test_a_partner_logs_only_in_its_plans_areas(world):
    Area.objects.create(name="Haymarket", geometry=SQUARE)
    rows = sheet(GOOD[0], "Haymarket,18/01/2019,23:00,45,partner\r\n")
    with pytest.raises(BatchRefused) as refused:
        batch_services.patrol_batch_upload(actor=world.users["partner_on"], content=rows, name="x.csv")
    assert [e.row for e in refused.value.errors] == [3]
    with pytest.raises(BatchRefused):  # City Street Wardens have no plan in either area
        batch_services.patrol_batch_upload(
            actor=world.users["partner_off"], content=sheet(GOOD[0]), name="x.csv"
        )
    # The police log anywhere.
    assert (
        batch_services.patrol_batch_upload(actor=world.users["owner"], content=rows, name="x.csv").rows == 2
    )
    # A manager does not log patrols: refused, and the refusal recorded.
    with pytest.raises(Refused):
        batch_services.patrol_batch_upload(actor=world.users["manager"], content=rows, name="x.csv")
    assert Event.objects.filter(action="patrol.batch_upload.refused", actor=world.users["manager"]).exists()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"area,date\r\nClock Tower,18/01/2019\r\n", "start_time, minutes, kind are missing"),
        (HEADER.encode(), "The file has no rows below its header"),
        (
            "area,date,start_time,minutes,kind\r\nCaf\u00e9,18/01/2019,23:00,45,foot\r\n".encode("latin-1"),
            "UTF-8",
        ),
    ],
)
def test_a_file_not_in_the_templates_shape_is_refused_whole(world, content, message):
    with pytest.raises(BatchRefused) as refused:
        batch_services.patrol_batch_upload(actor=world.users["partner_on"], content=content, name="x.csv")
    assert message in str(refused.value)


def test_the_template_is_the_header_and_an_example_row_in_the_users_area(world, client_for):
    response = client_for(world.users["partner_on"]).get("/areas/patrols/batches/template.csv")
    lines = response.content.decode().splitlines()
    assert lines[0] == HEADER.strip()
    assert lines[1].startswith("Clock Tower,")
    assert response["Content-Disposition"] == 'attachment; filename="patrols-template.csv"'


def _batch_of(world, user, content=None):
    return batch_services.patrol_batch_upload(actor=user, content=content or sheet(*GOOD), name="january.csv")


def test_undo_removes_exactly_that_batch_with_one_event(world, client_for):
    partner = world.users["partner_on"]
    single = make_patrol(area=world.area, logged_by=partner, date=datetime.date(2019, 2, 1))
    batch = _batch_of(world, partner)
    other = _batch_of(world, partner, sheet("Clock Tower,20/01/2019,23:00,45,partner\r\n"))
    client = client_for(partner)
    before = Event.objects.count()
    response = client.post(f"/areas/patrols/batches/{batch.pk}/undo/")
    assert response.status_code == 302
    assert set(PatrolLog.objects.values_list("pk", flat=True)) == {
        single.pk,
        *other.patrols.values_list("pk", flat=True),
    }
    events = list(Event.objects.order_by("sequence")[before:])
    assert [(e.action, e.target_id) for e in events] == [("patrol.batch_undo", str(batch.pk))]
    assert events[0].changes["rows"] == [3, None]
    batch.refresh_from_db()
    assert batch.undone_at is not None and batch.undone_by == partner
    # Undone once: a second undo is refused, and nothing else goes.
    with pytest.raises(Refused):
        batch_services.patrol_batch_undo(actor=partner, batch=batch)
    assert PatrolLog.objects.count() == 2


def test_undo_by_someone_else_is_refused_and_recorded(world, client_for):
    batch = _batch_of(world, world.users["partner_on"])
    response = client_for(world.users["owner"]).post(f"/areas/patrols/batches/{batch.pk}/undo/")
    assert response.status_code == 403
    assert b"Only the person who uploaded a batch may undo it." in response.content
    assert Event.objects.filter(action="patrol.batch_undo.refused", actor=world.users["owner"]).exists()
    # Another partner does not see it at all.
    assert (
        client_for(world.users["partner_off"]).post(f"/areas/patrols/batches/{batch.pk}/undo/").status_code
        == 404
    )
    assert PatrolLog.objects.count() == 3


def test_undo_after_seven_days_is_refused(world, client_for):
    partner = world.users["partner_on"]
    batch = _batch_of(world, partner)
    PatrolBatch.objects.filter(pk=batch.pk).update(
        uploaded_at=timezone.now() - datetime.timedelta(days=7, seconds=1)
    )
    batch.refresh_from_db()
    with pytest.raises(Refused, match="within 7 days"):
        batch_services.patrol_batch_undo(actor=partner, batch=batch)
    assert PatrolLog.objects.count() == 3
    page = client_for(partner).get(f"/areas/patrols/batches/{batch.pk}/").content.decode()
    assert "Undo this batch" not in page
    # Just inside the seven days it may still be undone.
    PatrolBatch.objects.filter(pk=batch.pk).update(
        uploaded_at=timezone.now() - datetime.timedelta(days=6, hours=23)
    )
    batch.refresh_from_db()
    batch_services.patrol_batch_undo(actor=partner, batch=batch)
    assert PatrolLog.objects.count() == 0


def test_batches_are_listed_to_the_police_and_their_own_organisation(world, client_for):
    _batch_of(world, world.users["partner_on"])
    assert b"january.csv" in client_for(world.users["manager"]).get("/areas/patrols/batches/").content
    assert b"january.csv" in client_for(world.users["partner_on"]).get("/areas/patrols/batches/").content
    assert b"january.csv" not in client_for(world.users["partner_off"]).get("/areas/patrols/batches/").content


def test_the_patrol_page_links_to_the_uploads(world, client_for):
    officer = client_for(world.users["owner"]).get("/areas/patrols/").content.decode()
    assert "/areas/patrols/batches/upload/" in officer and "/areas/patrols/batches/gps/" in officer
    partner = client_for(world.users["partner_on"]).get("/areas/patrols/").content.decode()
    assert "/areas/patrols/batches/upload/" in partner and "/areas/patrols/batches/gps/" not in partner


def test_the_single_patrol_form_does_not_offer_gps(world, client_for):
    page = client_for(world.users["owner"]).get("/areas/patrols/new/").content.decode()
    assert 'value="foot"' in page and 'value="gps"' not in page


def _workbook(rows) -> bytes:
    import io

    from openpyxl import Workbook

    book = Workbook()
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_an_excel_workbook_is_read_as_excel_wrote_it(world):
    content = _workbook(
        [
            ["area", "date", "start_time", "minutes", "kind", "staff_count"],
            ["Clock Tower", datetime.datetime(2019, 1, 18), datetime.time(23, 0), 45, "Partner patrol", 2.0],
            ["Clock Tower", "19/01/2019", "22:30", 30, "partner", None],
        ]
    )
    batch = batch_services.patrol_batch_upload(
        actor=world.users["partner_on"], content=content, name="jan.xlsx"
    )
    assert sorted((p.date, p.start_time, p.minutes, p.staff_count) for p in batch.patrols.all()) == [
        (datetime.date(2019, 1, 18), datetime.time(23, 0), 45, 2),
        (datetime.date(2019, 1, 19), datetime.time(22, 30), 30, 1),
    ]


def test_a_bad_row_in_a_workbook_is_named_as_in_a_csv(world):
    content = _workbook(
        [
            ["area", "date", "start_time", "minutes", "kind"],
            ["Clock Tower", datetime.datetime(2019, 1, 18), datetime.time(23, 0), 45, "partner"],
            ["Clock Tower", datetime.datetime(2019, 1, 18), datetime.time(23, 30), 2000, "partner"],
        ]
    )
    with pytest.raises(BatchRefused) as refused:
        batch_services.patrol_batch_upload(actor=world.users["partner_on"], content=content, name="jan.xlsx")
    assert [str(e) for e in refused.value.errors] == [
        "Row 3, column D (minutes): Minutes in the area must be 1440 or fewer"
    ]
    with pytest.raises(BatchRefused, match="not an Excel workbook"):
        batch_services.patrol_batch_upload(
            actor=world.users["partner_on"], content=b"PK not a zip", name="x.xlsx"
        )
    assert PatrolLog.objects.count() == 0


def test_the_excel_template_reads_back_as_its_own_example(world, client_for):
    from hotspots.patrol_batches import read_rows

    response = client_for(world.users["partner_on"]).get("/areas/patrols/batches/template.xlsx")
    assert response["Content-Disposition"] == 'attachment; filename="patrols-template.xlsx"'
    [(number, row)] = read_rows(response.content, xlsx=True)
    assert (number, row["area"], row["start_time"], row["kind"]) == (2, "Clock Tower", "22:30", "foot")


def test_a_file_with_many_problems_lists_twenty_in_the_summary_and_all_in_the_table(world, client_for):
    rows = [f"Clock Tower,18/01/2019,23:{m:02d},0,partner\r\n" for m in range(25)]
    page = upload(client_for(world.users["partner_on"]), sheet(*rows)).content.decode()
    summary = page.split('class="govuk-error-summary"')[1].split("</ul>")[0]
    assert summary.count("<li>") == 21 and "And 5 more problems: every one is in the table" in summary
    table = page.split('id="row-problems"')[1].split("</table>")[0]
    assert table.count("Minutes in the area must be 1 or more") == 25


def test_the_upload_form_sent_twice_logs_its_patrols_once_and_says_so(world, client_for):
    # The second sending carries the first's one-time token: it is told the file was saved once,
    # not refused row by row as visits logged already.
    client = client_for(world.users["partner_on"])
    page = client.get("/areas/patrols/batches/upload/").content.decode()
    token = page.split('name="submission" value="')[1].split('"')[0]

    def send():
        return client.post(
            "/areas/patrols/batches/upload/",
            {
                "submission": token,
                "file": SimpleUploadedFile("jan.csv", sheet(*GOOD), content_type="text/csv"),
            },
        )

    assert send().status_code == 302
    again = send()
    assert again.status_code == 302 and again["Location"] == "/areas/patrols/batches/"
    assert PatrolBatch.objects.count() == 1 and PatrolLog.objects.count() == 3
    followed = client.get(again["Location"]).content.decode()
    assert "saved once" in followed or "sent twice" in followed.lower()
