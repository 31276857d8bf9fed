"""Settings for the commemoration site, read from the environment.

Development needs nothing set: SQLite under var/, DEBUG only when DEBUG=1.
Production sets SECRET_KEY, ALLOWED_HOSTS, DATABASE_URL and SITE_URL (see .env.example);
a missing production setting fails loudly instead of falling back to something unsafe, and
a value that can't be read (DEBUG=maybe) is an error naming its variable.
"""

import datetime
import os
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
TRUE_VALUES = {"1", "true", "yes", "on"}
FALSE_VALUES = {"0", "false", "no", "off"}


def envbool(name, default=False):
    # A typo (SECURE_SSL_REDIRECT=ture) must not quietly mean False.
    value = os.environ.get(name, "").strip().lower()
    if not value:
        return default
    if value in TRUE_VALUES | FALSE_VALUES:
        return value in TRUE_VALUES
    raise ImproperlyConfigured(
        f"{name}={os.environ[name]!r} is neither on (1, true, yes, on) nor off (0, false, no, off)."
    )


def envint(name, default):
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={value!r} is not a whole number.") from None


def envurl(name, default=""):
    """An absolute http(s) address without its trailing slash."""
    value = os.environ.get(name, default).strip().rstrip("/")
    if value and not (value.startswith(("http://", "https://")) and urlsplit(value).hostname):
        raise ImproperlyConfigured(
            f"{name}={value!r} is not an absolute address such as https://events.example.org."
        )
    return value


def envfloat(name, default):
    return float(os.environ.get(name) or default)


def envlist(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = envbool("DEBUG", False)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY and DEBUG:
    SECRET_KEY = "development-only-insecure-key"  # noqa: S105 - DEBUG only

ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
# Absolute address of the site, for links in feeds and e-mails.
SITE_URL = envurl("SITE_URL", "http://127.0.0.1:8000" if DEBUG else "")
# Not a setting of its own: the debug page would show its password.
_database_url = os.environ.get("DATABASE_URL", "").strip()
# What a site serving requests must be given when DEBUG is off. The WSGI and ASGI
# applications refuse to start without them, and `check --deploy` names them
# (commemoration/checks.py); commands that serve nothing (makemigrations) still run.
MISSING_PRODUCTION_SETTINGS = (
    []
    if DEBUG
    else [
        name
        for name, value in [
            ("SECRET_KEY", SECRET_KEY),
            ("ALLOWED_HOSTS", ALLOWED_HOSTS),
            ("DATABASE_URL", _database_url),
            ("SITE_URL", SITE_URL),
        ]
        if not value
    ]
)
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS")
# How many proxies of our own stand in front of the site (0: none, clients connect
# directly). Only then is X-Forwarded-For read, and only the entries those proxies wrote:
# access.client.client_address, for every limit and the login lockout.
TRUSTED_PROXY_COUNT = envint("TRUSTED_PROXY_COUNT", 0)
# seed_demo creates accounts whose passwords are published: never on a live site.
ALLOW_DEMO_DATA = envbool("ALLOW_DEMO_DATA", DEBUG)

INSTALLED_APPS = [
    # Django's admin on a site that asks for a second factor where one is set up.
    "access.apps.CommitteeAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "corsheaders",
    "csp",
    "django_countries",
    "django_tasks",
    "django_tasks_db",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "access",
    "commemoration",
    "organizations",
    "events",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "commemoration.middleware.DatabaseUnavailableMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "commemoration.middleware.QueryLanguageMiddleware",
    # After the language is known, so that its 400 page speaks it.
    "commemoration.middleware.RefuseNullCharactersMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # Last, as django-axes asks: turns a locked-out login into its page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "commemoration.urls"
WSGI_APPLICATION = "commemoration.wsgi.application"
ASGI_APPLICATION = "commemoration.asgi.application"

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
                "django.template.context_processors.i18n",
                "commemoration.context_processors.site",
                "commemoration.context_processors.reader_token",
            ],
        },
    },
]

# DATABASE_URL=postgres://... for PostgreSQL; in development, SQLite under var/ by default.
# With DEBUG off and no DATABASE_URL, no database at all rather than a stray SQLite file:
# commands that need none (collectstatic, makemigrations) run, and migrate names the
# missing variable (commemoration/checks.py).
(BASE_DIR / "var").mkdir(exist_ok=True)
if DEBUG and not _database_url:
    _database_url = f"sqlite:///{BASE_DIR / 'var' / 'db.sqlite3'}"


