"""`/healthz` for a load balancer or monitor: 200 when the database answers, 503 when not.

Answered by the first middleware, before anything else runs: no session is read or written,
no sign-in is needed, nothing is written to the audit trail, and the host and HTTPS checks
(a probe comes straight to the app server) do not apply.
"""

import logging

from django.db import DatabaseError, connections
from django.http import HttpResponse

PATH = "/healthz"

logger = logging.getLogger(__name__)


def database_answers() -> bool:
    """Whether the database answers a query, within the connect and statement timeouts."""
    try:
        with connections["default"].cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except DatabaseError as exc:
        logger.warning("Health check: the database did not answer (%s)", type(exc).__name__)
        return False


def health_response(request) -> HttpResponse:
    if request.method not in ("GET", "HEAD"):
        response = HttpResponse("Method not allowed\n", status=405, content_type="text/plain")
        response["Allow"] = "GET, HEAD"
        return response
    if database_answers():
        response = HttpResponse("ok\n", content_type="text/plain")
    else:
        response = HttpResponse("database unavailable\n", status=503, content_type="text/plain")
        response["Retry-After"] = "10"
    response["Cache-Control"] = "no-store"
    return response


class HealthCheckMiddleware:
    """Answers /healthz itself (first in MIDDLEWARE); every other request goes on."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info == PATH:
            return health_response(request)
        return self.get_response(request)
