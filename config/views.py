"""The server error page: Django's, with the request's reference for the administrator."""

from django.http import HttpResponseServerError
from django.template import loader
from django.views.decorators.csrf import requires_csrf_token


@requires_csrf_token
def server_error(request, template_name="500.html"):
    """Drawn from a bare context, as Django's is (the fault may be in what a fuller one needs),
    plus the request id that the log lines and audit events of this request carry."""
    reference = getattr(request, "request_id", "")
    try:
        body = loader.get_template(template_name).render({"reference": reference})
    except Exception:  # noqa: BLE001 - the error page itself must not fail
        return HttpResponseServerError("<h1>Server Error (500)</h1>", content_type="text/html")
    return HttpResponseServerError(body)