def database_settings(url):
    """One entry of DATABASES from its URL: DATABASE_URL's, and DATABASE_REPLICA_URL's."""
    database = dj_database_url.parse(
        url, conn_max_age=envint("CONN_MAX_AGE", 60), conn_health_checks=True
    )
    if database["ENGINE"] == "django.db.backends.postgresql":
        # A database that is down or hangs answers 503 after this long, never a stalled
        # worker.
        database.setdefault("OPTIONS", {})["connect_timeout"] = envint(
            "DATABASE_CONNECT_TIMEOUT", 3
        )
        # A query that runs longer is cancelled by PostgreSQL, and the request answers
        # 503, before the server's own timeout kills the worker in the middle of it (a 500
        # and a worker to replace). Set for the web workers by gunicorn.conf.py; commands
        # and migrations, which may rightly run longer, go without.
        statement_timeout = envfloat("DATABASE_STATEMENT_TIMEOUT", 0)
        # PostgreSQL's JIT compiles a query whose estimated cost is high before running it,
        # which takes far longer than running the site's indexed queries does: 300 ms of
        # compiling for the 30 ms calendar query at a million events. Off unless
        # DATABASE_JIT=1.
        options = [] if envbool("DATABASE_JIT", False) else ["-c jit=off"]
        if statement_timeout > 0:
            options.append(f"-c statement_timeout={int(statement_timeout * 1000)}")
        if options:
            database["OPTIONS"]["options"] = " ".join(options)
        # psycopg's connection pool, on by default in production (DATABASE_POOL=0 turns it
        # off, e.g. behind PgBouncer): each worker keeps its connections open between
        # requests. Django asks for CONN_MAX_AGE 0 with a pool: the pool keeps them instead.
        if envbool("DATABASE_POOL", not DEBUG):
            database["CONN_MAX_AGE"] = 0
            database["CONN_HEALTH_CHECKS"] = False
            database["OPTIONS"]["pool"] = {
                "min_size": envint("DATABASE_POOL_MIN", 1),
                "max_size": envint("DATABASE_POOL_MAX", 4),
                "timeout": envint("DATABASE_CONNECT_TIMEOUT", 3),
            }
    return database


DATABASES = {
    "default": (
        database_settings(_database_url)
        if _database_url
        else {"ENGINE": "django.db.backends.dummy"}
    )
}
# A read replica of the database (PostgreSQL streaming replication), optional: the
# anonymous public's GET and HEAD requests read from it, everything else — writes, members,
# the admin, the API with a token, commands, the queue's workers — uses the primary
# (commemoration.routers). Without DATABASE_REPLICA_URL there is no router at all.
_replica_url = os.environ.get("DATABASE_REPLICA_URL", "").strip()
if _replica_url:
    DATABASES["replica"] = {
        **database_settings(_replica_url),
        # Tests read the test database through this alias: no second copy to fill.
        "TEST": {"MIRROR": "default"},
    }
    DATABASE_ROUTERS = ["commemoration.routers.ReplicaRouter"]
    # After authentication (and django-otp's wrapping of the user): it asks who is asking.
    MIDDLEWARE.insert(
        MIDDLEWARE.index("django_otp.middleware.OTPMiddleware") + 1,
        "commemoration.middleware.PublicReadsFromReplicaMiddleware",
    )

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"


AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "/my/"
LOGOUT_REDIRECT_URL = "/"

# Times are stored in UTC; each event carries its own IANA zone for display.
USE_TZ = True
TIME_ZONE = "UTC"
USE_I18N = True
LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", _("English")),
    ("es", _("Spanish")),
    ("fr", _("French")),
    ("de", _("German")),
    ("pt", _("Portuguese")),
    ("ru", _("Russian")),
    ("tr", _("Turkish")),
    ("ar", _("Arabic")),
]
LOCALE_PATHS = [BASE_DIR / "locale"]

