import secrets
import time

from django.conf import settings
from django.contrib.auth import logout
from django.http import Http404
from django.shortcuts import redirect
from django.urls import get_resolver, get_urlconf, reverse
from django.utils.cache import patch_cache_control

from .refusals import Refused

SESSION_STARTED_KEY = "session_started_at"


class SessionLifetimeMiddleware:
    """Ends a session 12 hours after sign-in, however active (idle expiry is the cookie age)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            started = request.session.get(SESSION_STARTED_KEY)
            now = time.time()
            if started is None:
                request.session[SESSION_STARTED_KEY] = now
            elif now - started > settings.SESSION_ABSOLUTE_LIMIT_SECONDS:
                logout(request)
                return redirect(f"{reverse(settings.LOGIN_URL)}?expired=1")
        return self.get_response(request)


class PrivatePagesMiddleware:
    """Pages for a signed-in user are not kept by the browser or any cache on the way.

    They show police-only details (victims, offenders, intelligence) and partners' tasks: with
    `no-store`, the Back button or the browser's cache on a shared machine cannot show them
    after sign-out. A response that sets its own Cache-Control (the exports) keeps it.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and not response.has_header("Cache-Control"):
            patch_cache_control(response, no_store=True, private=True)
        return response


class ContentSecurityPolicyMiddleware:
    """Scripts, styles, images and fonts from this site only; no frames, plugins or other bases.

    A script injected into a page (a plan title that slipped past escaping, say) would not run,
    and nothing is loaded from elsewhere. The one inline script (base.html's, which must run
    before the page is drawn) carries this response's nonce. Styles allow inline `style`
    attributes: the charts, Leaflet and htmx set them. The policy is
    settings.CONTENT_SECURITY_POLICY, with `{nonce}` where the nonce goes.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.csp_nonce = secrets.token_urlsafe(16)
        response = self.get_response(request)
        policy = getattr(settings, "CONTENT_SECURITY_POLICY", "")
        if policy and "Content-Security-Policy" not in response:
            response["Content-Security-Policy"] = policy.replace("{nonce}", request.csp_nonce)
        return response


class RefusalMiddleware:
    """The one place a refusal becomes a page: a `partners.refusals.Refused` raised by a view, or
    by the service it called, is answered by the project's own 403 or 404 page with the
    refusal's sentence, and its status. A 404 is the page of a missing object, word for word,
    so it reveals nothing; a 409 (someone else's change in the way) reads as the 403 page, which
    says nothing was changed and to reload.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, Refused):
            return None
        resolver = get_resolver(get_urlconf())
        if exception.status == 404:
            return resolver.resolve_error_handler(404)(request, Http404())
        response = resolver.resolve_error_handler(403)(request, exception)
        response.status_code = exception.status
        return response


def accepts_large_form(max_bytes: int):
    """Mark a view whose form may be larger than DATA_UPLOAD_MAX_MEMORY_SIZE (2.5 MB): a pasted
    map outline. LargeFormMiddleware reads such a body for a signed-in user, so the form comes
    back with its own message ("too long") and everything typed, not a bare 400 page."""

    def mark(view):
        view.form_max_bytes = max_bytes
        return view

    return mark


class LargeFormMiddleware:
    """Reads the body of a form posted to a view marked with `accepts_large_form`, up to its
    limit, before anything else reads it (the CSRF check reads the form: this comes before it).
    Only for a signed-in user and a plain form; every other request keeps Django's limit."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        limit = getattr(view_func, "form_max_bytes", None)
        usual = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        if limit is None or usual is None or request.method != "POST":
            return None
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            return None
        if not usual < length <= limit or request.content_type != "application/x-www-form-urlencoded":
            return None
        if not getattr(request.user, "is_authenticated", False):
            return None
        # HttpRequest.body keeps what it read in _body and checks the limit only before reading:
        # read it here with this view's limit, and everything after reads it as usual.
        request._body = request.read(length)
        return None
