"""Two app servers, one PostgreSQL database, one shared evidence folder (PRIVATE_MEDIA_ROOT on
shared storage): evidence uploaded through one downloads through the other, and failed sign-ins
on one lock the account out on the other.

Each server is `manage.py runserver --noreload` in a working folder of its own, on a loopback
port, stopped (and killed if it will not stop) at the end.
"""

import http.cookiejar
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.db import connection

from plans.models import Attachment
from tests.conftest import PASSWORD
from tests.factories import PDF_BYTES

pytestmark = [pytest.mark.postgres_only, pytest.mark.django_db(transaction=True)]

ROOT = Path(__file__).resolve().parents[1]
START_TIMEOUT = 90  # seconds for a server to answer (a loaded 2-core machine starts Django slowly)
REQUEST_TIMEOUT = 30


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def app_server(workdir: Path, env: dict):
    workdir.mkdir(parents=True)
    port = free_port()
    log = (workdir / "server.log").open("w")
    process = subprocess.Popen(  # noqa: S603 (no shell; our own manage.py)
        [sys.executable, str(ROOT / "manage.py"), "runserver", f"127.0.0.1:{port}", "--noreload"],
        cwd=workdir,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + START_TIMEOUT
        while True:
            try:
                urllib.request.urlopen(url + "/account/sign-in/", timeout=5).close()  # noqa: S310 (loopback)
                break
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                if process.poll() is not None or time.monotonic() > deadline:
                    log.flush()
                    pytest.fail(
                        f"The app server in {workdir} did not start:\n{(workdir / 'server.log').read_text()}"
                    )
                time.sleep(0.5)
        yield url
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=15)
        log.close()


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Browser:
    """Cookies and CSRF tokens, as a browser keeps them, against one server."""

    def __init__(self, base: str):
        self.base = base
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()), NoRedirect
        )

    def request(self, path, data=None, headers=None):
        req = urllib.request.Request(self.base + path, data=data, headers=headers or {})  # noqa: S310 (loopback)
        if data is not None:
            req.add_header("Referer", self.base + path)
        try:
            with self.opener.open(req, timeout=REQUEST_TIMEOUT) as response:
                return response.status, response.headers, response.read()
        except urllib.error.HTTPError as exc:
            return exc.code, exc.headers, exc.read()

    def csrf(self, path) -> str:
        status, _, body = self.request(path)
        assert status == 200, f"{path} answered {status}"
        return re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', body).group(1).decode()

    def sign_in(self, username, password) -> int:
        token = self.csrf("/account/sign-in/")
        form = {"csrfmiddlewaretoken": token, "username": username, "password": password}
        status, headers, _ = self.request("/account/sign-in/", urllib.parse.urlencode(form).encode())
        return status, headers.get("Location", "")

    def upload(self, path, filename, content, content_type):
        token = self.csrf(path)
        boundary = uuid.uuid4().hex
        body = (
            (
                f'--{boundary}\r\nContent-Disposition: form-data; name="csrfmiddlewaretoken"\r\n\r\n{token}\r\n'
                f'--{boundary}\r\nContent-Disposition: form-data; name="evidence"; filename="{filename}"\r\n'
                f"Content-Type: {content_type}\r\n\r\n"
            ).encode()
            + content
            + f"\r\n--{boundary}--\r\n".encode()
        )
        return self.request(path, body, {"Content-Type": f"multipart/form-data; boundary={boundary}"})


@pytest.fixture
def two_servers(tmp_path, world, settings):
    # The servers run the real settings, whose hashers do not read the tests' fast MD5 hashes.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.PBKDF2PasswordHasher"]
    for user in (world.users["partner_on"], world.users["officer2"]):
        user.set_password(PASSWORD)
        user.save(update_fields=["password"])
    s = connection.settings_dict
    database_url = f"postgres://{s['USER']}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"
    shared = tmp_path / "shared-private"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DATABASE_URL": database_url,
        "PRIVATE_MEDIA_ROOT": str(shared),
        "MFA_EXEMPT_USERNAMES": "pastors,officer2",  # password alone here: the lockout is the point
        "DEBUG": "false",
        "ALLOWED_HOSTS": "127.0.0.1",
    }
    with app_server(tmp_path / "server-a", env) as a, app_server(tmp_path / "server-b", env) as b:
        yield a, b, shared


def test_evidence_uploaded_on_one_server_downloads_from_the_other(two_servers, world):
    a, b, shared = two_servers
    on_a = Browser(a)
    status, location = on_a.sign_in("pastors", PASSWORD)
    assert status == 302 and "sign-in" not in location
    content = PDF_BYTES + os.urandom(64)
    status, headers, _ = on_a.upload(
        f"/tasks/{world.task.pk}/evidence/", "handover.pdf", content, "application/pdf"
    )
    assert status == 302, "the upload was not accepted"
    attachment = Attachment.objects.get(task=world.task, original_name="handover.pdf")
    assert (shared / attachment.file.name).read_bytes() == content

    on_b = Browser(b)
    assert on_b.sign_in("pastors", PASSWORD)[0] == 302
    status, headers, body = on_b.request(f"/attachments/{attachment.pk}/")
    assert status == 200
    assert body == content


def test_failed_sign_ins_on_one_server_lock_the_account_out_on_the_other(two_servers, settings, world):
    a, b, _ = two_servers
    on_a = Browser(a)
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        status, _location = on_a.sign_in("officer2", "not-the-password")
        assert status == 200
    assert on_a.sign_in("officer2", "not-the-password")[0] == 429  # the limit, reached on A
    on_b = Browser(b)
    status, _location = on_b.sign_in("officer2", PASSWORD)
    assert status == 429  # locked out, though this server saw no failure itself
