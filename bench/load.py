"""A bounded loopback load against gunicorn on PostgreSQL (not part of `make test`):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/hotspots python -m bench.load \\
        [--users 30] [--seconds 60] [--pdfs 5] [--pdf-seconds 30] [--scale small] [--workers N]

What it does, in order:
1. The benchmark's PostgreSQL database for the scale (built as `python -m bench` builds it, or
   reused), copied to a throwaway database so the load's own audit events never reach the
   benchmark's data; the production settings' `collectstatic` into a temporary folder.
2. gunicorn with `config/gunicorn.conf.py` and the production settings (`bench.load_settings`:
   the same plus the bare views and a Server-Timing header), on a loopback port, its workers as
   the config sets them unless --workers. The load's users sign in with their password only
   (MFA_EXEMPT_USERNAMES names them): the second factor is one request at sign-in, not per page.
3. Steady load: --users people signed in at once (managers, officers and partner leads in the
   proportions of a working programme), each asking for its pages one after another with no
   pause, every real page followed by its bare view (the baseline), for --seconds.
4. The PDF phase: the same users go on while --pdfs more each export the 20-page plan report
   in a loop, for --pdf-seconds.
5. `verify_audit` on the copy: the chain the load wrote verifies.

Reported (and written to bench/load-results.json and .md): every request's status (any 4xx or
5xx, or no answer, is an error), each page's median time inside the server (Server-Timing) over
its bare view's, as the benchmark's ratios are, and the 95th percentile of what the users
waited for the other pages (on the client, queueing included) while the PDFs were rendering.
"""

from __future__ import annotations

import argparse
import datetime
import http.client
import http.cookies
import json
import os
import re
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path

from . import database

BENCH_DIR = Path(__file__).resolve().parent
ROOT = BENCH_DIR.parent
OUT = BENCH_DIR / "load-results.json"
START_TIMEOUT = 120
REQUEST_TIMEOUT = 60
DETAIL_PLAN_ID = 1  # bench.build: 50 tasks, 200 events
REPORT_PLAN_ID = 2  # bench.build: a 20-page plan report

# (page, real page, bare view of the same rows): the benchmark's pairs (bench.measure).
MANAGER_PAGES = [
    ("Plan list (manager)", "/plans/", "/bench/plans/?scope=all"),
    ("Audit search (manager)", "/audit/?person={owner}", "/bench/audit/?person={owner}"),
]
OFFICER_PAGES = [
    ("Plan detail (officer)", f"/plans/{DETAIL_PLAN_ID}/", f"/bench/plans/{DETAIL_PLAN_ID}/"),
]
PARTNER_PAGES = [
    ("Our tasks (partner lead)", "/tasks/", "/bench/tasks/"),
    ("Plan list (partner lead)", "/plans/", "/bench/plans/?scope=partner"),
]
GOALS = {  # the ratios the issues set for these pages
    "Plan list (manager)": 2.0,
    "Plan list (partner lead)": 2.0,
    "Plan detail (officer)": 2.5,
    "Our tasks (partner lead)": 2.0,
    "Audit search (manager)": 2.0,
}
PDF_P95_GOAL = 1.0  # seconds: other pages keep answering while PDFs render


def parse(argv=None):
    parser = argparse.ArgumentParser(prog="python -m bench.load", description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", type=int, default=30)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--pdfs", type=int, default=5, help="concurrent plan-report exports in the PDF phase")
    parser.add_argument("--pdf-seconds", type=float, default=30)
    parser.add_argument("--scale", choices=["tiny", "small", "full"], default="small")
    parser.add_argument("--workers", type=int, default=0, help="gunicorn workers (default: its config's)")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)
    if args.users < 1 or args.seconds <= 0 or args.pdfs < 0 or args.pdf_seconds < 0:
        parser.error("--users and --seconds must be positive; --pdfs and --pdf-seconds not negative")
    return args


# ---------------------------------------------------------------------------- the database


