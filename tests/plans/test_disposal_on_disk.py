"""Disposal on the embedded SQLite database: the personal data is gone from the files on disk,
the write-ahead log included, not only from what a query returns.

Run in a fresh process on a file database (the suite's own SQLite database is in memory), with
a second connection left open as a running server's would be."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = """
import datetime, sqlite3
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import connection
from partners.roles import Role
from plans.models import Plan, Stage
from plans.retention_services import retention_dispose

MARKER = "WALMARKER-Victim-Alice-Example"
path = settings.DATABASES["default"]["NAME"]
server = sqlite3.connect(path)  # another connection, open throughout
server.execute("SELECT count(*) FROM plans_plan").fetchone()
User = get_user_model()
officer = User.objects.create_user("officer", password="x")
manager = User.objects.create_user("manager", password="x")
manager.groups.add(Group.objects.get(name=Role.MANAGER.value))
plan = Plan.objects.create(
    reference="PSP-DISK-1", title="Disposal on disk", owner=officer, hotspot_name="Clock Tower",
    next_review_date=datetime.date(2026, 12, 1), state=Stage.CLOSED,
    victim_details=MARKER, offender_details=MARKER + " offender", police_notes=MARKER + " notes",
)
Plan.objects.filter(pk=plan.pk).update(victim_details=MARKER + " second")  # an older version too
plan.refresh_from_db()
retention_dispose(actor=manager, plan=plan)
server.execute("SELECT count(*) FROM plans_plan").fetchone()  # the server reads on
connection.close()
for name in (path, path + "-wal"):
    try:
        data = open(name, "rb").read()
    except FileNotFoundError:
        data = b""
    print(name.rsplit(".", 1)[-1], data.count(b"WALMARKER"))
server.close()
"""


def test_disposed_personal_data_is_not_left_in_the_database_files(tmp_path):
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'plans.sqlite3'}"}
    run = subprocess.run(
        [sys.executable, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert run.returncode == 0, run.stderr
    run = subprocess.run(
        [sys.executable, "manage.py", "shell", "--no-imports", "-c", SCRIPT],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 0, run.stderr
    counts = dict(line.split() for line in run.stdout.splitlines())
    assert counts == {"sqlite3": "0", "sqlite3-wal": "0"}, counts
