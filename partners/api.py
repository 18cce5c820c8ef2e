"""What every endpoint of the API (`/api/v1/`, config/api_urls.py) shares: the client's bearer
token, its scopes, its rate limit, the pages of a list, ETags, and errors as RFC 9457 problem
details from one handler.

A client acts as its own user (partners.api_clients), so the endpoints call the pages'
selectors and services with `request.user`: the same permissions, refusals and audit events.
"""

import hashlib
import json
import math
from http import HTTPStatus

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils import timezone
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import exceptions, status
from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.pagination import PageNumberPagination
from rest_framework.permissions import BasePermission
from rest_framework.response import Response
from rest_framework.throttling import SimpleRateThrottle

from .api_clients import ApiClient, split_token
from .refusals import Refused, refuse

PROBLEM_TYPE = "application/problem+json"


# ---------------------------------------------------------------- who is calling


class ClientTokenAuthentication(BaseAuthentication):
    """`Authorization: Bearer hpp_<key id>_<secret>` of a registered client, checked against its
    hash; a revoked or expired client is refused on its next call (401). The pages' session is
    never read: a signed-in browser cannot be made to call the API (no CSRF to defend)."""

    def authenticate(self, request):
        header = get_authorization_header(request).split()
        if not header:
            return None
        if header[0].lower() != b"bearer" or len(header) != 2:
            raise exceptions.AuthenticationFailed("Send the client's token as: Authorization: Bearer <token>")
        try:
            parts = split_token(header[1].decode("ascii"))
        except UnicodeDecodeError:
            parts = None
        if parts is None:
            raise exceptions.AuthenticationFailed("The token is not one of this service's")
        key_id, secret = parts
        client = ApiClient.objects.select_related("user", "organisation").filter(key_id=key_id).first()
        if client is None or not client.secret_matches(secret):
            raise exceptions.AuthenticationFailed("The token is not valid")
        if client.revoked_at is not None:
            raise exceptions.AuthenticationFailed("This client has been revoked")
        if client.expires_at <= timezone.now():
            raise exceptions.AuthenticationFailed(
                "This client has expired: ask an administrator for a new one"
            )
        if not client.user.is_active or not client.organisation.is_active:
            raise exceptions.AuthenticationFailed("This client's organisation is not active")
        user = client.user
        # The client acts for its organisation (it has no membership row: see partners.api_clients).
        user._organisation = client.organisation
        return user, client

    def authenticate_header(self, request):
        return 'Bearer realm="api"'


class ClientTokenScheme(OpenApiAuthenticationExtension):
    target_class = "partners.api.ClientTokenAuthentication"
    name = "bearer"

    def get_security_definition(self, auto_schema):
        return {"type": "http", "scheme": "bearer", "description": "A registered client's token"}


class IsApiClient(BasePermission):
    def has_permission(self, request, view):
        return isinstance(request.auth, ApiClient)


def require_write_scope(request, *, action: str, target=None, plan=None) -> None:
    """Refuse (403, recorded as `<action>.refused`) a write by a client registered to read only.
    Called once the object is known to be seen (a 404 comes first)."""
    client = request.auth
    if not client.may_write():
        refuse(
            "This client may only read: ask an administrator for a client that writes.",
            action=action,
            actor=request.user,
            target=target,
            plan=plan,
            logged=f"API client {client.name} has no write scope",
        )


class PerClientThrottle(SimpleRateThrottle):
    """Each client's calls per period (settings.API_RATE_LIMIT, "120/min"), counted in Django's
    cache; the 429 says when to try again (Retry-After)."""

    scope = "api_client"

    def get_rate(self):
        return settings.API_RATE_LIMIT

    def get_cache_key(self, request, view):
        if not isinstance(request.auth, ApiClient):
            return None
        return f"api-throttle-{request.auth.pk}"


# ---------------------------------------------------------------- lists and details


class PageNumbers(PageNumberPagination):
    page_size = 50


def etag_of(data) -> str:
    body = json.dumps(data, sort_keys=True, default=str, separators=(",", ":"))
    return '"' + hashlib.sha256(body.encode()).hexdigest()[:40] + '"'


def not_modified(request, etag: str) -> bool:
    sent = request.headers.get("If-None-Match", "")
    tags = {tag.strip().removeprefix("W/") for tag in sent.split(",")}
    return etag in tags or "*" in tags


def detail_response(request, data, *, on_sent=None) -> Response:
    """A detail with its ETag; 304 with no body when the client's If-None-Match holds it already.
    `on_sent` runs only when the content is sent (a consultation is recorded then)."""
    etag = etag_of(data)
    headers = {"ETag": etag, "Cache-Control": "private, no-cache"}
    if not_modified(request, etag):
        return Response(status=status.HTTP_304_NOT_MODIFIED, headers=headers)
    if on_sent is not None:
        on_sent()
    return Response(data, headers=headers)


