"""Settings for the hotspot plan tracker, read from the environment.

Development defaults are safe to run on a laptop: SQLite in the project folder,
DEBUG on, console email. `config.production` tightens everything for a real
deployment and refuses to start without a real secret.
"""

import os
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent

DEFAULT_SECRET_KEY = "django-insecure-development-only-do-not-deploy"


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


SECRET_KEY = os.environ.get("SECRET_KEY", DEFAULT_SECRET_KEY)
DEBUG = env_bool("DEBUG", True)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "guardian",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",  # the docs page's Swagger UI, served from here, not a CDN
    "audit",
    "partners",
    "hotspots",
    "plans",
    "reports",
]

MIDDLEWARE = [
    # First: /healthz answers before any session, sign-in, host or audit work (config.health).
    "config.health.HealthCheckMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    # Before the CSRF check, which reads the form: a view may take a larger one (a map outline).
    "partners.middleware.LargeFormMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Before anything that can write an event: the sign-out at the session limit carries
    # the request's id and address too.
    "audit.middleware.RequestContextMiddleware",
    "partners.middleware.SessionLifetimeMiddleware",
    "partners.middleware.PrivatePagesMiddleware",
    "partners.middleware.ContentSecurityPolicyMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # A refusal (partners.refusals.Refused) from a view or its service becomes its page here.
    "partners.middleware.RefusalMiddleware",
    # AxesMiddleware must be last: it turns a lockout into the throttled page.
    "axes.middleware.AxesMiddleware",
]

# Sent with every page (partners.middleware.ContentSecurityPolicyMiddleware). Nothing is
# fetched from another site at run time, so nothing else is allowed.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self' 'nonce-{nonce}'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; "
    "base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
)

ROOT_URLCONF = "config.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "partners.context_processors.service",
            ],
        },
    },
]

WSGI_APPLICATION = "config.wsgi.application"

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "0")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Wait for a writer rather than failing at once: SQLite has one writer at a time.
    # BEGIN IMMEDIATE: a transaction takes the write lock up front, so two writers
    # queue instead of failing when one upgrades from reading to writing.
    # Write-ahead log: pages being read are not blocked by the writer, and a commit appends
    # to one file (still synced on every commit: synchronous stays FULL, for the audit trail).
    # Memory-mapped reads: a connection's own page cache is 2 MB and goes when it closes
    # (after each request unless CONN_MAX_AGE is set), so without a map most pages a query
    # touches cost a read() call. Mapped pages come from the operating system's cache, shared
    # by every connection and process; pages past the mapped size are read as before.
    # SQLITE_MMAP_SIZE (bytes) sets the size; 0 turns it off.
    # Secure delete: a deleted or overwritten row's bytes are zeroed in the file, so personal
    # data disposed of (plans.retention_services) is not left in free pages. Some builds have
    # it on by default; this does not depend on the build.
    # The wait for the write lock is DB_LOCK_TIMEOUT seconds (20 by default: every writer
    # queues behind the one before, not only those touching the same rows).
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        timeout=float(os.environ.get("DB_LOCK_TIMEOUT", "20")),
        transaction_mode="IMMEDIATE",
        init_command=(
            "PRAGMA journal_mode=WAL; "
            f"PRAGMA mmap_size={int(os.environ.get('SQLITE_MMAP_SIZE', 1024 * 1024 * 1024))}; "
            "PRAGMA secure_delete=ON"
        ),
    )

elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # No request waits for ever on the database: a server that does not answer fails the
    # connection after DB_CONNECT_TIMEOUT seconds, a statement is cancelled after
    # DB_STATEMENT_TIMEOUT, and a wait for a row lock (a plan being changed, the audit chain's
    # head) gives up after DB_LOCK_TIMEOUT. Each is answered with a 503 page (config.views).
    # 0 turns a limit off (migrations of a large audit trail: docs/deploy.md).
    # Fails fast within a request once the server has not answered (config/postgresql).
    DATABASES["default"]["ENGINE"] = "config.postgresql"
    _options = DATABASES["default"].setdefault("OPTIONS", {})
    _options.setdefault("connect_timeout", int(os.environ.get("DB_CONNECT_TIMEOUT", "5")))
    _limits = (
        f"-c statement_timeout={int(float(os.environ.get('DB_STATEMENT_TIMEOUT', '30')) * 1000)} "
        f"-c lock_timeout={int(float(os.environ.get('DB_LOCK_TIMEOUT', '10')) * 1000)}"
    )
    _options["options"] = f"{_options['options']} {_limits}" if _options.get("options") else _limits

