"""/healthz: 200 when the database answers, 503 when it does not; no session, sign-in or audit."""

import os
import socket
import subprocess
import sys
from pathlib import Path

from django.contrib.sessions.models import Session

from audit.models import Event

ROOT = Path(__file__).resolve().parents[1]


def test_it_answers_200_without_sign_in_session_or_audit_event(client, db):
    events, sessions = Event.objects.count(), Session.objects.count()
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok\n"
    assert response["Cache-Control"] == "no-store"
    assert "sessionid" not in response.cookies and "csrftoken" not in response.cookies
    assert (Event.objects.count(), Session.objects.count()) == (events, sessions)


def test_it_does_not_read_a_session_sent_with_it(client, db, django_assert_num_queries):
    client.cookies["sessionid"] = "a" * 32
    with django_assert_num_queries(1):  # SELECT 1, and no session lookup
        assert client.get("/healthz").status_code == 200


def test_it_answers_only_get_and_head(client, db):
    assert client.head("/healthz").status_code == 200
    response = client.post("/healthz")
    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD"


def test_it_answers_503_when_the_database_refuses_connections(tmp_path):
    with socket.socket() as closed:
        closed.bind(("127.0.0.1", 0))
        port = closed.getsockname()[1]  # nothing listens once it is closed
    script = (
        "from django.test import Client; "
        "r = Client().get('/healthz'); print(r.status_code, r['Retry-After'], r.content.decode().strip())"
    )
    env = {**os.environ, "DATABASE_URL": f"postgres://postgres@127.0.0.1:{port}/nothing"}
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "--no-imports", "-c", script],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().split(maxsplit=2) == ["503", "10", "database unavailable"]
