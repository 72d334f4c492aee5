"""One settings module, driven by the environment (see docs/operations.md).

Nothing here is secret: secrets come from the environment or from `NAME_FILE`.
"""

from pathlib import Path

from samordna.database import database_settings, replica_settings
from samordna.env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BASE_DIR.parent.parent
VAR_DIR = Path(env_str("SAMORDNA_VAR_DIR", str(PROJECT_DIR / "var")))

DEBUG = env_bool("SAMORDNA_DEBUG", False)
# The demo key is only accepted while DEBUG is on; production must set SECRET_KEY.
SECRET_KEY = env_str("SECRET_KEY") or ("insecure-demo-key-never-in-production" if DEBUG else "")
if not SECRET_KEY:
    raise RuntimeError("SECRET_KEY måste sättas i miljön när SAMORDNA_DEBUG inte är på.")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000")

INSTALLED_APPS = [
    # First, so that its templates (sign-in, password reset) win over Django's own.
    "samordna.core",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "django_htmx",
    "leaflet",  # only for its static files: Leaflet itself (leaflet/leaflet.js, .css)
    "django_tasks",
    "django_tasks_db",
    "samordna.tabular",
    "samordna.reports",
    "samordna.integrations",
    "samordna.cases",
    "samordna.situation",
    "samordna.meetings",
    "samordna.problems",
    "samordna.tertial",
    "samordna.interventions",
    "samordna.plans",
    "samordna.goals",
    "samordna.surveys",
    "samordna.public",
    # Groups of municipalities with a joint picture (issue 19).
    "samordna.groups",
    # The county's view, the compliance overview and the law's checklist (issue 19).
    "samordna.county",
    "samordna.start",
    "samordna.operations",
    "samordna.api",
    # The demo's commands (`demo`, `load_demo`): above every app, imported by none.
    "samordna.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "samordna.core.middleware.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "samordna.core.middleware.RequestIdMiddleware",
    # Right inside the request id: sees every 401/403, whichever layer gave it.
    "samordna.core.middleware.RefusalMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "samordna.core.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    # Ends a request past SAMORDNA_REQUEST_TIMEOUT with the 503 page (in `serve` only).
    "samordna.core.timeout.RequestTimeoutMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "samordna.core.middleware.MembershipMiddleware",
    "samordna.core.middleware.SecondFactorMiddleware",
    # Outside NoStore: lets the public, sign-in-free pages be cached (samordna.public).
    "samordna.public.middleware.PublicCacheMiddleware",
    "samordna.core.middleware.NoStoreMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Axes must come last so it sees the outcome of every sign-in attempt.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "samordna.urls"
WSGI_APPLICATION = "samordna.wsgi.application"
AUTH_USER_MODEL = "core.User"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "samordna.core.context_processors.shell",
                "samordna.reports.context_processors.feedback",
                "samordna.situation.context_processors.pictures",
            ],
        },
    },
]

# --- Database -----------------------------------------------------------------
DB_POOL = {
    "min_size": env_int("DB_POOL_MIN", 1),
    "max_size": env_int("DB_POOL_MAX", 4),
    "timeout": 10,
}
DATABASES = {
    "default": database_settings(
        env_str("DATABASE_URL"), default_sqlite=VAR_DIR / "samordna.sqlite3", pool=DB_POOL
    )
}
# An optional read replica (docs/operations.md "Primary and replica"): read-only pages
# read from it, everything else from the primary (samordna.core.db_router).
DATABASE_REPLICA_URL = env_str("DATABASE_REPLICA_URL")
SAMORDNA_REPLICA_PIN_SECONDS = env_int("SAMORDNA_REPLICA_PIN_SECONDS", 10)
if DATABASE_REPLICA_URL:
    DATABASES["replica"] = replica_settings(DATABASE_REPLICA_URL, pool=DB_POOL)
    DATABASE_ROUTERS = ["samordna.core.db_router.PrimaryReplicaRouter"]
    MIDDLEWARE.insert(
        MIDDLEWARE.index("django.contrib.sessions.middleware.SessionMiddleware"),
        "samordna.core.replica.ReplicaReadsMiddleware",
    )

