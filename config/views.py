"""The server error pages: Django's 500, with the request's reference for the administrator,
and a 503 when the database is busy or cannot be reached (a timeout, not a fault)."""

import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, HttpResponseServerError
from django.middleware.csrf import get_token
from django.template import loader
from django.views.decorators.csrf import requires_csrf_token

# PostgreSQL's codes for a wait given up (lock_timeout, statement_timeout) and for a server
# that is going away or not there.
BUSY_SQLSTATES = {"55P03", "57014", "40P01"}
UNAVAILABLE_SQLSTATE_CLASSES = {"08", "57"}
MAX_RESENT_FIELDS = 200


def database_trouble(exc) -> str:
    """'busy', 'unavailable', or '' when the exception is not the database being slow or away."""
    if isinstance(exc, InterfaceError):
        return "unavailable"
    if not isinstance(exc, OperationalError):
        return ""
    cause = exc.__cause__
    sqlstate = getattr(cause, "sqlstate", None)
    if (
        sqlstate in BUSY_SQLSTATES
        or "database is locked" in str(exc)
        or "database table is locked" in str(exc)
    ):
        return "busy"
    if sqlstate is None and type(cause).__module__.startswith("psycopg"):
        return "unavailable"  # the connection failed or broke: no answer from a server
    if sqlstate and sqlstate[:2] in UNAVAILABLE_SQLSTATE_CLASSES:
        return "unavailable"
    return ""


def _resend(request) -> tuple[dict | None, bool, bool]:
    """What the user sent, to send again from the page: (form, had files, had a password)."""
    if request.method != "POST":
        return None, False, False
    try:
        posted = [(name, value) for name, values in request.POST.lists() for value in values]
        files = bool(request.FILES)
    except Exception:  # noqa: BLE001 - an unreadable body: nothing to offer again
        return None, False, False
    posted = [(name, value) for name, value in posted if name != "csrfmiddlewaretoken"][:MAX_RESENT_FIELDS]
    passwords = any("password" in name.lower() for name, _ in posted)
    form = {
        "action": request.get_full_path(),
        "token": get_token(request),
        "fields": posted,
        # Shown so the user sees what is kept; the version counters and the like are not words.
        "shown": [(name.replace("_", " ").capitalize(), value) for name, value in posted if value.strip()][
            :30
        ],
    }
    return form, files, passwords


def database_unavailable(request, trouble: str) -> HttpResponse:
    """503: the database was busy past the lock or statement timeout, or could not be reached."""
    resend, files, passwords = _resend(request)
    body = loader.get_template("503.html").render(
        {
            "busy": trouble == "busy",
            "reference": getattr(request, "request_id", ""),
            "resend": resend,
            "files": files,
            "passwords": passwords,
        }
    )
    response = HttpResponse(body, status=503)
    response["Retry-After"] = "30" if trouble == "busy" else "60"
    response["Cache-Control"] = "no-store"
    if getattr(request, "request_id", ""):
        # Set here too: the page may come from a middleware outside the one that sets it.
        response["X-Request-ID"] = request.request_id
    return response


@requires_csrf_token
def server_error(request, template_name="500.html"):
    """Drawn from a bare context, as Django's is (the fault may be in what a fuller one needs),
    plus the request id that the log lines and audit events of this request carry."""
    trouble = database_trouble(sys.exc_info()[1])
    reference = getattr(request, "request_id", "")
    try:
        if trouble:
            return database_unavailable(request, trouble)
        body = loader.get_template(template_name).render({"reference": reference})
    except Exception:  # noqa: BLE001 - the error page itself must not fail
        return HttpResponseServerError("<h1>Server Error (500)</h1>", content_type="text/html")
    return HttpResponseServerError(body)
