"""The WSGI application for an app server (gunicorn: config/gunicorn.conf.py).

An app server runs the production settings unless told otherwise; `manage.py` (runserver,
`make run`) chooses the development ones.
"""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.production")

application = get_wsgi_application()