STATIC_URL = "/static/"
# Where `collectstatic` puts the files that WhiteNoise serves with DEBUG off.
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT") or BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "var" / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# E-mail: the console in development, SMTP from the environment in production.
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = envint("EMAIL_PORT", 25)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = envbool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "commemoration@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Seconds for each step of talking to the mail server; only workers ever wait for it.
EMAIL_TIMEOUT = envint("EMAIL_TIMEOUT", 10)
# Mail and other slow work wait in the database (commemoration.mail) for the workers:
# `manage.py db_worker`, on as many machines as needed (`make run` starts one).
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# Production hardening; `manage.py check --deploy` passes with DEBUG off.
if not DEBUG:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = envbool("SECURE_HSTS_PRELOAD", True)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Content-Security-Policy on every answer: everything from the site itself, nothing inline
# (templates and static/ carry no inline script, style or handler; tests/browser checks it).
# The event page's <script type="application/ld+json"> is a data block, never executed, so
# script-src does not apply to it. Swagger UI (/api/docs/) and the Django admin need
# nothing more: they set styles through the DOM, which style-src allows.
# The map's base layer: by default the country outlines the site serves itself, so that no
# request leaves the site. A deployment may name a tile server ({z}/{x}/{y} URL) and the
# attribution its licence asks for; its host is then allowed in img-src, and only then.
MAP_TILE_URL = os.environ.get("MAP_TILE_URL", "")
MAP_TILE_ATTRIBUTION = os.environ.get("MAP_TILE_ATTRIBUTION", "")
if MAP_TILE_URL and not MAP_TILE_ATTRIBUTION:
    raise ImproperlyConfigured("MAP_TILE_URL needs MAP_TILE_ATTRIBUTION (the tiles' licence).")
_TILE_HOSTS = []
if MAP_TILE_URL:
    from urllib.parse import urlsplit

    _tile_url = urlsplit(MAP_TILE_URL.replace("{s}", "a"))
    _TILE_HOSTS = [f"{_tile_url.scheme}://{_tile_url.netloc.replace('a.', '*.', 1)}"]

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        # data: for the small images that stylesheets and Swagger UI embed. A map's tile
        # server, once the settings name one, is added here and nowhere else.
        "img-src": [SELF, "data:", *_TILE_HOSTS],
        "connect-src": [SELF],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "access.tokens.ExpiringTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticatedOrReadOnly"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    # JSON only: /api/docs/ documents the API, and the browsable API's pages carry
    # inline scripts that a strict CSP forbids.
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    # DRF's parsers, refusing a NUL character in any field (PostgreSQL cannot store one).
    "DEFAULT_PARSER_CLASSES": [
        "commemoration.parsers.JSONParser",
        "commemoration.parsers.FormParser",
        "commemoration.parsers.MultiPartParser",
    ],
    "DEFAULT_THROTTLE_CLASSES": [
        "access.throttling.AnonThrottle",
        "access.throttling.UserThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": os.environ.get("API_THROTTLE_ANON", "120/min"),
        "user": os.environ.get("API_THROTTLE_USER", "600/min"),
    },
    # Only for DRF's own code; our throttles read access.client.client_address.
    "NUM_PROXIES": TRUSTED_PROXY_COUNT,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Commemoration events API",
    "DESCRIPTION": "Public events of the commemoration, and event submission for members.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # Without deep links: Swagger UI puts each operation's link inside the button that
    # opens it, a link in a button that keyboards and screen readers cannot reach alone
    # (axe: nested-interactive). The page stays one scroll of operations to open.
    "SWAGGER_UI_SETTINGS": {"deepLinking": False},
    # Events and organizations both have a `kind`: name their enums apart.
    # The error answers (400, 401, 403, 404, 429, 304…) of every operation, in one place.
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "commemoration.schema.document_error_responses",
    ],
    "ENUM_NAME_OVERRIDES": {
        "EventKindEnum": "events.models.Event.Kind",
        "EventStatusEnum": "events.models.Event.Status",
        "OrganizationKindEnum": "organizations.models.Organization.Kind",
    },
}
# The public API may be read from any site's pages; writes need a token, not cookies.
CORS_URLS_REGEX = r"^/api/.*$"
CORS_ALLOW_ALL_ORIGINS = True
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS"]