# --- Auth and sessions --------------------------------------------------------
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
OIDC_RP_CLIENT_ID = env_str("OIDC_RP_CLIENT_ID")
OIDC_ENABLED = bool(OIDC_RP_CLIENT_ID)
if OIDC_ENABLED:
    AUTHENTICATION_BACKENDS.append("samordna.core.oidc.SamordnaOIDCBackend")
    OIDC_RP_CLIENT_SECRET = env_str("OIDC_RP_CLIENT_SECRET")
    OIDC_RP_SIGN_ALGO = env_str("OIDC_RP_SIGN_ALGO", "RS256")
    OIDC_OP_AUTHORIZATION_ENDPOINT = env_str("OIDC_OP_AUTHORIZATION_ENDPOINT")
    OIDC_OP_TOKEN_ENDPOINT = env_str("OIDC_OP_TOKEN_ENDPOINT")
    OIDC_OP_USER_ENDPOINT = env_str("OIDC_OP_USER_ENDPOINT")
    OIDC_OP_JWKS_ENDPOINT = env_str("OIDC_OP_JWKS_ENDPOINT")
    OIDC_RP_SCOPES = env_str("OIDC_RP_SCOPES", "openid email profile")
    OIDC_USE_PKCE = True
    OIDC_TIMEOUT = 10
# Sign-in through SSO never creates users: an admin invites them first.
OIDC_CREATE_USER = False
LOGIN_REDIRECT_URL_FAILURE = "/konto/logga-in/?sso=misslyckades"

LOGIN_URL = "core:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "core:login"

SESSION_IDLE_MINUTES = env_int("SAMORDNA_SESSION_IDLE_MINUTES", 30)
# Saving on every request makes the cookie age an idle timeout.
SESSION_COOKIE_AGE = SESSION_IDLE_MINUTES * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
if env_bool("SAMORDNA_FAST_HASHER", False):
    # Only for the test suite: real hashing would dominate its run time.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

AXES_FAILURE_LIMIT = env_int("SAMORDNA_LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = env_int("SAMORDNA_LOGIN_COOLOFF_MINUTES", 15) / 60
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_VERBOSE = False
# Usernames in failed attempts can be personal data: keep them out of the logs.
AXES_SENSITIVE_PARAMETERS = ["password", "username"]

OTP_TOTP_ISSUER = "Samordna"

# --- Language and time --------------------------------------------------------
LANGUAGE_CODE = "sv"
LANGUAGES = [("sv", "Svenska"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Stockholm"
USE_I18N = True
USE_TZ = True

# --- Static files ---------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"

CACHES = {
    # Per process: the public pages' two-level cache (samordna.public.caching).
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    # Drawn charts by content (situation.chart_svg.remembered), shared by the workers and
    # kept over restarts: a confirmed picture's charts are drawn once, not per view.
    "charts": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": VAR_DIR / "cache" / "charts",
        "TIMEOUT": 60 * 60 * 24 * 30,
        "OPTIONS": {"MAX_ENTRIES": 5000},
    },
    # The picture page (situation.page_cache): drafts' documents per period and the
    # rendered page body per picture, filter and language, shared by the workers.
    "pages": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": VAR_DIR / "cache" / "pages",
        "TIMEOUT": 60 * 60 * 24 * 7,
        "OPTIONS": {"MAX_ENTRIES": 5000},
    },
}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # No manifest: pages must render before (and without) collectstatic, e.g. in tests.
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
# Served by WhiteNoise straight from the apps while no collectstatic has run.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

# --- Background work -----------------------------------------------------------------
# Tasks are plain functions (each app's tasks.py) queued in the database and run by
# `samordna db_worker`, which the operator starts beside the web server
# (docs/operations.md) and `samordna demo` starts for you. SAMORDNA_TASKS=immediate runs
# each task inside the call that enqueues it: the tests' setting, never production's.
TASKS = {
    "default": {
        "BACKEND": (
            "django_tasks.backends.immediate.ImmediateBackend"
            if env_str("SAMORDNA_TASKS", "database") == "immediate"
            else "django_tasks_db.DatabaseBackend"
        ),
        "QUEUES": ["default"],
    }
}

# --- E-mail -------------------------------------------------------------------------
EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 587)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Samordna <noreply@samordna.invalid>")
# The folder of django.core.mail.backends.filebased.EmailBackend (the browser tests read it).
EMAIL_FILE_PATH = env_str("EMAIL_FILE_PATH")

# --- Security headers -----------------------------------------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SECURE_PROXY_SSL_HEADER = (
    ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("SAMORDNA_BEHIND_PROXY", False) else None
)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = False
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", not DEBUG)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", not DEBUG)
SILENCED_SYSTEM_CHECKS = [
    # HSTS preload is a one-way door for the operator's whole domain: their choice.
    "security.W021",
]