def _ensure_built(scale: str, db) -> None:
    """Build (or reuse) the benchmark database for the scale, in a process of its own."""
    code = (
        "import argparse, django, os, sys; sys.path.insert(0, sys.argv[1]); django.setup();"
        "from bench import cli, database;"
        "cli._ensure_built(argparse.Namespace(scale=sys.argv[2], rebuild=False), "
        "database.bench_database(sys.argv[2], source_url=os.environ['SOURCE_URL']))"
    )
    env = {
        **os.environ,
        "DATABASE_URL": db.url,
        "SOURCE_URL": os.environ["DATABASE_URL"],
        "DEBUG": "0",
        "DB_STATEMENT_TIMEOUT": "0",  # as python -m bench builds: one COPY of every event
        "DJANGO_SETTINGS_MODULE": "config.settings",
    }
    subprocess.run([sys.executable, "-c", code, str(ROOT), scale], env=env, check=True, cwd=ROOT)  # noqa: S603


def _copy_database(db) -> database.BenchDatabase:
    import psycopg
    from psycopg import sql

    copy = database.BenchDatabase(
        vendor="postgresql",
        url=db.url.rsplit("/", 1)[0] + f"/{db.name}_load",
        name=f"{db.name}_load",
        admin_url=db.admin_url,
    )
    with psycopg.connect(db.admin_url, autocommit=True) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(copy.name)))
        conn.execute(
            sql.SQL("CREATE DATABASE {} TEMPLATE {}").format(
                sql.Identifier(copy.name), sql.Identifier(db.name)
            )
        )
    return copy


def _detail_owner(url: str) -> str:
    import psycopg

    with psycopg.connect(url) as conn:
        row = conn.execute(
            "SELECT u.username FROM plans_plan p JOIN auth_user u ON u.id = p.owner_id WHERE p.id = %s",
            [DETAIL_PLAN_ID],
        ).fetchone()
    if row is None:
        raise SystemExit("The benchmark database has no detail plan: rebuild it with --rebuild")
    return row[0]


def _usernames(url: str) -> dict[str, list[str]]:
    import psycopg

    with psycopg.connect(url) as conn:
        names = [r[0] for r in conn.execute("SELECT username FROM auth_user ORDER BY username")]
    return {
        "manager": [n for n in names if n == "manager"],
        "officer": [n for n in names if re.fullmatch(r"officer\d+", n)],
        "partner": [n for n in names if n.startswith("lead-")],
    }


# ------------------------------------------------------------------------------ the server


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Server:
    process: subprocess.Popen
    port: int
    log: Path


def _start_server(*, url: str, folder: Path, workers: int, usernames) -> Server:
    static = folder / "static"
    port = _free_port()
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("GUNICORN_", "DJANGO_"))},
        "DJANGO_SETTINGS_MODULE": "bench.load_settings",
        "DATABASE_URL": url,
        "SECRET_KEY": secrets.token_urlsafe(64),
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",
        "MFA_EXEMPT_USERNAMES": ",".join(sorted(set(usernames))),
        "DEBUG": "0",
        "STATIC_ROOT": str(static),
        "DATA_DIR": str(folder / "data"),
        "TEMP_DIR": str(folder / "tmp"),
        "PRIVATE_MEDIA_ROOT": str(folder / "private"),
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "GUNICORN_CONTROL_SOCKET": str(folder / "gunicorn.ctl"),
        "GUNICORN_ACCESS_LOG": str(folder / "access.log"),
        "PYTHONPATH": str(ROOT),
    }
    if workers:
        env["GUNICORN_WORKERS"] = str(workers)
    subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], env=env, check=True, cwd=ROOT
    )
    gunicorn = shutil.which("gunicorn", path=str(Path(sys.executable).parent)) or "gunicorn"
    log = folder / "gunicorn.log"
    process = subprocess.Popen(  # noqa: S603
        [gunicorn, "-c", "config/gunicorn.conf.py"],
        cwd=ROOT,
        env=env,
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    server = Server(process=process, port=port, log=log)
    deadline = time.monotonic() + START_TIMEOUT
    while True:
        try:
            status, _, _, _ = _get(server, "/healthz", {})
            if status == 200:
                return server
        except OSError:
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            _stop_server(server)
            raise SystemExit(f"gunicorn did not start:\n{log.read_text()[-4000:]}")
        time.sleep(0.5)


def _stop_server(server: Server) -> None:
    if server.process.poll() is None:
        os.killpg(server.process.pid, signal.SIGTERM)
        try:
            server.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(server.process.pid, signal.SIGKILL)
            server.process.wait(timeout=30)


# ------------------------------------------------------------------------------ the client


def _request(server: Server, method: str, path: str, cookies: dict, body: bytes | None = None, headers=None):
    """(status, headers, body, client seconds): one request on a new connection, cookies kept."""
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=REQUEST_TIMEOUT)
    sent = {"Host": "127.0.0.1", **(headers or {})}
    if cookies:
        sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in cookies.items())
    started = time.perf_counter()
    try:
        conn.request(method, path, body=body, headers=sent)
        response = conn.getresponse()
        data = response.read()
    finally:
        conn.close()
    waited = time.perf_counter() - started
    for header in response.headers.get_all("Set-Cookie") or []:
        jar = http.cookies.SimpleCookie()
        jar.load(header)
        for name, morsel in jar.items():
            cookies[name] = morsel.value
    return response.status, response.headers, data, waited


