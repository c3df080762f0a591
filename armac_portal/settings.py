"""Settings for the ARMAC Portal: one module, every deployment difference read from the environment.

Safe for production by default; the local conveniences (a generated SECRET_KEY, permissive hosts)
exist only when DEBUG is on.
"""

import os
import sys
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name, default=False):
    """Read a yes/no environment variable; anything but a clear yes is no."""
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    """Read a comma-separated environment variable into a list, dropping blanks."""
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG")

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        # One plain sentence instead of a traceback: production must never run on a known key.
        sys.exit("The portal will not start: set SECRET_KEY in the environment (or DEBUG=1 for local use).")
    SECRET_KEY = "insecure-local-development-key-only-used-when-DEBUG-is-on"  # noqa: S105 - DEBUG only

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    # Form widgets render through TEMPLATES (FORM_RENDERER below), so templates/ can override one.
    "django.forms",
    # Needed for the trigram search indexes (OpClass in an index); harmless on SQLite installs.
    "django.contrib.postgres",
    "django_filters",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "axes",
    "armac_portal",
    # Shared base of the apps below (partial dates, publication, list/detail views, filters, API base).
    "core",
    "registry",
    "events",
    "intake",
    # django-simple-history: every change kept with who/when and reverted from the admin (see registry/admin).
    "simple_history",
    # --- exports: background tasks (Django's tasks framework backport and its database queue) ---
    "django_tasks",
    "django_tasks_db",
    # --- end exports ---
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # A database that cannot be reached gives visitors a plain 503 page, not a 500 (armac_portal/operations.py).
    "armac_portal.operations.DatabaseUnavailableMiddleware",
    # Anonymous GETs answered from the cache, keyed by the content version (armac_portal/caching.py);
    # after authentication (staff are never cached), before the rest (a hit skips them).
    "armac_portal.caching.PublicCacheMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Records which staff member made each change, inline rows included.
    "simple_history.middleware.HistoryRequestMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "armac_portal.security.ContentSecurityPolicyMiddleware",
    "armac_portal.security.RefuseNulCharactersMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into a 429 page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "armac_portal.urls"

# Widgets are rendered with the project's template engine, so templates/django/forms/widgets/ can
# override Django's own (the select widget there writes its options inline).
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

# A filter left open reads "Any" in the list pages' select boxes, not Django's "---------".
FILTERS_EMPTY_CHOICE_LABEL = _("Any")

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

WSGI_APPLICATION = "armac_portal.wsgi.application"