# --- REST API ---------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "samordna.api.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "samordna.api.pagination.Pagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "EXCEPTION_HANDLER": "samordna.api.errors.exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Samordna API",
    "DESCRIPTION": "Samordnas REST-API. Allt är avgränsat till användarens kommuner och roller.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    "SCHEMA_PATH_PREFIX": "/api/v1/",
}

# --- Logging: one JSON line per record, never personal data --------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "samordna.core.logformat.JsonFormatter"}},
    "handlers": {"stdout": {"class": "logging.StreamHandler", "formatter": "json"}},
    "root": {"handlers": ["stdout"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        # Request lines carry URLs and usernames; gunicorn's access log is enough.
        "django.request": {"level": "ERROR"},
        "axes": {"level": "WARNING"},
        # WeasyPrint narrates every step of every PDF at INFO; its warnings still show.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}

# --- Samordna -----------------------------------------------------------------------
# Shown on pages without a municipality (sign-in) when the server runs the demo.
SAMORDNA_DEMO_BANNER = env_bool("SAMORDNA_DEMO_BANNER", False)
SAMORDNA_MAP_TILE_URL = env_str("SAMORDNA_MAP_TILE_URL")
# The views behind the TSI wall, by module: their refusals are recorded without a
# municipality, like the cases module's own events (core.refusals).
SAMORDNA_WALLED_MODULES = ("samordna.cases.", "samordna.api.cases")
# Imports (samordna.tabular.jobs): what one import may take of the worker's memory,
# whatever the file; a file needing more is refused in Swedish, never an OOM kill.
SAMORDNA_IMPORT_MAX_MEMORY_MB = env_int("SAMORDNA_IMPORT_MAX_MEMORY_MB", 300)
# Seconds a request may run before it ends with the Swedish 503 page (samordna.core.
# timeout); below `samordna serve`'s worker timeout (30 s), which kills the worker.
SAMORDNA_REQUEST_TIMEOUT = env_int("SAMORDNA_REQUEST_TIMEOUT", 25)
SAMORDNA_KOLADA_URL = env_str("SAMORDNA_KOLADA_URL", "https://api.kolada.se/v3")

# --- Situation picture --------------------------------------------------------------
# An increase is flagged when its Benjamini-Hochberg q is below ALPHA and the period
# has at least MIN_COUNT observations in the cell (few events are never "a trend").
SITUATION_ALPHA = env_int("SAMORDNA_SITUATION_ALPHA_PERCENT", 5) / 100
SITUATION_MIN_COUNT = env_int("SAMORDNA_SITUATION_MIN_COUNT", 3)
# Hot spots (analysis/hotspots.py): square places of HOTSPOT_CELL metres, each compared
# with its own count over the HOTSPOT_BASELINE weeks before.
SITUATION_HOTSPOT_CELL_M = env_int("SAMORDNA_SITUATION_HOTSPOT_CELL_M", 200)
SITUATION_HOTSPOT_BASELINE = env_int("SAMORDNA_SITUATION_HOTSPOT_BASELINE", 12)

# --- Cases (TSI) ----------------------------------------------------------------------
# Fernet keys, comma-separated: the first encrypts, all decrypt (rotation: docs/cases.md).
# Without them only DEBUG and the test suite run (on a key derived from SECRET_KEY);
# production fails the system check `cases.E001`.
SAMORDNA_CASES_KEYS = env_list("SAMORDNA_CASES_KEYS")
SAMORDNA_CASES_IDLE_MINUTES = env_int("SAMORDNA_CASES_IDLE_MINUTES", 15)
# Defaults for programmes that set nothing themselves.
SAMORDNA_CASES_RETENTION_DAYS = env_int("SAMORDNA_CASES_RETENTION_DAYS", 365)
SAMORDNA_CASES_ESCALATION_DAYS = env_int("SAMORDNA_CASES_ESCALATION_DAYS", 14)

# --- Surveys --------------------------------------------------------------------------
# A survey cell with fewer respondents than this is shown as "färre än N svar", never
# as a number: in pages, exports and the API.
SAMORDNA_SURVEY_MIN_RESPONDENTS = env_int("SAMORDNA_SURVEY_MIN_RESPONDENTS", 10)

# --- Public page ----------------------------------------------------------------------
# The default threshold of a municipality's public page: a count below it is shown as
# "färre än N", never as a number (each municipality may raise it, never below 3).
SAMORDNA_PUBLIC_MIN_COUNT = env_int("SAMORDNA_PUBLIC_MIN_COUNT", 5)