def _get(server, path, cookies):
    return _request(server, "GET", path, cookies)


def _post_form(server, path, cookies, form: dict):
    status, headers, page, _ = _get(server, path, cookies)
    if status != 200:
        return status, headers, page, 0.0
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    body = urllib.parse.urlencode({"csrfmiddlewaretoken": token.group(1).decode() if token else "", **form})
    headers = {
        "Content-Type": "application/x-www-form-urlencoded",
        "Referer": f"http://127.0.0.1:{server.port}{path}",
    }
    return _request(server, "POST", path, cookies, body.encode(), headers)


def _sign_in(server: Server, username: str, password: str) -> dict:
    cookies: dict = {}
    status, headers, _, _ = _post_form(
        server, "/account/sign-in/", cookies, {"username": username, "password": password}
    )
    if status != 302 or "sessionid" not in cookies or "/account/" in (headers.get("Location") or ""):
        raise RuntimeError(f"{username} could not sign in (answered {status}, to {headers.get('Location')})")
    return cookies


def _server_ms(headers) -> float | None:
    match = re.search(r"dur=([\d.]+)", headers.get("Server-Timing") or "")
    return float(match[1]) if match else None


@dataclass
class Record:
    phase: str
    page: str
    side: str  # "page", "bare" or "pdf"
    status: int
    client_s: float
    server_ms: float | None


@dataclass
class Tally:
    records: list = field(default_factory=list)
    errors: list = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, record: Record, problem: str = "") -> None:
        with self.lock:
            self.records.append(record)
            if problem:
                self.errors.append(problem)


class Clock:
    def __init__(self):
        self.phase = "steady"
        self.stop = threading.Event()


def _user_loop(server, cookies, pages, owner, clock: Clock, tally: Tally, turn: int) -> None:
    while not clock.stop.is_set():
        for name, real, bare in pages:
            pair = [("page", real.format(owner=owner)), ("bare", bare.format(owner=owner))]
            if turn % 2:
                pair.reverse()  # neither side always goes first
            turn += 1
            for side, path in pair:
                if clock.stop.is_set():
                    return
                phase = clock.phase
                try:
                    status, headers, _, waited = _get(server, path, cookies)
                except OSError as exc:
                    tally.add(Record(phase, name, side, 0, 0.0, None), f"GET {path}: {exc}")
                    continue
                problem = (
                    f"GET {path} answered {status} {headers.get('Location') or ''}" if status != 200 else ""
                )
                tally.add(Record(phase, name, side, status, waited, _server_ms(headers)), problem)


def _pdf_loop(server, cookies, clock: Clock, tally: Tally) -> None:
    path = f"/plans/{REPORT_PLAN_ID}/report.pdf"
    form = {"purpose": "Load test of the PDF renderer", "recipient": "The benchmark"}
    while not clock.stop.is_set():
        try:
            status, headers, data, waited = _post_form(server, path, cookies, form)
        except OSError as exc:
            tally.add(Record("pdf", "Plan report PDF", "pdf", 0, 0.0, None), f"POST {path}: {exc}")
            continue
        made = status == 200 and data.startswith(b"%PDF")
        # A 503 "try again" is the renderer's queue doing its job (PDF_RENDER_QUEUE_SECONDS), not a fault.
        problem = (
            ""
            if made or status == 503
            else f"POST {path} answered {status} {headers.get('Location') or data[:200]!r}"
        )
        tally.add(Record("pdf", "Plan report PDF", "pdf", status, waited, _server_ms(headers)), problem)