CACHES = {
    "default": (
        {
            # Redis that is down or hangs costs at most these timeouts, then the site runs
            # without the cache for a while (commemoration.cache).
            "BACKEND": "commemoration.cache.TolerantRedisCache",
            "LOCATION": os.environ["REDIS_URL"],
            "OPTIONS": {
                "socket_connect_timeout": envfloat("REDIS_TIMEOUT", 0.5),
                "socket_timeout": envfloat("REDIS_TIMEOUT", 0.5),
            },
        }
        if os.environ.get("REDIS_URL")
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}
# Anonymous readers' pages and API answers kept in the cache under the public data
# version (events.caching): only with a cache every process shares, where a change made
# anywhere renews the version everywhere at once.
PUBLIC_ANSWERS_SHARED = envbool("PUBLIC_ANSWERS_SHARED", bool(os.environ.get("REDIS_URL")))
# How long a kept answer may stay unasked for; 0 keeps none (ETags still come from the
# version).
PUBLIC_ANSWER_SECONDS = envint("PUBLIC_ANSWER_SECONDS", 10 * 60)
# How long each event's VEVENT, once written, is kept in the shared cache for the
# iCalendar feeds and exports (events.feeds.kept_vevents); 0 writes every event each time.
# Keyed by the event's last change, so never stale: a long time costs only cache memory.
FEED_FRAGMENT_SECONDS = envint(
    "FEED_FRAGMENT_SECONDS", 7 * 24 * 60 * 60 if PUBLIC_ANSWERS_SHARED else 0
)
# s-maxage of API answers and feeds: how long a shared cache in front (a CDN) may serve
# one without asking. 0: it keeps them, and asks each time (a 304 costs no query here);
# more trades freshness of decisions for load.
CDN_MAX_AGE = envint("CDN_MAX_AGE", 0)

# --- Abuse: limits, lockout, tokens, sessions -----------------------------------------
# (TRUSTED_PROXY_COUNT is set above, before REST_FRAMEWORK reads it.)
# The site's own limits (access.limits), per address, per user and, where named, per
# e-mail address: "N/s", "N/min", "N/hour" or "N/day".
THROTTLE_RATES = {
    "join": os.environ.get("THROTTLE_JOIN", "10/hour"),
    "password_reset": os.environ.get("THROTTLE_PASSWORD_RESET", "5/hour"),
    # Creating and submitting events, in the member area and the API together.
    "submission": os.environ.get("THROTTLE_SUBMISSION", "60/hour"),
    # Requests with a wrong, expired or revoked API token, per address.
    "token_failure": os.environ.get("THROTTLE_TOKEN_FAILURE", "20/hour"),
    # The event form's place suggestions (one request per few letters typed).
    "places": os.environ.get("THROTTLE_PLACES", "600/hour"),
}
# Login lockout (django-axes) on /accounts/login/ and /admin/login/: after
# LOGIN_FAILURE_LIMIT wrong passwords for one account, or from one address, every login
# there is refused, the right password too, for LOGIN_COOLOFF_MINUTES after the last one.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = envint("LOGIN_FAILURE_LIMIT", 10)
AXES_COOLOFF_TIME = datetime.timedelta(minutes=envint("LOGIN_COOLOFF_MINUTES", 30))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_USERNAME_CALLABLE = "access.lockout.login_name"
AXES_CLIENT_IP_CALLABLE = "access.client.client_address"
AXES_LOCKOUT_CALLABLE = "access.lockout.locked_out"
# Failures are kept (the admin lists them, and deleting one lifts its lockout); successful
# logins are not: members' addresses are nobody's business.
AXES_DISABLE_ACCESS_LOG = True
# API tokens work for this many days after they are made (renewed on /my/token/).
API_TOKEN_DAYS = envint("API_TOKEN_DAYS", 90)
# Members stay logged in for a week; a committee login ends after STAFF_SESSION_HOURS.
SESSION_COOKIE_AGE = envint("SESSION_DAYS", 7) * 24 * 60 * 60
STAFF_SESSION_HOURS = envint("STAFF_SESSION_HOURS", 12)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
}

# Hosts whose links make the committee look twice at a submission (events.flags), for
# example link shorteners that hide where they lead: a comma-separated list.
BLOCKED_LINK_HOSTS = envlist("BLOCKED_LINK_HOSTS", "bit.ly,tinyurl.com,t.ly,is.gd")

# The daily `send_reminders`: events waiting longer than this get into the committee's digest.
MODERATION_REMINDER_HOURS = envint("MODERATION_REMINDER_HOURS", 48)
