"""Production settings: everything from the environment, nothing insecure by default."""

import os

from django.core.exceptions import ImproperlyConfigured
from whitenoise.compress import Compressor

from .settings import *  # noqa: F403
from .settings import DATABASES, DEFAULT_SECRET_KEY, MIDDLEWARE, env_bool, env_list

DEBUG = False

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY or SECRET_KEY == DEFAULT_SECRET_KEY or len(SECRET_KEY) < 50:
    raise ImproperlyConfigured(
        "Set SECRET_KEY to a long random value (50 characters or more); "
        "production refuses the development default."
    )

if not os.environ.get("ALLOWED_HOSTS"):
    raise ImproperlyConfigured("Set ALLOWED_HOSTS to the host names this service answers on.")

SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_SECURE = True
X_FRAME_OPTIONS = "DENY"

# Everyone signs in with a second factor; nobody is exempt (partners.checks fails
# `check --deploy` otherwise).
MFA_REQUIRED = env_bool("MFA_REQUIRED", True)
MFA_EXEMPT_USERNAMES = env_list("MFA_EXEMPT_USERNAMES", "")

# Persistent database connections, checked before reuse: a request does not pay for a new
# connection, and the audit append stays prepared on it (audit.services._append_cursor).
DATABASES["default"]["CONN_MAX_AGE"] = int(os.environ.get("CONN_MAX_AGE", "60"))
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True

# Where collectstatic gathers the files the application serves (default: staticfiles/).
STATIC_ROOT = os.environ.get("STATIC_ROOT") or STATIC_ROOT  # noqa: F405

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# Source maps are read by a developer's browser tools, never by a page: compressing them (7 MB
# of the API documentation's, in gzip and brotli) took half of collectstatic's time.
WHITENOISE_SKIP_COMPRESS_EXTENSIONS = (*Compressor.SKIP_COMPRESS_EXTENSIONS, "map")

# Static files served by the application itself, compressed and with hashed names: after the
# health check and the security headers, before sessions.
_security = MIDDLEWARE.index("django.middleware.security.SecurityMiddleware")
MIDDLEWARE = [
    *MIDDLEWARE[: _security + 1],
    "whitenoise.middleware.WhiteNoiseMiddleware",
    *MIDDLEWARE[_security + 1 :],
]
