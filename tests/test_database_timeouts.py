"""No request waits for ever on the database: connect, statement and lock timeouts, and a 503
page (with the request's reference and what was typed) when one runs out."""

import os
import re
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from django.db import connection

from audit.models import ChainHead, Event
from plans.models import Comment

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def stalled_database():
    """A server that accepts connections and never answers: the port, and how many it took."""
    server = socket.create_server(("127.0.0.1", 0))
    held = []

    def accept():
        while True:
            try:
                held.append(server.accept()[0])
            except OSError:
                return

    threading.Thread(target=accept, daemon=True).start()
    yield server.getsockname()[1], held
    server.close()
    for held_connection in held:
        held_connection.close()


REQUESTS = """
import time
from django.test import Client
client = Client(raise_request_exception=False)
client.cookies["sessionid"] = "abcdefghijklmnopqrstuvwxyz012345"
for method, path, data in [
    ("get", "/healthz", None),
    ("get", "/plans/", None),
    ("post", "/plans/1/comments/add/", {"body": "Taxi marshals from 23:00 & <b>door staff</b>"}),
]:
    started = time.monotonic()
    response = getattr(client, method)(path, data)
    print(repr((path, response.status_code, time.monotonic() - started,
                response.get("X-Request-ID"), response.content.decode())))
"""


def test_a_stalled_database_gives_a_503_within_the_connect_timeout(stalled_database):
    port, held = stalled_database
    env = {
        **os.environ,
        "DATABASE_URL": f"postgres://postgres@127.0.0.1:{port}/plans",
        "DB_CONNECT_TIMEOUT": "2",
        "DEBUG": "false",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "--no-imports", "-c", REQUESTS],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    answers = [eval(line) for line in result.stdout.splitlines()]  # noqa: S307 - our own repr()
    health, page, post = answers
    for path, status, seconds, _, _ in answers:
        assert status == 503, path
        # Answered before the app server's worker timeout (60 s) would kill the worker; the
        # exact measure, whatever the machine's load, is the count of connections below.
        assert seconds < 60, (path, seconds)
    assert "connection timeout expired" in result.stderr  # DB_CONNECT_TIMEOUT ran out
    assert health[4] == "database unavailable\n"
    for _, _, _, reference, html in (page, post):
        assert "Sorry, the service is unavailable" in html
        assert re.fullmatch(r"[0-9a-f]{32}", reference)
        assert f"<strong>{reference}</strong>" in html
    # What was typed comes back, escaped, in a form that sends it again.
    html = post[4]
    assert "Nothing you sent was saved" in html
    assert 'action="/plans/1/comments/add/"' in html
    assert 'value="Taxi marshals from 23:00 &amp; &lt;b&gt;door staff&lt;/b&gt;"' in html
    assert "<b>door staff" not in html
    # One attempt per request (a page read the database from several places and tried each
    # time: 33 connections and 33 s for one page before).
    assert 1 <= len(held) <= len(answers)


def test_a_sign_in_refused_by_a_stalled_database_does_not_echo_the_password(stalled_database):
    port, _ = stalled_database
    script = (
        "from django.test import Client; "
        "r = Client(raise_request_exception=False).post('/account/sign-in/', "
        "{'username': 'officer', 'password': 'secret-typed-here'}); "
        "print(r.status_code); print(r.content.decode())"
    )
    env = {
        **os.environ,
        "DATABASE_URL": f"postgres://postgres@127.0.0.1:{port}/plans",
        "DB_CONNECT_TIMEOUT": "2",
        "DEBUG": "false",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "--no-imports", "-c", script],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    status, html = result.stdout.split("\n", 1)
    assert status == "503", result.stderr[-3000:]
    assert "secret-typed-here" not in html
    assert "Passwords are not kept" in html


@pytest.mark.postgres_only
def test_postgresql_connections_carry_the_statement_and_lock_timeouts(db, settings):
    with connection.cursor() as cursor:
        cursor.execute("SHOW statement_timeout")
        statement = cursor.fetchone()[0]
        cursor.execute("SHOW lock_timeout")
        lock = cursor.fetchone()[0]
    assert (statement, lock) == ("30s", "10s")
    assert connection.settings_dict["OPTIONS"]["connect_timeout"] == 5


def test_the_timeouts_come_from_the_environment(tmp_path):
    script = "from django.conf import settings; print(settings.DATABASES['default']['OPTIONS'])"
    env = {**os.environ, "DB_CONNECT_TIMEOUT": "3", "DB_STATEMENT_TIMEOUT": "12", "DB_LOCK_TIMEOUT": "4"}
    postgres = {**env, "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/plans"}
    sqlite = {**env, "DATABASE_URL": f"sqlite:///{tmp_path / 'plans.sqlite3'}"}
    run = [sys.executable, "manage.py", "shell", "--no-imports", "-c", script]
    options = subprocess.run(run, cwd=ROOT, env=postgres, capture_output=True, text=True, timeout=60).stdout
    assert "'connect_timeout': 3" in options
    assert "-c statement_timeout=12000 -c lock_timeout=4000" in options
    options = subprocess.run(run, cwd=ROOT, env=sqlite, capture_output=True, text=True, timeout=60).stdout
    assert "'timeout': 4.0" in options


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_a_held_audit_chain_gives_a_busy_page_that_keeps_what_was_typed(world, client_for):
    from django.db import connections

    client = client_for(world.users["partner_on"])  # signing in writes an event: before the hold
    client.raise_request_exception = False
    other = connections.create_connection("default")  # another request, holding the chain
    try:
        other.set_autocommit(False)
        with other.cursor() as cursor:
            cursor.execute(f"SELECT 1 FROM {ChainHead._meta.db_table} FOR UPDATE")  # noqa: S608
        with connection.cursor() as cursor:
            cursor.execute("SET lock_timeout = '300ms'")  # as DB_LOCK_TIMEOUT=0.3 would
        events = Event.objects.count()
        typed = {"body": "Pastors out from 22:00 on Friday"}
        started = time.monotonic()
        response = client.post(f"/plans/{world.plan.pk}/comments/add/", typed)
        # Not a timing check: without the lock timeout the request would wait for ever.
        assert time.monotonic() - started < 60
    finally:
        other.rollback()
        other.close()
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    html = response.content.decode()
    assert "The service is busy" in html
    assert "Nothing you sent was saved" in html
    assert f'value="{typed["body"]}"' in html
    assert f"<strong>{response['X-Request-ID']}</strong>" in html
    assert not Comment.objects.filter(body=typed["body"]).exists()
    assert Event.objects.count() == events
    # Sent again once the chain is free, it is saved.
    assert client.post(f"/plans/{world.plan.pk}/comments/add/", typed).status_code == 302
    assert Comment.objects.filter(body=typed["body"]).count() == 1
