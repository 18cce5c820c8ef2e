"""scripts/audit_dependencies.py (`make audit`): what it makes of pip-audit's and npm audit's
reports. The registries' answers are canned here; `make audit` asks the real ones."""

import datetime
import importlib.util
import json
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
spec = importlib.util.spec_from_file_location(
    "audit_dependencies", ROOT / "scripts" / "audit_dependencies.py"
)
audit_dependencies = importlib.util.module_from_spec(spec)
spec.loader.exec_module(audit_dependencies)


def answer(monkeypatch, *, pip: dict, npm: dict):
    def run(command, **kwargs):
        report = npm if "audit" in command and "npm" in Path(command[0]).name else pip
        return subprocess.CompletedProcess(command, 1, stdout=json.dumps(report), stderr="")

    monkeypatch.setattr(audit_dependencies.subprocess, "run", run)
    monkeypatch.setattr(audit_dependencies, "reachable", lambda url: True)


CLEAN_PIP = {"dependencies": [{"name": "django", "version": "5.2.19", "vulns": []}], "fixes": []}
VULNERABLE_PIP = {
    "dependencies": [
        {"name": "django", "version": "5.2.19", "vulns": [{"id": "PYSEC-2099-1", "fix_versions": ["5.2.20"]}]}
    ],
    "fixes": [],
}
CLEAN_NPM = {"vulnerabilities": {}}
VULNERABLE_NPM = {
    "vulnerabilities": {
        "sass": {
            "range": "<1.200.0",
            "via": [{"url": "https://github.com/advisories/GHSA-aaaa-bbbb-cccc", "title": "Bad thing"}],
        },
        "govuk-frontend": {"range": "*", "via": ["sass"]},  # through sass: counted once, there
    }
}


@pytest.fixture
def accepted_file(tmp_path, monkeypatch):
    path = tmp_path / "accepted.txt"
    path.write_text("# none\n")
    monkeypatch.setattr(audit_dependencies, "ACCEPTED", path)
    return path


def test_nothing_known_passes(monkeypatch, accepted_file, capsys):
    answer(monkeypatch, pip=CLEAN_PIP, npm=CLEAN_NPM)
    assert audit_dependencies.main() == 0


def test_a_known_python_vulnerability_fails(monkeypatch, accepted_file, capsys):
    answer(monkeypatch, pip=VULNERABLE_PIP, npm=CLEAN_NPM)
    assert audit_dependencies.main() == 1
    assert "django 5.2.19: PYSEC-2099-1 (fixed in 5.2.20)" in capsys.readouterr().out


def test_a_known_npm_vulnerability_fails_unless_accepted_until_a_date_to_come(
    monkeypatch, accepted_file, capsys
):
    answer(monkeypatch, pip=CLEAN_PIP, npm=VULNERABLE_NPM)
    assert audit_dependencies.main() == 1
    assert "sass <1.200.0: GHSA-aaaa-bbbb-cccc Bad thing" in capsys.readouterr().out
    later = datetime.date.today() + datetime.timedelta(days=30)
    accepted_file.write_text(f"GHSA-aaaa-bbbb-cccc sass {later.isoformat()} build tool only\n")
    assert audit_dependencies.main() == 0
    earlier = datetime.date.today() - datetime.timedelta(days=1)
    accepted_file.write_text(f"GHSA-aaaa-bbbb-cccc sass {earlier.isoformat()} build tool only\n")
    assert audit_dependencies.main() == 1
    assert "past its review date" in capsys.readouterr().out


def test_an_accepted_python_vulnerability_is_passed_to_pip_audit(monkeypatch, accepted_file):
    later = (datetime.date.today() + datetime.timedelta(days=30)).isoformat()
    accepted_file.write_text(f"PYSEC-2099-1 django {later} not reachable here\n")
    seen = []
    monkeypatch.setattr(
        audit_dependencies.subprocess,
        "run",
        lambda command, **kw: (
            seen.append(command)
            or subprocess.CompletedProcess(command, 0, stdout=json.dumps(CLEAN_PIP), stderr="")
        ),
    )
    assert audit_dependencies.python_findings({"PYSEC-2099-1"}) == []
    assert seen[0][-2:] == ["--ignore-vuln", "PYSEC-2099-1"]
    assert "--require-hashes" in seen[0]


def test_registries_that_cannot_be_reached_are_skipped_and_said_so(monkeypatch, accepted_file, capsys):
    not_audited = {
        "dependencies": [{"name": "django", "skip_reason": "Dependency not found on PyPI"}],
        "fixes": [],
    }
    refused = {"statusCode": 405, "message": "405 Method Not Allowed - POST", "error": {"summary": ""}}
    answer(monkeypatch, pip=not_audited, npm=refused)
    assert audit_dependencies.main() == 0
    out = capsys.readouterr().out
    assert "SKIPPED: PyPI's vulnerability data cannot be reached" in out
    assert "SKIPPED: the npm registry's audit endpoint cannot be reached (405" in out

    monkeypatch.setattr(audit_dependencies, "reachable", lambda url: False)
    assert audit_dependencies.main() == 0
    out = capsys.readouterr().out
    assert "SKIPPED: the PyPI registry cannot be reached" in out
    assert "SKIPPED: the npm registry cannot be reached" in out