# ---------------------------------------------------------------- problem details (RFC 9457)


def _problem(status_code: int, detail: str, *, request=None, errors=None, headers=None) -> Response:
    body = {
        "type": "about:blank",
        "title": HTTPStatus(status_code).phrase,  # the status's own phrase: type is about:blank
        "status": status_code,
        "detail": detail,
    }
    if request is not None:
        body["instance"] = request.get_full_path()
    if errors:
        body["errors"] = errors
    return Response(body, status=status_code, headers=headers or {}, content_type=PROBLEM_TYPE)


problem = _problem  # for an endpoint that answers a problem of its own (hotspots.api_batches)


def _flatten(detail) -> dict[str, list[str]]:
    """DRF's or Django's error structure as {field: [messages]} ("" for the whole request)."""
    if isinstance(detail, dict):
        out = {}
        for key, value in detail.items():
            name = "" if key in ("non_field_errors", "__all__") else str(key)
            if isinstance(value, dict):
                for inner, messages in _flatten(value).items():
                    out.setdefault(f"{name}.{inner}" if inner else name, []).extend(messages)
            else:
                out.setdefault(name, []).extend(
                    str(v) for v in (value if isinstance(value, list) else [value])
                )
        return out
    if isinstance(detail, list):
        return {"": [str(v) for v in detail]}
    return {"": [str(detail)]}


def problem_details(exc, context):
    """The one exception handler: every error of the API as application/problem+json."""
    from plans.service_support import TaskStateError

    request = context.get("request")
    if isinstance(exc, Refused):
        if exc.status == 404:
            return _problem(404, "Not found.", request=request)
        return _problem(exc.status, exc.reason, request=request)
    if isinstance(exc, Http404):
        return _problem(404, "Not found.", request=request)
    if isinstance(exc, DjangoValidationError):
        errors = _flatten(exc.message_dict if hasattr(exc, "error_dict") else exc.messages)
        return _problem(
            400, "; ".join(m for ms in errors.values() for m in ms), request=request, errors=errors
        )
    if isinstance(exc, TaskStateError):
        return _problem(409, str(exc), request=request)
    if isinstance(exc, PermissionDenied):
        return _problem(403, str(exc) or "You may not do this.", request=request)
    if isinstance(exc, exceptions.APIException):
        headers = {}
        if getattr(exc, "auth_header", None):
            headers["WWW-Authenticate"] = exc.auth_header
        if isinstance(exc, exceptions.Throttled):
            headers["Retry-After"] = str(max(1, math.ceil(exc.wait or 1)))
            return _problem(429, "Too many calls: try again later.", request=request, headers=headers)
        if isinstance(exc.detail, dict | list):
            errors = _flatten(exc.detail)
            detail = "; ".join(f"{k}: {m}" if k else m for k, ms in errors.items() for m in ms)
            return _problem(exc.status_code, detail, request=request, errors=errors, headers=headers)
        return _problem(exc.status_code, str(exc.detail), request=request, headers=headers)
    return None


def add_problem_responses(result, generator, request, public):
    """drf-spectacular post-processing hook: every operation may answer with a problem."""
    schemas = result.setdefault("components", {}).setdefault("schemas", {})
    schemas["Problem"] = {
        "type": "object",
        "description": "An error, as RFC 9457 problem details.",
        "properties": {
            "type": {"type": "string"},
            "title": {"type": "string"},
            "status": {"type": "integer"},
            "detail": {"type": "string"},
            "instance": {"type": "string"},
            "errors": {
                "type": "object",
                "description": "Messages by field ('' for the whole request)",
                "additionalProperties": {"type": "array", "items": {"type": "string"}},
            },
        },
        "required": ["type", "title", "status", "detail"],
    }
    problem = {PROBLEM_TYPE: {"schema": {"$ref": "#/components/schemas/Problem"}}}
    statuses = {
        "400": "The request is not valid (the messages say why)",
        "401": "No token, or not a valid, current client's",
        "403": "The client may not do this",
        "404": "Not found, or not one this client may see",
        "429": "Too many calls (Retry-After says when to try again)",
    }
    for path in result.get("paths", {}).values():
        for method, operation in path.items():
            responses = operation.setdefault("responses", {})
            for code, description in statuses.items():
                responses.setdefault(code, {"description": description, "content": problem})
            if method in ("post", "put", "patch"):
                responses.setdefault(
                    "409", {"description": "The record's state does not allow this now", "content": problem}
                )
            if code_429 := responses.get("429"):
                code_429.setdefault(
                    "headers", {"Retry-After": {"schema": {"type": "integer"}, "description": "Seconds"}}
                )
    return result
