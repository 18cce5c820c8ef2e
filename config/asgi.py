"""The ASGI application, for an ASGI server; production settings unless told otherwise (as wsgi.py)."""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.production")

application = get_asgi_application()
