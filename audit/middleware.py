import uuid

from . import context


class RequestContextMiddleware:
    """Gives every request an id and remembers its address for the audit events it writes."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.request_id = request.headers.get("X-Request-ID", "")[:64] or uuid.uuid4().hex
        token = context.set_current(
            context.RequestContext(
                request_id=request.request_id,
                ip_address=request.META.get("REMOTE_ADDR") or None,
            )
        )
        try:
            response = self.get_response(request)
        finally:
            context.reset(token)
        response["X-Request-ID"] = request.request_id
        return response
