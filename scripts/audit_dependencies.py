"""Known vulnerabilities in the locked Python packages (pip-audit) and the npm packages (npm audit).

Run by `make audit` (part of `make test`). Each registry is asked first whether it answers: one
that cannot be reached is skipped with a message saying so, never counted as a pass in silence.
A known vulnerability fails, unless security/accepted-vulnerabilities.txt lists its id with a
reason and a date to look again by (see that file for the policy); an entry past its date fails.
"""

import datetime
import json
import shutil
import subprocess
import sys
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ACCEPTED = ROOT / "security" / "accepted-vulnerabilities.txt"
PROBES = {"PyPI": "https://pypi.org/simple/pip/", "npm": "https://registry.npmjs.org/-/ping"}


def reachable(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 (fixed https addresses)
            return response.status < 500
    except OSError:
        return False


def accepted(today: datetime.date) -> tuple[set[str], list[str]]:
    """Ids accepted until their date, and the lines whose date has passed."""
    ids, expired = set(), []
    for line in ACCEPTED.read_text().splitlines():
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        vuln_id, _package, until = line.split()[:3]
        if datetime.date.fromisoformat(until) < today:
            expired.append(line)
        else:
            ids.add(vuln_id)
    return ids, expired


def python_findings(ignored: set[str]) -> list[str] | None:
    command = [
        sys.executable, "-m", "pip_audit", "--format", "json", "--progress-spinner", "off",
        "--require-hashes", "--disable-pip", "--no-deps",
        "-r", str(ROOT / "requirements-dev.lock"),
    ]  # fmt: skip
    for vuln_id in sorted(ignored):
        command += ["--ignore-vuln", vuln_id]
    result = subprocess.run(command, capture_output=True, text=True, timeout=600, check=False)  # noqa: S603 (no shell)
    try:
        report = json.loads(result.stdout)
    except json.JSONDecodeError:
        raise SystemExit(f"pip-audit failed:\n{result.stderr}") from None
    dependencies = report["dependencies"]
    skipped = [dep for dep in dependencies if dep.get("skip_reason")]
    if dependencies and len(skipped) == len(dependencies):
        # PyPI's simple index answers (the probe), but not its per-release JSON, where the
        # vulnerability data is: a mirror or proxy that serves downloads only.
        print(
            f"SKIPPED: PyPI's vulnerability data cannot be reached ({skipped[0]['skip_reason']}), "
            "so the Python vulnerability audit did not run"
        )
        return None
    findings = [f"{dep['name']}: not audited ({dep['skip_reason']})" for dep in skipped]
    return findings + [
        f"{dep['name']} {dep['version']}: {vuln['id']} (fixed in {', '.join(vuln['fix_versions']) or 'no release'})"
        for dep in dependencies
        for vuln in dep.get("vulns", [])
    ]


def npm_findings(ignored: set[str]) -> list[str] | None:
    npm = shutil.which("npm") or "npm"
    result = subprocess.run(  # noqa: S603 (no shell, fixed arguments)
        [npm, "audit", "--json"], cwd=ROOT, capture_output=True, text=True, timeout=300, check=False
    )
    try:
        report = json.loads(result.stdout)
    except json.JSONDecodeError:
        raise SystemExit(f"npm audit failed:\n{result.stderr}") from None
    if "error" in report:
        # The registry answered (the probe) but its audit endpoint did not: a proxy that lets
        # only downloads through refuses the POST (405), or the service is down. Skipped, said.
        status = report.get("statusCode") or report["error"].get("code")
        if status or report.get("code") in {
            "ENOTFOUND",
            "ECONNREFUSED",
            "ETIMEDOUT",
            "EAI_AGAIN",
            "ECONNRESET",
        }:
            print(
                f"SKIPPED: the npm registry's audit endpoint cannot be reached ({status or report.get('code')}: "
                f"{report.get('message', '').strip()}), so the npm vulnerability audit did not run"
            )
            return None
        raise SystemExit(f"npm audit failed: {report['error']}")
    found = []
    for name, vulnerability in report.get("vulnerabilities", {}).items():
        for via in vulnerability.get("via", []):
            if isinstance(via, dict):  # a string names the package it comes through
                advisory = via.get("url", "").rsplit("/", 1)[-1]
                if advisory not in ignored:
                    found.append(
                        f"{name} {vulnerability.get('range', '')}: {advisory} {via.get('title', '')}"
                    )
    return found


def main() -> int:
    ids, expired = accepted(datetime.date.today())
    failed = False
    for line in expired:
        print(f"Accepted vulnerability past its review date (look at it again): {line}")
        failed = True
    for registry, audit in (("PyPI", python_findings), ("npm", npm_findings)):
        if not reachable(PROBES[registry]):
            print(
                f"SKIPPED: the {registry} registry cannot be reached, so its vulnerability audit did not run"
            )
            continue
        findings = audit(ids)
        if findings is None:  # skipped, with its message
            continue
        for finding in findings:
            print(f"Known vulnerability ({registry}): {finding}")
        print(
            f"{registry} packages: {len(findings)} known vulnerabilities (or packages not audited) not accepted"
        )
        failed = failed or bool(findings)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