# An embedded SQLite file by default; DATABASE_URL=postgres://... for PostgreSQL.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
# Make each request (and so each admin save with its inlines) one transaction.
DATABASES["default"]["ATOMIC_REQUESTS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # A web request's queries are short: starting parallel workers for them costs more than it saves
    # (a search's count was slower with two workers than without, BENCHMARKS.md) and under load the
    # workers take the cores other requests need; compiling them with JIT likewise (much of the full
    # events CSV's time went to compiling its query). Long reports can SET them back in their session.
    # Server-side cursors (QuerySet.iterator: the CSV exports, the management commands) are always read
    # to the end, so they are planned for the whole result (cursor_tuple_fraction=1) rather than for
    # their first tenth, which made the full events CSV's statement slower (figures in BENCHMARKS.md).
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = (
        "-c max_parallel_workers_per_gather=0 -c jit=off -c cursor_tuple_fraction=1"
    )

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache (armac_portal/caching.py) ---------------------------------------------------------------
# One cache holds the anonymous pages and API responses, the content version that invalidates them,
# and the API's throttle counts, so it must be shared by every app-server process in production.


def cache_settings(redis_url, debug):
    """CACHES for this deployment: Redis when named, else process memory (DEBUG) or the database."""
    if redis_url:
        # Django's RedisCache, with a stopped Redis treated as a miss (armac_portal/cache_backend.py).
        return {"default": {"BACKEND": "armac_portal.cache_backend.TolerantRedisCache", "LOCATION": redis_url}}
    if debug:
        return {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    # Without Redis, production still shares counts and pages between processes and servers through
    # the database (`manage.py createcachetable` creates the table; `make data` runs it).
    # Beyond MAX_ENTRIES Django deletes a third of the rows: a lost page is rebuilt, a lost version
    # is replaced by a new one (every page rebuilt), a lost throttle count starts again.
    return {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "armac_cache",
            "OPTIONS": {"MAX_ENTRIES": 5000},
        }
    }


REDIS_URL = os.environ.get("REDIS_URL", "")
CACHES = cache_settings(REDIS_URL, DEBUG)
# PUBLIC_CACHE=0 answers every request from its view (the Cache-Control headers stay).
PUBLIC_CACHE = env_bool("PUBLIC_CACHE", default=True)
# Seconds a browser, CDN or proxy may reuse an anonymous response before revalidating it by ETag.
PUBLIC_CACHE_MAX_AGE = int(os.environ.get("PUBLIC_CACHE_MAX_AGE", "10"))
# Bodies larger than this are served but not kept in the cache (the full CSV exports are streamed).
PUBLIC_CACHE_MAX_BYTES = int(os.environ.get("PUBLIC_CACHE_MAX_BYTES", str(2 * 1024 * 1024)))
# --- end cache ---------------------------------------------------------------------------------------

# The export API (core/api.py): read-only, JSON/CSV, anonymous clients throttled per address
# (counts kept in the cache above), staff identified by a token (Authorization: Token <key>).
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["rest_framework.authentication.TokenAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["core.api_policy.ReadOnly"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "core.api_policy.ApiPagination",
    "DEFAULT_CONTENT_NEGOTIATION_CLASS": "core.api_policy.StrictContentNegotiation",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "core.api_policy.exception_handler",
    "DEFAULT_THROTTLE_CLASSES": [
        "rest_framework.throttling.AnonRateThrottle",
        "rest_framework.throttling.UserRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": os.environ.get("API_THROTTLE_ANON", "120/minute"),
        "user": os.environ.get("API_THROTTLE_USER", "1200/minute"),
    },
    # The client address is REMOTE_ADDR unless BEHIND_PROXY says one proxy sets X-Forwarded-For;
    # otherwise a client could dodge the throttle by inventing that header.
    "NUM_PROXIES": int(os.environ.get("API_NUM_PROXIES", "1" if env_bool("BEHIND_PROXY") else "0")),
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
API_PAGE_SIZE = int(os.environ.get("API_PAGE_SIZE", "50"))
API_MAX_PAGE_SIZE = int(os.environ.get("API_MAX_PAGE_SIZE", "200"))

SPECTACULAR_SETTINGS = {
    "TITLE": "ARMAC Portal export API",
    "DESCRIPTION": (
        "Read-only records of the ASEAN Regional Mine Action Centre: events, partners, people, countries, "
        "agreements, studies, source documents and themes. Every list takes the filters of its HTML page, "
        "`page`/`page_size`, `modified_since` for incremental sync and `format=csv` for the whole filtered "
        "list as one CSV file."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # The docs page loads Swagger UI from our own static files (drf-spectacular-sidecar), never a CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # Every operation works without credentials too (published records only): the token is optional.
    "SECURITY": [{}],
    "ENUM_NAME_OVERRIDES": {"DatePrecisionEnum": "core.dates.DatePrecision"},
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "core.api.document_error_responses",
        # site (issue 15): an empty query parameter means "not given"; the schema says so.
        "core.api.document_empty_parameters",
    ],
}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# django-axes checks every login first: after AXES_FAILURE_LIMIT failures from one username at one
# address, that pair is refused (HTTP 429) even with the right password until the cool-off ends.
# The address alone counts too (failures summed over every username tried from it), so password
# spraying (a few guesses at many accounts from one address) locks that address after the same
# number of failures; staff elsewhere are not affected.
AUTHENTICATION_BACKENDS = [
    "armac_portal.security.LockoutBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("AXES_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = ["ip_address", ["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "armac_portal.security.client_ip"
# Masked in the stored attempt (the password always is): no CSRF token sits in the database.
AXES_SENSITIVE_PARAMETERS = ["username", "ip_address", "csrfmiddlewaretoken"]
# No start-up banner on every command; armac_portal.security logs each attempt itself.
AXES_VERBOSE = False

# Staff sessions last a working day at most and end when the browser closes.
SESSION_COOKIE_AGE = 60 * 60 * 8
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Phnom_Penh"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        # DEBUG runs need no collectstatic; production serves hashed, compressed names.
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage",
    },
}

# The admin's address is configurable so it is not where every scanner looks first.
ADMIN_URL = os.environ.get("ADMIN_URL", "admin/").strip("/") + "/"

# The directory holding the verbatim source documents the fixtures cite.
SOURCE_DOCUMENTS_DIR = BASE_DIR / "fixtures" / "sources"

# The organisation that runs the portal: its record (by slug) is the About and Contact pages
# (registry.views.AboutView, ContactView), so those pages say only what its cited record says.
PORTAL_OWNER_SLUG = os.environ.get("PORTAL_OWNER_SLUG", "armac")

# --- Hardening -------------------------------------------------------------------------------------
# Behind a TLS-terminating proxy (nginx, a load balancer) set BEHIND_PROXY=1: the proxy's
# X-Forwarded-Proto then says whether the visitor used https, and its X-Forwarded-For which address
# the visitor came from (for login lockouts). Never set it without such a proxy: clients could forge both.
BEHIND_PROXY = env_bool("BEHIND_PROXY")
if BEHIND_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

X_FRAME_OPTIONS = "DENY"


# -- Static files carry the pages' security headers (issue 13) -------------------------------------
def _static_file_headers(headers, path, url):
    # Imported when WhiteNoise first serves a file, after settings have loaded (security.py reads them).
    from armac_portal.security import static_file_headers

    static_file_headers(headers, path, url)


WHITENOISE_ADD_HEADERS_FUNCTION = _static_file_headers
# -- end of static file headers ---------------------------------------------------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True

if not DEBUG:
    # https only, and browsers remember it for a year; local DEBUG runs stay on plain http.
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=True)
    # Load balancers probe over plain http inside the network; a redirect would read as "down".
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    SECURE_HSTS_SECONDS = 60 * 60 * 24 * 365
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True

# Sent on every response, admin included (armac_portal.security). Nothing inline anywhere: our
# templates, the admin and its widgets load scripts and styles only from our own static files.
CONTENT_SECURITY_POLICY = {
    "default-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "style-src": ["'self'"],
    "script-src": ["'self'"],
    "form-action": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'none'"],
    "frame-ancestors": ["'none'"],
}

# One JSON object per line on stderr, with passwords, cookies, tokens and session data redacted.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"redact_secrets": {"()": "armac_portal.logging.RedactSecretsFilter"}},
    "formatters": {"json": {"()": "armac_portal.logging.JsonFormatter"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "json", "filters": ["redact_secrets"]},
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        # Django's own handlers (plain-text console, mail to ADMINS) give way to the JSON handler above.
        "django": {"handlers": [], "level": "INFO", "propagate": True},
        # Even at LOG_LEVEL=DEBUG: its SQL lines carry parameters (password hashes, session data).
        "django.db.backends": {"level": "INFO"},
        # armac_portal.security logs every login attempt; django-axes' own INFO lines would repeat them.
        "axes": {"level": "WARNING"},
    },
}


# --- exports: background tasks ----------------------------------------------------------------------
# Stored event exports are rebuilt by a task (events.tasks) after the commit that made them stale.
# TASKS_BACKEND=database queues tasks in this database for `manage.py db_worker` (production: run it
# as its own process); TASKS_BACKEND=immediate runs each task as it is enqueued (development, tests).
TASKS_BACKEND = os.environ.get("TASKS_BACKEND", "immediate" if DEBUG else "database")
if TASKS_BACKEND not in {"immediate", "database"}:
    sys.exit(f"TASKS_BACKEND must be immediate or database, not {TASKS_BACKEND!r}.")
TASKS = {
    "default": {
        "BACKEND": {
            "immediate": "django_tasks.backends.immediate.ImmediateBackend",
            "database": "django_tasks_db.DatabaseBackend",
        }[TASKS_BACKEND],
    }
}
# --- end exports ---
