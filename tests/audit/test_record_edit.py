"""audit.edits.record_edit, the one way an edit is applied, versioned and recorded."""

import datetime
from decimal import Decimal

import pytest

from audit.edits import MINE, THEIRS, EditBase, EditConflict, comparable, record_edit, seen_of
from audit.models import Event


class Record:
    """A stand-in for a locked row: fields and a version."""

    def __init__(self, **fields):
        self.version = 1
        self.__dict__.update(fields)


def edit(record, values, **kwargs):
    kwargs.setdefault("version", record.version)
    return record_edit(record, fields=["title", "note"], values=values, events=Event.objects.none(), **kwargs)


def test_one_spelling_per_value():
    assert comparable(datetime.date(2026, 12, 31)) == "2026-12-31"
    assert comparable(Decimal("40.00")) == comparable(Decimal("40")) == "40"
    assert comparable("a\r\nb") == comparable("a\nb")
    assert comparable({"type": "Polygon", "coordinates": [[1.5, 2]]}) == {
        "type": "Polygon",
        "coordinates": [[1.5, 2]],
    }


def test_a_change_moves_the_version_on_and_records_old_and_new():
    record = Record(title="Old", note="Kept")
    changes = edit(record, {"title": "New", "note": "Kept"})
    assert changes == {"title": ["Old", "New"], "version": [1, 2]}
    assert (record.title, record.version) == ("New", 2)


def test_no_change_writes_nothing_and_keeps_the_version():
    record = Record(title="Same", note="")
    assert edit(record, {"title": "Same", "note": ""}) == {}
    assert record.version == 1


@pytest.mark.django_db
def test_a_stale_version_without_a_base_is_refused_naming_every_field():
    record = Record(title="Theirs", note="")
    record.version = 2
    with pytest.raises(EditConflict) as refused:
        edit(record, {"title": "Mine", "note": ""}, version=1)
    assert (refused.value.changed, refused.value.mine, refused.value.version) == (["title", "note"], [], 2)
    assert record.title == "Theirs"


def test_a_stale_version_with_a_base_says_who_changed_what():
    record = Record(title="Seen", note="Seen")
    base = EditBase(seen=seen_of(record, ["title", "note"]))
    record.title, record.note, record.version = "Theirs", "Theirs too", 2
    with pytest.raises(EditConflict) as refused:
        edit(record, {"title": "Mine", "note": "Theirs too"}, version=1, base=base)
    assert refused.value.changed == ["title", "note"]
    assert refused.value.mine == ["title", "note"]
    assert refused.value.contested == ["title"]  # both made the same note: nothing to choose


def test_with_a_base_only_the_users_own_changes_are_written():
    record = Record(title="Seen", note="Seen")
    base = EditBase(seen=seen_of(record, ["title", "note"]))
    record.note = "Theirs"  # saved by someone else; the form still holds "Seen"
    changes = edit(record, {"title": "Mine", "note": "Seen"}, base=base)
    assert (record.title, record.note) == ("Mine", "Theirs")
    assert set(changes) == {"title", "version"}


@pytest.mark.parametrize(("choice", "title"), [(THEIRS, "Theirs"), (MINE, "Mine")])
def test_the_users_choice_decides_a_field_both_changed(choice, title):
    record = Record(title="Theirs", note="")
    base = EditBase(seen={"title": "Seen", "note": ""}, choices={"title": choice})
    edit(record, {"title": "Mine", "note": ""}, base=base)
    assert record.title == title
