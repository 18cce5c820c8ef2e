import re
import uuid

from . import context

# A proxy's request id (letters, digits, dashes, dots, underscores, colons) ties an event to its
# logs; anything else a client sends is not written into the audit trail, and gets an id of ours.
REQUEST_ID = re.compile(r"[A-Za-z0-9._:-]{1,64}")


def request_id_of(request) -> str:
    sent = request.headers.get("X-Request-ID", "")
    return sent if REQUEST_ID.fullmatch(sent) else uuid.uuid4().hex


class RequestContextMiddleware:
    """Gives every request an id and remembers its address for the audit events it writes."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.request_id = request_id_of(request)
        token = context.set_current(
            context.RequestContext(
                request_id=request.request_id,
                ip_address=context.client_ip(request),
            )
        )
        try:
            response = self.get_response(request)
        finally:
            context.reset(token)
        response["X-Request-ID"] = request.request_id
        return response