# ---------------------------------------------------------------------------- the figures


def _median(values):
    return statistics.median(values) if values else None


def _p95(values):
    if not values:
        return None
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def summarise(records: list[Record], errors: list[str]) -> dict:
    pages = {}
    for name in GOALS:
        real = [r.server_ms for r in records if r.page == name and r.side == "page" and r.phase == "steady"]
        bare = [r.server_ms for r in records if r.page == name and r.side == "bare" and r.phase == "steady"]
        real = [v for v in real if v is not None]
        bare = [v for v in bare if v is not None]
        ratio = round(_median(real) / _median(bare), 2) if real and bare and _median(bare) else None
        pages[name] = {
            "requests": len(real),
            "median_ms": round(_median(real), 1) if real else None,
            "bare_median_ms": round(_median(bare), 1) if bare else None,
            "ratio": ratio,
            "goal": GOALS[name],
            "pass": None if ratio is None else ratio <= GOALS[name],
        }
    during_pdfs = [r.client_s for r in records if r.phase == "pdf" and r.side == "page"]
    pdfs = [r for r in records if r.side == "pdf"]
    p95 = _p95(during_pdfs)
    return {
        "requests": len(records),
        "errors": len(errors),
        "first_errors": errors[:10],
        "pages": pages,
        "pdf_phase": {
            "page_requests": len(during_pdfs),
            "page_p95_seconds": None if p95 is None else round(p95, 3),
            "goal_seconds": PDF_P95_GOAL,
            "pass": None if p95 is None else p95 <= PDF_P95_GOAL,
            "pdfs_made": sum(1 for r in pdfs if r.status == 200),
            "pdfs_told_to_try_again": sum(1 for r in pdfs if r.status == 503),
            "pdf_median_seconds": round(_median([r.client_s for r in pdfs if r.status == 200]) or 0, 2),
        },
        "steady_client_p95_seconds": _p95([r.client_s for r in records if r.phase == "steady"]),
    }


def table(result: dict) -> str:
    s = result["summary"]
    lines = [
        f"Load of {result['users']} users for {result['seconds']} s (+{result['pdf_seconds']} s with "
        f"{result['pdfs']} PDFs), gunicorn {result['workers']} workers, PostgreSQL, {result['scale']} "
        f"scale, {result['date']}",
        "",
        f"Requests: {s['requests']}; errors: {s['errors']}; audit chain: {result['audit_chain']}",
        "",
        "| page | requests | median in server (ms) | bare view (ms) | ratio | goal | result |",
        "|---|---:|---:|---:|---:|---:|---|",
    ]
    for name, p in s["pages"].items():
        verdict = {True: "pass", False: "FAIL", None: "not measured"}[p["pass"]]
        lines.append(
            f"| {name} | {p['requests']} | {p['median_ms']} | {p['bare_median_ms']} | {p['ratio']} | "
            f"<= {p['goal']} | {verdict} |"
        )
    pdf = s["pdf_phase"]
    verdict = {True: "pass", False: "FAIL", None: "not measured"}[pdf["pass"]]
    lines += [
        "",
        f"While {result['pdfs']} plan PDFs rendered: other pages' 95th percentile wait "
        f"{pdf['page_p95_seconds']} s over {pdf['page_requests']} requests (goal <= {pdf['goal_seconds']} s: "
        f"{verdict}); {pdf['pdfs_made']} PDFs made (median {pdf['pdf_median_seconds']} s), "
        f"{pdf['pdfs_told_to_try_again']} told to try again.",
    ]
    if s["first_errors"]:
        lines += ["", "First errors:", *[f"- {e}" for e in s["first_errors"]]]
    return "\n".join(lines)


