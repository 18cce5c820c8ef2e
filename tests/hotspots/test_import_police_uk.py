"""The importer on the real police.uk files, and every malformed variant refused whole."""

import csv
import gzip
import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from audit.models import Event
from hotspots import importer
from hotspots.import_services import import_police_uk_file
from hotspots.importer import ImportRefused
from hotspots.models import ImportedMonth, Incident

from .conftest import REAL_FILES

pytestmark = pytest.mark.django_db


def rows_in(path):
    """Data rows and rows without coordinates, counted straight from the file."""
    with gzip.open(path, "rt", encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))[1:]
    return len(rows), sum(1 for row in rows if not row[4])


def test_every_real_file_imports_with_its_row_counts(real_data):
    assert len(real_data) == 5
    for path, batch in zip(REAL_FILES, real_data, strict=True):
        rows, without = rows_in(path)
        assert batch.rows == rows
        assert batch.rows_without_location == without
        assert batch.incidents.count() == rows
        assert batch.incidents.filter(longitude__isnull=True).count() == without
        assert batch.force == "Leicestershire Police"
    assert Incident.objects.count() == sum(rows_in(p)[0] for p in REAL_FILES)
    october = real_data[0]
    assert (october.month.year, october.month.month, october.rows, october.rows_without_location) == (
        2018,
        10,
        8956,
        13,
    )


def test_importing_a_month_again_replaces_it(real_data):
    total = Incident.objects.count()
    with REAL_FILES[0].open("rb") as handle:
        again = import_police_uk_file(actor=None, fileobj=handle, name=REAL_FILES[0].name)
    assert again.pk == real_data[0].pk
    assert Incident.objects.count() == total
    assert ImportedMonth.objects.count() == 5
    event = Event.objects.filter(action="incidents.import").order_by("-sequence").first()
    assert event.changes["rows"] == [8956, 8956]
    assert event.changes["replaced"] == [8956, 0]


def test_an_uncompressed_file_imports_too(db):
    text = gzip.decompress(REAL_FILES[-1].read_bytes())
    batch = import_police_uk_file(actor=None, fileobj=io.BytesIO(text), name="2019-02.csv")
    assert batch.rows == rows_in(REAL_FILES[-1])[0]


def _real_lines():
    return gzip.decompress(REAL_FILES[0].read_bytes()).decode("utf-8-sig").splitlines()


def _with_line(number, change):
    """The real October file with line `number` (1-based) changed."""
    lines = _real_lines()
    row = next(csv.reader([lines[number - 1]]))
    change(row)
    out = io.StringIO()
    csv.writer(out, lineterminator="").writerow(row)
    lines[number - 1] = out.getvalue()
    return "\n".join(lines).encode()


def _set(index, value):
    def change(row):
        row[index] = value

    return change


MALFORMED = {
    "wrong header": (_with_line(1, _set(4, "Lon")), 1, "header"),
    "bad month": (_with_line(2, _set(1, "2018-13")), 2, "not a month"),
    "month in another format": (_with_line(2, _set(1, "Oct 2018")), 2, "not a month"),
    "mixed months": (_with_line(500, _set(1, "2018-11")), 500, "differs"),
    "mixed forces": (_with_line(700, _set(3, "Nottinghamshire Police")), 700, "one force"),
    "longitude not a number": (_with_line(4000, _set(4, "abc")), 4000, "'abc' is not a number"),
    "latitude out of range": (_with_line(8000, _set(5, "300")), 8000, "out of range"),
    "latitude without longitude": (_with_line(300, _set(4, "")), 300, "not both"),
    "missing column": (_with_line(1234, lambda row: row.pop()), 1234, "12 columns"),
    "empty crime type": (_with_line(42, _set(9, "")), 42, "crime type is empty"),
    # float() takes each of these; a police.uk coordinate is plain ASCII decimal digits.
    "underscore in a longitude": (_with_line(4001, _set(4, "-1_1")), 4001, "'-1_1' is not a number"),
    "full-width digits": (_with_line(4002, _set(5, "\uff15\uff12.\uff16")), 4002, "is not a number"),
    "exponent": (_with_line(4003, _set(4, "-1e0")), 4003, "'-1e0' is not a number"),
    "spaces round a latitude": (_with_line(4004, _set(5, " 52.6 ")), 4004, "is not a number"),
    "infinity": (_with_line(4005, _set(4, "inf")), 4005, "'inf' is not a number"),
}


@pytest.fixture
def october(db):
    with REAL_FILES[0].open("rb") as handle:
        return import_police_uk_file(actor=None, fileobj=handle, name=REAL_FILES[0].name)


@pytest.mark.parametrize("variant", list(MALFORMED))
def test_a_malformed_file_is_refused_whole_with_its_line_number(variant, october):
    data, line, reason = MALFORMED[variant]
    before = (Incident.objects.count(), list(ImportedMonth.objects.values_list("pk", "rows")))
    events = Event.objects.count()
    with pytest.raises(ImportRefused) as refused:
        import_police_uk_file(actor=None, fileobj=io.BytesIO(gzip.compress(data)), name="bad.csv.gz")
    assert refused.value.line == line
    assert str(refused.value).startswith(f"Line {line}:")
    assert reason in str(refused.value)
    # Nothing from it is kept, and the month already imported is untouched.
    assert (Incident.objects.count(), list(ImportedMonth.objects.values_list("pk", "rows"))) == before
    assert Event.objects.count() == events


def test_an_empty_file_and_a_header_only_file_are_refused(db):
    with pytest.raises(ImportRefused, match="Line 1: the file is empty"):
        import_police_uk_file(actor=None, fileobj=io.BytesIO(b""), name="empty.csv")
    header = _real_lines()[0].encode()
    with pytest.raises(ImportRefused, match="no rows"):
        import_police_uk_file(actor=None, fileobj=io.BytesIO(header), name="header.csv")
    assert not ImportedMonth.objects.exists()