# The model an audit event's plan_id refers to: the audit search filters by its reference.
AUDIT_PLAN_MODEL = "plans.Plan"

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    # Axes first so a locked-out user is refused before the password is checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    "guardian.backends.ObjectPermissionBackend",
    # The rules of <app>/permissions.py (partners.permissions), for code that asks
    # user.has_perm. The project asks partners.permissions.may instead: User.has_perm says yes
    # to a superuser for any name. The rules' names are no model permission, so guardian's
    # grants and these never answer for the same name.
    "rules.permissions.ObjectPermissionBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Sessions end after 30 minutes idle (the cookie is renewed on every request)
# and after 12 hours at most (SessionLifetimeMiddleware).
SESSION_COOKIE_AGE = 30 * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_ABSOLUTE_LIMIT_SECONDS = 12 * 60 * 60

# Repeated failed sign-ins: 5 failures for one username from one address lock it for 15 minutes.
# Proxies of our own in front of the application (a load balancer, say): the client's address
# is then read from X-Forwarded-For, for the audit trail and the lockout alike. 0: REMOTE_ADDR.
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))
AXES_CLIENT_IP_CALLABLE = "audit.context.client_ip"
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
# Sign-ins are events in the audit trail already; axes keeps only the failures its lockout
# counts (and drops them once they expire), not a second, never-purged log of every sign-in
# with its address and browser.
AXES_DISABLE_ACCESS_LOG = True

# Second factor at sign-in (partners.mfa): an authenticator app (TOTP) with recovery codes,
# set up at the first sign-in. MFA_REQUIRED asks it of everyone (config.production insists:
# `check --deploy` fails without it); off, only managers, administrators and those who set one
# up use it. The demo users (`manage.py demo`) sign in without one under the development
# settings only, so `make run` stays one step; production exempts nobody.
MFA_REQUIRED = env_bool("MFA_REQUIRED", True)
DEMO_USERNAMES = ["officer", "officer2", "manager", "admin", "pastors", "wardens", "bid"]
MFA_EXEMPT_USERNAMES = env_list("MFA_EXEMPT_USERNAMES", ",".join(DEMO_USERNAMES) if DEBUG else "")
# How long a right password waits for its second factor before the sign-in starts again.
MFA_PENDING_SECONDS = 5 * 60
OTP_TOTP_ISSUER = "Hotspot problem-solving plans"

# django-guardian: no anonymous user object; object permissions only where granted.
ANONYMOUS_USER_NAME = None
GUARDIAN_RAISE_403 = False
GUARDIAN_RENDER_403 = False

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static", BASE_DIR / "build" / "static"]

# The service's own files: uploaded evidence (PRIVATE_MEDIA_ROOT, outside the web root and
# served only through a permission-checked view) and its scratch space (TEMP_DIR: uploads in
# progress and PDF renders, on this server's own disk, never the system's shared temp folder).
DATA_DIR = Path(os.environ.get("DATA_DIR", BASE_DIR / "var"))
PRIVATE_MEDIA_ROOT = Path(os.environ.get("PRIVATE_MEDIA_ROOT", DATA_DIR / "private"))
TEMP_DIR = Path(os.environ.get("TEMP_DIR", DATA_DIR / "tmp"))
# Uploads past 2.5 MB wait here while their request runs (created by plans.apps; cleared when
# the app server starts, config/gunicorn.conf.py).
FILE_UPLOAD_TEMP_DIR = str(TEMP_DIR / "uploads")