# ---------------------------------------------------------------------------------- main


def _verify_audit(url: str) -> str:
    env = {**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "config.settings", "DEBUG": "0"}
    done = subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", "verify_audit"], env=env, cwd=ROOT, capture_output=True, text=True
    )
    return "verifies" if done.returncode == 0 else f"DOES NOT VERIFY: {(done.stdout + done.stderr)[-500:]}"


def _mix(users: int, names: dict) -> list[tuple[str, str]]:
    """(role, username) for each user: a fifth managers, a third officers, the rest partner leads."""
    managers = max(1, users // 5)
    officers = max(1, users // 3) if users > 1 else 0
    partners = users - managers - officers
    chosen = [("manager", names["manager"][0])] * managers
    chosen += [("officer", names["officer"][i % len(names["officer"])]) for i in range(officers)]
    chosen += [("partner", names["partner"][i % len(names["partner"])]) for i in range(max(0, partners))]
    return chosen[:users]


def main(argv=None) -> None:
    args = parse(argv)
    source = os.environ.get("DATABASE_URL", "")
    if not source.startswith("postgres"):
        raise SystemExit("The load runs against PostgreSQL: set DATABASE_URL=postgres://...")
    db = database.bench_database(args.scale, source_url=source)
    _ensure_built(args.scale, db)
    copy = _copy_database(db)
    folder = Path(tempfile.mkdtemp(prefix="bench-load-"))
    from .build import PASSWORD

    server = None
    try:
        owner = _detail_owner(copy.url)
        people = _mix(args.users, _usernames(copy.url))
        server = _start_server(
            url=copy.url,
            folder=folder,
            workers=args.workers,
            usernames=[name for _, name in people] + ["manager"],
        )
        print(
            f"gunicorn answering on 127.0.0.1:{server.port}; signing in {len(people)} users", file=sys.stderr
        )
        sessions = [(role, _sign_in(server, name, PASSWORD)) for role, name in people]
        pdf_sessions = [_sign_in(server, "manager", PASSWORD) for _ in range(args.pdfs)]
        pages = {"manager": MANAGER_PAGES, "officer": OFFICER_PAGES, "partner": PARTNER_PAGES}
        clock, tally = Clock(), Tally()
        threads = [
            threading.Thread(target=_user_loop, args=(server, cookies, pages[role], owner, clock, tally, i))
            for i, (role, cookies) in enumerate(sessions)
        ]
        for thread in threads:
            thread.start()
        time.sleep(args.seconds)
        if args.pdfs and args.pdf_seconds:
            clock.phase = "pdf"
            print(f"PDF phase: {args.pdfs} exports at once", file=sys.stderr)
            pdf_threads = [
                threading.Thread(target=_pdf_loop, args=(server, c, clock, tally)) for c in pdf_sessions
            ]
            for thread in pdf_threads:
                thread.start()
            threads += pdf_threads
            time.sleep(args.pdf_seconds)
        clock.stop.set()
        for thread in threads:
            thread.join(timeout=REQUEST_TIMEOUT + 5)
        workers = args.workers or _worker_count(server)
    finally:
        if server is not None:
            _stop_server(server)
    result = {
        "date": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "scale": args.scale,
        "users": args.users,
        "seconds": args.seconds,
        "pdfs": args.pdfs,
        "pdf_seconds": args.pdf_seconds,
        "workers": workers,
        "cores": os.cpu_count(),
        "audit_chain": _verify_audit(copy.url),
        "summary": summarise(tally.records, tally.errors),
    }
    database.drop(copy)
    shutil.rmtree(folder, ignore_errors=True)
    args.out.write_text(json.dumps(result, indent=2) + "\n")
    args.out.with_suffix(".md").write_text(table(result) + "\n")
    print(table(result))
    print(f"\nWritten {args.out} and {args.out.with_suffix('.md')}")


def _worker_count(server: Server) -> int:
    """gunicorn's workers: the children of its master."""
    try:
        children = Path(f"/proc/{server.process.pid}/task/{server.process.pid}/children").read_text().split()
    except OSError:
        return 0
    return len(children)


if __name__ == "__main__":
    main()