def test_the_command_imports_files_and_refuses_bad_ones(db, tmp_path, capsys):
    call_command("import_police_uk", str(REAL_FILES[1]))
    assert ImportedMonth.objects.get().rows == rows_in(REAL_FILES[1])[0]
    rows = f"{rows_in(REAL_FILES[1])[0]:,}"
    assert f"Imported {rows} rows for Leicestershire Police 2018-11" in capsys.readouterr().out
    call_command("import_police_uk", str(REAL_FILES[1]))
    assert (
        f"Replaced the {rows} rows imported earlier for Leicestershire Police 2018-11"
        in capsys.readouterr().out
    )
    bad = tmp_path / "bad.csv"
    bad.write_bytes(MALFORMED["bad month"][0])
    with pytest.raises(CommandError, match="1 of 1 files were not imported"):
        call_command("import_police_uk", str(bad))
    assert "Line 2: month '2018-13'" in capsys.readouterr().err
    assert ImportedMonth.objects.count() == 1


def test_the_command_reports_an_unreadable_path_and_goes_on_to_the_next_file(db, tmp_path, capsys):
    with pytest.raises(CommandError, match="1 of 2 files were not imported"):
        call_command("import_police_uk", str(tmp_path), str(REAL_FILES[1]))
    assert f"{tmp_path}: cannot be read (Is a directory)" in capsys.readouterr().err
    assert ImportedMonth.objects.get().rows == rows_in(REAL_FILES[1])[0]


def test_the_command_refuses_an_actor_who_may_not_import_before_any_file(world, capsys):
    with pytest.raises(CommandError, match="Only administrators may import"):
        call_command("import_police_uk", str(REAL_FILES[1]), actor=world.users["partner_on"].username)
    assert not ImportedMonth.objects.exists()


def _zeros_gzipped(size: int) -> bytes:
    """A "zip bomb": gzip of `size` zero bytes, about a thousandth of its size."""
    out = io.BytesIO()
    with gzip.GzipFile(fileobj=out, mode="wb") as handle:
        chunk = bytes(1024 * 1024)
        for _ in range(size // len(chunk)):
            handle.write(chunk)
    return out.getvalue()


def test_a_small_file_that_decompresses_past_the_limit_is_refused_reading_no_further(db, monkeypatch):
    bomb = _zeros_gzipped(60 * 1024 * 1024)
    assert len(bomb) < 200 * 1024
    read = []

    class Counted(gzip.GzipFile):
        def read(self, size=-1):
            assert 0 < size <= importer.MAX_BYTES + 1  # never "the rest, however large"
            data = super().read(size)
            read.append(len(data))
            return data

    monkeypatch.setattr(importer.gzip, "GzipFile", Counted)
    with pytest.raises(ImportRefused, match="the file is larger than 50 MB"):
        import_police_uk_file(actor=None, fileobj=io.BytesIO(bomb), name="bomb.csv.gz")
    assert sum(read) == importer.MAX_BYTES + 1
    assert not ImportedMonth.objects.exists() and not Incident.objects.exists()


def test_a_compressed_file_at_the_limit_is_read_whole(db, monkeypatch):
    monkeypatch.setattr(importer, "MAX_BYTES", 64 * 1024)
    monkeypatch.setattr(importer, "GUNZIP_CHUNK", 1000)  # many chunks, the last one short
    data = gzip.decompress(REAL_FILES[0].read_bytes())[: 64 * 1024]
    assert importer._gunzip(gzip.compress(data)) == data
    with pytest.raises(ImportRefused, match="larger than 50 MB"):
        importer._gunzip(gzip.compress(data + b"x"))


def test_a_damaged_compressed_file_is_refused_with_a_message(db):
    damaged = bytearray(REAL_FILES[0].read_bytes())
    damaged[200:400] = bytes(b ^ 0x55 for b in damaged[200:400])
    with pytest.raises(ImportRefused, match="looks gzipped but cannot be decompressed"):
        import_police_uk_file(actor=None, fileobj=io.BytesIO(bytes(damaged)), name="damaged.csv.gz")


def _respelt(force: str) -> bytes:
    """The real October file with every row's force spelt `force`."""
    lines = _real_lines()
    rows = list(csv.reader(lines))
    for row in rows[1:]:
        row[3] = force
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    return out.getvalue().encode()


@pytest.mark.parametrize(
    "spelling", ["LEICESTERSHIRE POLICE", "Leicestershire Police ", " leicestershire  police"]
)
def test_a_month_imported_again_under_another_spelling_of_the_force_replaces_it(spelling, october):
    rows = october.rows
    again = import_police_uk_file(actor=None, fileobj=io.BytesIO(_respelt(spelling)), name="again.csv")
    assert again.pk == october.pk
    assert again.replaced_rows == rows
    assert ImportedMonth.objects.count() == 1
    assert Incident.objects.count() == rows  # replaced, not doubled
    assert again.force == " ".join(spelling.split())  # the latest spelling, whitespace tidied


def test_another_force_the_same_month_is_kept_beside_it(october):
    other = import_police_uk_file(
        actor=None, fileobj=io.BytesIO(_respelt("Nottinghamshire Police")), name="notts.csv"
    )
    assert other.pk != october.pk
    assert ImportedMonth.objects.count() == 2
    assert Incident.objects.count() == 2 * october.rows


def test_a_file_may_spell_its_force_two_ways(db):
    data = _with_line(700, _set(3, "LEICESTERSHIRE POLICE"))
    batch = import_police_uk_file(actor=None, fileobj=io.BytesIO(data), name="mixed.csv")
    assert batch.force == "Leicestershire Police"
