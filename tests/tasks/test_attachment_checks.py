"""What may be uploaded as evidence: the kind is checked by content as well as by name."""

import pytest
from django.core.exceptions import ValidationError

from plans.attachments import MAX_BYTES, check_upload, clean_name

from ._files import BAD, GOOD, upload


@pytest.mark.parametrize("name", sorted(GOOD))
def test_each_allowed_kind_is_accepted(name):
    checked = check_upload(upload(name, GOOD[name]))
    assert checked.size == len(GOOD[name]) and len(checked.sha256) == 64


@pytest.mark.parametrize("case", sorted(BAD))
def test_a_file_whose_content_does_not_match_is_refused(case):
    name, data = BAD[case]
    with pytest.raises(ValidationError) as info:
        check_upload(upload(name, data))
    assert "PDF, PNG, JPEG, DOCX, XLSX or CSV" in " ".join(info.value.messages)


def test_an_empty_file_is_refused():
    with pytest.raises(ValidationError, match="empty"):
        check_upload(upload("log.pdf", b""))


def test_a_file_over_10_mb_is_refused():
    with pytest.raises(ValidationError, match="10 MB or smaller"):
        check_upload(upload("log.pdf", b"%PDF-" + b"0" * MAX_BYTES))


def test_a_file_of_exactly_10_mb_is_accepted():
    assert check_upload(upload("log.pdf", b"%PDF-" + b"0" * (MAX_BYTES - 5))).size == MAX_BYTES


def test_folders_in_the_name_are_dropped():
    assert clean_name("../../etc/passwd.csv") == "passwd.csv"
    assert clean_name("C:\\Users\\me\\log.pdf") == "log.pdf"
