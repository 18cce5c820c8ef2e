"""manage.py plan_report: the batch export, police or partner version, recorded as a disclosure."""

import io

import pypdf
import pytest
from django.core.management import CommandError, call_command

from audit.models import Event


def text(path) -> str:
    return "\n".join(p.extract_text() for p in pypdf.PdfReader(path).pages)


def test_it_writes_the_police_version_and_records_a_batch_disclosure(world, tmp_path):
    out = tmp_path / "report.pdf"
    stdout = io.StringIO()
    call_command("plan_report", world.plan.reference, "--out", str(out), stdout=stdout)
    content = text(out)
    assert world.plan.reference in content
    assert "POLICE-ONLY-INTEL" in content
    assert "Wrote" in stdout.getvalue()
    event = Event.objects.get(action="report.export")
    assert event.actor is None
    assert event.reason == "batch"
    assert event.plan_id == world.plan.pk
    assert event.changes["kind"] == [None, "plan-pdf"]
    assert event.police_only is True  # as the web export records a police version
    assert [p.name for p in tmp_path.iterdir()] == ["report.pdf"]  # nothing partial left


def test_a_file_it_cannot_write_records_no_disclosure(world, tmp_path):
    out = tmp_path / "missing-folder" / "report.pdf"
    with pytest.raises(CommandError, match="Could not write .*No such file or directory"):
        call_command("plan_report", world.plan.reference, "--out", str(out))
    assert not Event.objects.filter(action="report.export").exists()
    (tmp_path / "taken").mkdir()  # a folder where the file should go: the move fails
    with pytest.raises(CommandError, match="Could not write"):
        call_command("plan_report", world.plan.reference, "--out", str(tmp_path / "taken"))
    assert not Event.objects.filter(action="report.export").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["taken"]


def test_it_writes_the_partner_version_for_an_organisation_on_the_plan(world, tmp_path, pastors_org):
    out = tmp_path / "partner.pdf"
    call_command("plan_report", world.plan.reference, "--out", str(out), "--partner", pastors_org.name)
    content = text(out)
    assert world.plan.reference in content
    assert "POLICE-ONLY" not in content
    event = Event.objects.get(action="report.export")
    assert event.changes["kind"] == [None, "plan-pdf-partner"]
    assert event.changes["recipient"] == [None, pastors_org.name]
    assert event.police_only is False


def test_it_refuses_an_organisation_not_on_the_plan(world, tmp_path, wardens_org):
    out = tmp_path / "no.pdf"
    with pytest.raises(CommandError, match="not a partner"):
        call_command("plan_report", world.plan.reference, "--out", str(out), "--partner", wardens_org.slug)
    assert not out.exists()
    assert not Event.objects.filter(action="report.export").exists()


def test_it_refuses_an_unknown_reference(world, tmp_path):
    with pytest.raises(CommandError, match="No plan"):
        call_command("plan_report", "PSP-NOPE", "--out", str(tmp_path / "x.pdf"))
