"""The request an audit event happens in: id and address, without passing the request around."""

import contextlib
import contextvars
import ipaddress
import logging
from dataclasses import dataclass

from django.conf import settings


@dataclass(frozen=True)
class RequestContext:
    request_id: str = ""
    ip_address: str | None = None


_EMPTY = RequestContext()
_current: contextvars.ContextVar[RequestContext | None] = contextvars.ContextVar(
    "audit_request_context", default=None
)


def current() -> RequestContext:
    return _current.get() or _EMPTY


def set_current(ctx: RequestContext):
    return _current.set(ctx)


def reset(token) -> None:
    _current.reset(token)


@contextlib.contextmanager
def as_request(request_id: str):
    """Events written inside carry this request id: a command's writes, told apart later."""
    token = set_current(RequestContext(request_id=request_id))
    try:
        yield
    finally:
        reset(token)


def client_ip(request) -> str | None:
    """The address the request came from, for the audit trail and the sign-in lockout (axes).

    REMOTE_ADDR, unless settings.TRUSTED_PROXY_COUNT says the application sits behind that many
    proxies of our own: each appends the address it was reached from to X-Forwarded-For, so the
    client's is that many places from the end. What a client wrote further left is not trusted,
    and a list too short or an entry that is not an address falls back to REMOTE_ADDR.
    """
    remote = request.META.get("REMOTE_ADDR") or None
    hops = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    if hops <= 0:
        return remote
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    forwarded = [part for part in forwarded if part]
    if len(forwarded) < hops:
        return remote
    try:
        return str(ipaddress.ip_address(forwarded[-hops]))
    except ValueError:
        return remote


class RequestIdFilter(logging.Filter):
    """Puts the request's id on every log record (settings.LOGGING), so a line in the log, the
    reference an error page shows and the request's audit events can be matched up."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = current().request_id or "-"
        return True
