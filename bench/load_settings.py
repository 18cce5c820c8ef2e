"""The production settings as `python -m bench.load` runs them under gunicorn.

Two changes only: the benchmark's URLconf (the project's pages plus the bare views that are the
baselines), and a first middleware that tells the load client how long the request took inside
the server (a `Server-Timing` header), so the client's own queueing is not counted.
"""

from config.production import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
MIDDLEWARE = ["bench.load_settings.ServerTiming", *MIDDLEWARE]  # noqa: F405


class ServerTiming:
    """`Server-Timing: app;dur=<milliseconds>` on every response, measured around the rest."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        import time

        started = time.perf_counter()
        response = self.get_response(request)
        response["Server-Timing"] = f"app;dur={(time.perf_counter() - started) * 1000:.2f}"
        return response
