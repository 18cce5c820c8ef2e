"""gunicorn's settings: `gunicorn -c config/gunicorn.conf.py` (docs/deploy.md).

The application is config.wsgi (production settings unless DJANGO_SETTINGS_MODULE says
otherwise). Each value can be changed from the environment without editing this file.
"""

import os

from config import settings as app_settings

wsgi_app = "config.wsgi:application"

# Behind the reverse proxy on the same machine (docs/deploy.md): loopback only.
bind = [os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")]

# Sync workers: each request has a process to itself; the database work of a page is short
# and a PDF runs in a child (reports.rendering). By default two per core plus one for pages,
# and one more for each render slot: an export holds its worker while its child renders, so
# PDF_RENDER_CONCURRENCY exports at once still leave the pages their own. An export finding
# no slot free is told at once to try again (PDF_RENDER_QUEUE_SECONDS, default 0) rather than
# holding a worker while it waits. (Threaded workers were measured too: they let exports wait
# without holding a process, but made every page's time inside the server longer under load,
# its threads taking turns at the interpreter.)
workers = int(
    os.environ.get(
        "GUNICORN_WORKERS",
        str(2 * (os.cpu_count() or 1) + 1 + max(1, app_settings.PDF_RENDER_CONCURRENCY)),
    )
)
worker_class = "sync"

# A worker silent for longer is killed and replaced. A PDF export may wait for a render slot
# and then render: the timeout is above both, so gunicorn never kills a worker mid-render
# (the render has its own limit, and a killed worker's render ends with it in any case).
timeout = int(
    os.environ.get(
        "GUNICORN_TIMEOUT",
        str(int(app_settings.PDF_RENDER_QUEUE_SECONDS + app_settings.PDF_RENDER_TIMEOUT + 20)),
    )
)
# A graceful reload (HUP, `systemctl reload`, or `gunicornc -c reload`) starts new workers
# with the new code and lets the old ones finish their requests for up to this long.
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT", str(timeout)))
keepalive = 5

# A worker is replaced after this many requests (spread out so they do not all go at once),
# so memory a long run gathers is given back.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "2000"))
max_requests_jitter = int(os.environ.get("GUNICORN_MAX_REQUESTS_JITTER", "200"))

# gunicorn's control socket (`gunicornc -s PATH`): show workers, reload, add or remove workers,
# shut down. Readable and writable by the service's own user only.
control_socket = os.environ.get(
    "GUNICORN_CONTROL_SOCKET", str(app_settings.DATA_DIR / "run" / "gunicorn.ctl")
)
control_socket_mode = 0o600

# Requests with headers past these sizes are refused before Django sees them.
limit_request_line = 8190
limit_request_fields = 100

# Logs go to standard error (the systemd journal); Django's own lines carry the request id.
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-")
errorlog = "-"
access_log_format = '%(h)s "%(r)s" %(s)s %(b)s %(M)sms "%({x-request-id}o)s"'
proc_name = "hotspot-plans"

# The proxy in front sets X-Forwarded-For and X-Forwarded-Proto; Django reads them
# (TRUSTED_PROXY_COUNT, SECURE_PROXY_SSL_HEADER). gunicorn trusts them from loopback only.
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1,::1")


def on_starting(server):
    os.makedirs(os.path.dirname(control_socket), mode=0o700, exist_ok=True)
    # No request is running yet: temporary uploads and render folders left are a killed
    # worker's, and go.
    import shutil

    for leftover in ("uploads", "pdf"):
        shutil.rmtree(app_settings.TEMP_DIR / leftover, ignore_errors=True)


def post_worker_init(worker):
    # The PDF renderer's fork server starts now, not at a user's first export.
    from reports.rendering import start_renderer

    start_renderer()