# PDF reports (reports.rendering): each render runs in a child process, stopped after
# PDF_RENDER_TIMEOUT seconds; at most PDF_RENDER_CONCURRENCY at once on a server (each takes a
# core and about 150 MB), the next waiting up to PDF_RENDER_QUEUE_SECONDS before the user is
# asked to try again (503, with what they typed kept). By default it does not wait: a waiting
# export holds an app server worker the other pages need (bench/load.py: five exports at once,
# each waiting up to 10 s, held all five workers, and the other pages' 95th percentile wait
# grew three to five times).
# The app server's worker timeout must exceed the wait and the render.
PDF_RENDER_TIMEOUT = float(os.environ.get("PDF_RENDER_TIMEOUT", "30"))
PDF_RENDER_CONCURRENCY = int(os.environ.get("PDF_RENDER_CONCURRENCY", "2"))
PDF_RENDER_QUEUE_SECONDS = float(os.environ.get("PDF_RENDER_QUEUE_SECONDS", "0"))
# Readable by the service's own user (and its group), not by every account on the machine:
# evidence may show people.
FILE_UPLOAD_PERMISSIONS = 0o640
FILE_UPLOAD_DIRECTORY_PERMISSIONS = 0o750

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
# A mail server that does not answer fails the send in seconds instead of holding a request, or
# the overdue run's lock on an organisation's tasks, for as long as the connection stays open.
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "10"))
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "hotspot-plans@localhost")

SERVICE_NAME = "Hotspot problem-solving plans"
# The address emails link to (they are read outside any request).
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000")
PROTECTIVE_MARKING = os.environ.get("PROTECTIVE_MARKING", "OFFICIAL-SENSITIVE")
# Years from a plan's closure (or withdrawal, or a decision to keep it) to its review for
# retention, when a manager keeps it or disposes of its personal data. Set by force policy.
PLAN_RETENTION_REVIEW_YEARS = int(os.environ.get("PLAN_RETENTION_REVIEW_YEARS", "6"))

# The audit append is a prepared statement on PostgreSQL (audit.services._append_cursor).
# Off only behind a transaction-mode pooler that cannot keep prepared statements
# (PgBouncer before 1.21, or without max_prepared_statements).
AUDIT_PREPARED_APPEND = env_bool("AUDIT_PREPARED_APPEND", True)

# The audit checkpoint key is never stored in the database (see audit/checkpoint).
AUDIT_CHECKPOINT_KEY = os.environ.get("AUDIT_CHECKPOINT_KEY", "")

# Each line says when, how bad, where from and in which request (the id the response's
# X-Request-ID header, the error page's reference and the request's audit events carry).
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "audit.context.RequestIdFilter"}},
    "formatters": {
        "line": {
            "format": "%(asctime)s %(levelname)s %(name)s [request %(request_id)s] %(message)s",
            "datefmt": "%Y-%m-%d %H:%M:%S%z",  # with the offset: GMT and BST lines read apart
        },
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "line", "filters": ["request_id"]},
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

# The API at /api/v1/ (config/api_urls.py): bearer tokens of registered clients only
# (partners.api_clients), never the pages' session; problem details for every error.
API_RATE_LIMIT = os.environ.get("API_RATE_LIMIT", "120/min")  # per client
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["partners.api.ClientTokenAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["partners.api.IsApiClient"],
    "DEFAULT_THROTTLE_CLASSES": ["partners.api.PerClientThrottle"],
    "DEFAULT_THROTTLE_RATES": {"api_client": API_RATE_LIMIT},
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_PAGINATION_CLASS": "partners.api.PageNumbers",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "partners.api.problem_details",
    "UNAUTHENTICATED_USER": None,
    "PAGE_SIZE": 50,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Hotspot problem-solving plans API",
    "DESCRIPTION": (
        "Plans, tasks, areas, patrols, figures and (for managers' systems) the audit trail. "
        "Authenticate with `Authorization: Bearer <token>` of a client an administrator registered."
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "SWAGGER_UI_SETTINGS": {"validatorUrl": None},  # Swagger's online validator would be a fetch
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "ResponseKindEnum": "plans.models.Response.Kind",
        "PatrolKindEnum": "hotspots.models.PatrolLog.Kind",
    },
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "partners.api.add_problem_responses",
    ],
}
