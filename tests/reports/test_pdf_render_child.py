"""The render child holds nothing of the web worker, dies with it, and only a few run at once."""

import contextlib
import os
import signal
import socket
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import pytest

from reports import pdf, plan_pdf, rendering

ROOT = Path(__file__).resolve().parents[2]

# A web worker in miniature: a listening socket and a client connection like gunicorn's, an
# open database, a render slot, then a render long enough to be killed in the middle of.
WORKER = textwrap.dedent(
    """
    import os, socket, sys
    import django

    def main():
        django.setup()
        from django.db import connection
        from reports import pdf, rendering

        listener = socket.create_server(("127.0.0.1", 0))
        client = socket.create_connection(listener.getsockname())
        accepted, _ = listener.accept()
        connection.cursor().execute("SELECT 1")
        html = "<html><body>" + "<p>A paragraph of the long report, long enough to wrap.</p>" * 20000
        with rendering.render_slot(wait=5):
            print(listener.getsockname()[1], flush=True)
            rendering.render_in_child(
                html=html, base_url=pdf.INTERNAL_BASE_URL, fetcher=pdf.StaticOnlyFetcher(),
                timeout=600, max_bytes=10**9,
            )

    if __name__ == "__main__":
        main()
    """
)


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry.name))
    return found


def _descendants(pid: int) -> list[int]:
    result = []
    for child in _children(pid):
        result += [child, *_descendants(child)]
    return result


def _render_children(worker: int) -> list[int]:
    found = []
    for pid in _descendants(worker):
        try:
            if Path(f"/proc/{pid}/comm").read_text().strip() == "pdf-render":
                found.append(pid)
        except OSError:
            continue
    return found


def _running(pid: int) -> bool:
    """Alive and not a zombie waiting to be reaped (a zombie holds no memory, file or socket)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


def _open_files(pid: int) -> set[str]:
    targets = set()
    for fd in Path(f"/proc/{pid}/fd").iterdir():
        with contextlib.suppress(OSError):
            targets.add(os.readlink(fd))
    return targets


def _tcp_socket_inodes() -> set[str]:
    inodes = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            inodes.add(f"socket:[{line.split()[9]}]")
    return inodes


def _wait_for(predicate, seconds: float, what: str):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.05)
    raise AssertionError(f"waited {seconds:g} s for {what}")


@pytest.mark.skipif(not Path("/proc/self/fd").exists(), reason="reads /proc (Linux)")
def test_a_killed_worker_leaves_no_render_process_folder_socket_or_slot(tmp_path, settings):
    settings.TEMP_DIR = tmp_path / "tmp"
    settings.PDF_RENDER_CONCURRENCY = 1
    database = tmp_path / "worker.sqlite3"
    script = tmp_path / "worker.py"
    script.write_text(WORKER)
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DATABASE_URL": f"sqlite:///{database}",
        "TEMP_DIR": str(settings.TEMP_DIR),
        "PDF_RENDER_CONCURRENCY": "1",
        "PYTHONPATH": str(ROOT),
    }
    worker = subprocess.Popen(
        [sys.executable, str(script)], cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True
    )
    everyone = [worker.pid]
    try:
        port = int(worker.stdout.readline())
        renders = settings.TEMP_DIR / "pdf"
        scratch = _wait_for(lambda: list(renders.glob("render-*")), 60, "the scratch folder")
        # The render child is a fork of the fork server, not of the worker.
        child = _wait_for(lambda: _render_children(worker.pid), 60, "the render child")[0]
        everyone += _descendants(worker.pid)

        tcp = _tcp_socket_inodes()
        worker_files, child_files = _open_files(worker.pid), _open_files(child)
        assert worker_files & tcp, "the worker holds its listening and client sockets"
        assert str(database) in worker_files, "the worker holds its database open"
        assert not child_files & tcp, child_files
        assert str(database) not in child_files
        with pytest.raises(rendering.RenderBusy), rendering.render_slot(wait=0.2):
            pass

        os.kill(worker.pid, signal.SIGKILL)
        worker.wait(10)
        _wait_for(lambda: not any(_running(pid) for pid in everyone), 20, "every process to end")
    finally:
        for pid in everyone:  # when the test failed: nothing of it is left running
            if _running(pid):
                os.kill(pid, signal.SIGKILL)
        worker.wait(10)
    assert not scratch[0].exists()
    assert list(renders.glob("render-*")) == []
    with rendering.render_slot(wait=0):
        pass  # the slot went with the worker
    # The listening port is free again: a new server can start on it.
    with socket.socket() as again:
        again.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        again.bind(("127.0.0.1", port))


def test_a_render_waits_for_a_free_slot(settings, tmp_path):
    settings.TEMP_DIR = tmp_path
    settings.PDF_RENDER_CONCURRENCY = 1
    entered = []
    slot = rendering.render_slot(wait=0)
    slot.__enter__()
    releaser = threading.Timer(0.3, slot.__exit__, args=(None, None, None))
    releaser.start()
    started = time.monotonic()
    with rendering.render_slot(wait=60):
        entered.append(time.monotonic() - started)
    releaser.join()
    assert entered[0] > 0.2  # it waited for the slot to be let go, and then had it


def test_at_most_the_set_number_render_at_once_and_the_next_is_told_to_try_again(world, settings, tmp_path):
    settings.TEMP_DIR = tmp_path
    settings.PDF_RENDER_CONCURRENCY = 2
    settings.PDF_RENDER_QUEUE_SECONDS = 0.3
    with (
        rendering.render_slot(wait=0),
        rendering.render_slot(wait=0),
        pytest.raises(pdf.RenderBusy, match="Try again in a minute"),
    ):
        plan_pdf.plan_report_pdf(plan=world.plan, user=world.users["owner"], partner_version=False)
    data = plan_pdf.plan_report_pdf(plan=world.plan, user=world.users["owner"], partner_version=False)
    assert data.startswith(b"%PDF")


def test_a_scratch_folder_whose_worker_is_gone_is_swept(settings, tmp_path):
    settings.TEMP_DIR = tmp_path
    folder = rendering.render_folder()
    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True)
    dead = folder / f"render-{rendering._HOST}-{int(gone.stdout)}-abc"
    alive = folder / f"render-{rendering._HOST}-{os.getpid()}-abc"
    for path in (dead, alive):
        path.mkdir()
        (path / "font.woff").write_bytes(b"x")
    assert rendering.sweep_scratch(folder) == 1
    assert not dead.exists() and alive.exists()
