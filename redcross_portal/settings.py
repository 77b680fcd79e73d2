"""Settings for the 红十字会基层组织备案与管理平台, read from the environment.

One file for every environment: what differs (database, secrets, debug, hosts) comes from
environment variables, so development, CI and production never drift apart.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    return os.environ.get(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


# Under pytest (which sets PYTEST_VERSION) the suite runs with production settings, DEBUG off,
# and fills in only what a test machine lacks: a key, plain HTTP, and tasks run in-process.
# What the calling shell exported for running the portal (scripts/run.sh exports DEBUG=1) is
# dropped once, in the test run's own process; a process a test starts keeps what the test gives it.
SHELL_SETTINGS = ("DEBUG", "ALLOWED_HOSTS", "SECRET_KEY", "CSRF_TRUSTED_ORIGINS", "SECURE_SSL_REDIRECT",
                  "SECURE_COOKIES", "SITE_URL", "TASKS_BACKEND", "STATS_CACHE_SECONDS", "SCOPING_STRICT",
                  "EMAIL_BACKEND")
if os.environ.get("PYTEST_VERSION"):
    if not os.environ.get("PORTAL_TEST_RUN"):
        for name in SHELL_SETTINGS:
            os.environ.pop(name, None)
        os.environ["PORTAL_TEST_RUN"] = "1"
    os.environ.setdefault("SECRET_KEY", "test-only-secret-key-not-for-production-use-0123456789")
    os.environ.setdefault("SECURE_SSL_REDIRECT", "0")
    os.environ.setdefault("SECURE_COOKIES", "0")
    os.environ.setdefault("TASKS_BACKEND", "django.tasks.backends.immediate.ImmediateBackend")
    os.environ.setdefault("STATS_CACHE_SECONDS", "0")  # a test that wants the cache sets it

DEBUG = env_bool("DEBUG", False)
# The development key is only accepted while DEBUG is on; production must set SECRET_KEY.
SECRET_KEY = os.environ.get("SECRET_KEY") or ("dev-only-insecure-key" if DEBUG else "")
if not SECRET_KEY:
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured("请设置环境变量 SECRET_KEY（生产环境必填）。")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "treebeard",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_filters",
    "import_export",
    "django_tasks_db",
    "axes",
    "simple_history",
    "orgs",
    "notifications",
    "filings",
    "notices",
    "members",
    "grassroots",
    "volunteers",
    "reports",
    "jobs",
    "campaigns",
    "signing",
    "api",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",  # Swagger UI's files, served by the portal itself (no CDN)
    "relief",
    "training",
    "demo",  # manage.py load_demo: writes through every app above, nothing imports it
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "orgs.middleware.QueryCheckMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "orgs.middleware.SessionLifetimeMiddleware",
    "orgs.middleware.AuditMiddleware",
    "orgs.middleware.ForcePasswordChangeMiddleware",
    "orgs.middleware.OnceMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",
    "orgs.middleware.StrictScopingMiddleware",
]
# Row 4: an unscoped query of a tree-placed model inside a view raises (orgs/querysets.py).
SCOPING_STRICT = env_bool("SCOPING_STRICT", DEBUG or bool(os.environ.get("PYTEST_VERSION")))

ROOT_URLCONF = "redcross_portal.urls"
WSGI_APPLICATION = "redcross_portal.wsgi.application"

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
                "django.template.context_processors.csp",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # PostgreSQL's JIT compiler spends more time compiling each statistics query over a province
    # than it saves on queries this size (bench/EXPLAIN.md); off for the portal's sessions.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("options", "-c jit=off")
else:
    # The statistics' covering indexes (Index.include) are a PostgreSQL optimisation; SQLite builds
    # the same indexes on their key columns, which is all the embedded set-up needs.
    SILENCED_SYSTEM_CHECKS = ["models.W040"]
if os.environ.get("DATABASE_REPLICA_URL"):
    # A PostgreSQL streaming replica for the heavy reads (lib/replica.py); in tests it mirrors default.
    DATABASES["replica"] = {
        **dj_database_url.parse(os.environ["DATABASE_REPLICA_URL"],
                                conn_max_age=DATABASES["default"]["CONN_MAX_AGE"], conn_health_checks=True),
        "OPTIONS": DATABASES["default"].get("OPTIONS", {}),
        "TEST": {"MIRROR": "default"},
    }
DATABASE_ROUTERS = ["lib.replica.ReplicaRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "orgs.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # refuses locked-out users before the password is checked
    "orgs.backends.PortalBackend",  # Django's ModelBackend, the account's org loaded with it
]

# 等保 8.1.4.1 a: length, not common, not context words, mixed character classes (see SECURITY.md
# for the deviation from ASVS, which forbids composition rules).
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "orgs.passwords.CharacterClassesValidator"},
    {"NAME": "orgs.passwords.ContextWordsValidator"},
]

# Lock-out (等保 8.1.4.1 b; ASVS 6.3.1; orgs/lockout.py): 5 failures of one login name from one
# client address → that pair locked 15 minutes; a name failing from 3+ addresses within the hour →
# 1 hour; one address failing 30 times across names (credential stuffing) → locked for every name.
AXES_FAILURE_LIMIT = 5
LOGIN_COOLOFF = timedelta(minutes=15)
LOGIN_COOLOFF_SPREAD = timedelta(hours=1)
LOGIN_SPREAD_ADDRESSES = 3
LOGIN_IP_FAILURE_LIMIT = 30
AXES_COOLOFF_TIME = "orgs.lockout.cool_off"
AXES_LOCKOUT_PARAMETERS = "orgs.lockout.parameters"
AXES_USE_ATTEMPT_EXPIRATION = True  # each failure expires after its own cool-off, not everyone's shortest
AXES_ENABLE_ACCESS_FAILURE_LOG = True  # kept past the cool-off: the addresses a name failed from
AXES_CLIENT_IP_CALLABLE = "lib.proxies.client_ip"
# The reverse proxies (IPs or networks, comma-separated) whose X-Forwarded-For is believed; the
# client address of lock-out, audit log and the public form's throttle (lib/proxies.py).
TRUSTED_PROXIES = env_list("TRUSTED_PROXIES")
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_VERBOSE = False
AXES_USERNAME_CALLABLE = "lib.audit.axes_username"

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文")]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
# Front-end packages come from npm (package.json) and are served by the portal itself:
# government intranets have no internet, so there is never a CDN link.
NODE_MODULES = BASE_DIR / "node_modules"
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("vendor/bootstrap", NODE_MODULES / "bootstrap" / "dist"),
    ("vendor/bootstrap-icons", NODE_MODULES / "bootstrap-icons" / "font"),
    ("vendor/chart.js", NODE_MODULES / "chart.js" / "dist"),
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = DEBUG

# Uploaded files (scans, seals) live outside any web root and are only served by scoped views.
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "var" / "media"))
# …or, when MEDIA_S3_BUCKET is set, in a private bucket of an S3-compatible store (MinIO, OSS, COS, …)
# through django-storages: several web servers then share one store. Still served only by scoped views.
if os.environ.get("MEDIA_S3_BUCKET"):
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": os.environ["MEDIA_S3_BUCKET"],
            "endpoint_url": os.environ.get("MEDIA_S3_ENDPOINT_URL") or None,
            "region_name": os.environ.get("MEDIA_S3_REGION") or None,
            "access_key": os.environ.get("MEDIA_S3_ACCESS_KEY_ID") or None,
            "secret_key": os.environ.get("MEDIA_S3_SECRET_ACCESS_KEY") or None,
            "location": os.environ.get("MEDIA_S3_PREFIX", "media"),
            "default_acl": "private",
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }
MEDIA_URL = "/media-not-served/"
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

# The blank choice of a list's filter (django-filter's default is "---------"): no filter means all.
FILTERS_EMPTY_CHOICE_LABEL = "全部"

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

TASKS = {
    "default": {
        "BACKEND": os.environ.get("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}
# Background jobs (jobs/runner.py, jobs/sweeper.py): a running job writes a heartbeat every few
# seconds; one silent for JOBS_STALE_SECONDS has lost its worker and is failed by the sweeper that
# every ``manage.py jobs_worker`` runs every JOBS_SWEEP_SECONDS. Temporary files stay on this machine.
JOBS_HEARTBEAT_SECONDS = float(os.environ.get("JOBS_HEARTBEAT_SECONDS", "5"))
JOBS_STALE_SECONDS = float(os.environ.get("JOBS_STALE_SECONDS", "60"))
JOBS_SWEEP_SECONDS = float(os.environ.get("JOBS_SWEEP_SECONDS", "20"))
JOBS_TEMP_DIR = Path(os.environ.get("JOBS_TEMP_DIR", BASE_DIR / "var" / "tmp" / "jobs"))

# One cache shared by every web process and machine: the public form's throttle and the short-lived
# download links must not live in one process's memory. Redis when REDIS_URL is set, otherwise a
# table in the portal's database (created by ``migrate``: jobs/apps.py).
CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": os.environ["REDIS_URL"]}
        if os.environ.get("REDIS_URL")
        else {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "portal_cache",
              "OPTIONS": {"MAX_ENTRIES": 20000}}
    )
}

# Mail: printed to the console while developing; SMTP (EMAIL_HOST, default localhost) in production.
MAILERS = {
    "default": {
        "BACKEND": os.environ.get("EMAIL_BACKEND") or (
            "django.core.mail.backends.console.EmailBackend" if DEBUG
            else "django.core.mail.backends.smtp.EmailBackend"),
        "OPTIONS": {} if DEBUG else {"host": os.environ.get("EMAIL_HOST", "localhost")},
    },
}
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "noreply@redcross.local")

# Sessions: idle timeout 30 minutes (等保 8.1.4.1 b), moved on by a request at most once a minute
# (orgs.middleware.SessionLifetimeMiddleware: no session write on most requests).
SESSION_COOKIE_AGE = 30 * 60
SESSION_ABSOLUTE_LIFETIME = int(os.environ.get("SESSION_ABSOLUTE_LIFETIME", str(8 * 60 * 60)))
SESSION_REFRESH_SECONDS = 60
# With Redis configured, sessions are read from it and written through to the database.
SESSION_ENGINE = ("django.contrib.sessions.backends.cached_db" if os.environ.get("REDIS_URL")
                  else "django.contrib.sessions.backends.db")
SESSION_SAVE_EVERY_REQUEST = False
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = not DEBUG and env_bool("SECURE_COOKIES", True)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = 0 if DEBUG else 31536000
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

from django.utils.csp import CSP  # noqa: E402

SECURE_CSP = {
    "default-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "style-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "font-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
    "base-uri": [CSP.SELF],
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"},
                "weasyprint": {"level": "WARNING"}, "fontTools": {"level": "WARNING"}},
}

# Resident ID numbers (lib/pii.py): Fernet keys, comma-separated, the first encrypts (rotation:
# put the new key first, run ``manage.py rotate_pii_key``, then drop the old one); and the key of
# the blind index. Both are derived from SECRET_KEY when unset.
PII_ENCRYPTION_KEY = os.environ.get("PII_ENCRYPTION_KEY", "")
PII_HASH_KEY = os.environ.get("PII_HASH_KEY", "")

# signing: a RFC 3161 time-stamping service for signed PDFs (PAdES B-T); none by default (B-B).
SIGNING_TSA_URL = os.environ.get("SIGNING_TSA_URL", "")

# The open data API (api app): read-only, token-authenticated integration accounts, throttled
# per account (and per address before authentication).
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["api.auth.IntegrationTokenAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["api.auth.IsIntegrationAccount"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": [],
    "DEFAULT_SCHEMA_CLASS": "api.schema.PortalSchema",
    "DEFAULT_THROTTLE_CLASSES": ["api.auth.AccountThrottle", "api.auth.AddressThrottle"],
    "DEFAULT_THROTTLE_RATES": {"account": os.environ.get("API_RATE_ACCOUNT", "600/hour"),
                               "address": os.environ.get("API_RATE_ADDRESS", "1200/hour")},
    "EXCEPTION_HANDLER": "api.errors.exception_handler",
    "UNAUTHENTICATED_USER": None,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "红十字会基层组织开放数据接口",
    "DESCRIPTION": "只读接口：组织树、14 项统计指标、备案状态。请求头 Authorization: Token <令牌>。",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
}

# Portal-wide rules that are data, not code.
PORTAL = {
    "REVIEW_OVERDUE_DAYS": int(os.environ.get("REVIEW_OVERDUE_DAYS", "7")),
    # notices: yearly work plan and summary due (month, day), and how many days before it to remind
    "WORK_PLAN_DUE": tuple(int(x) for x in os.environ.get("WORK_PLAN_DUE", "3-31").split("-")),
    "WORK_SUMMARY_DUE": tuple(int(x) for x in os.environ.get("WORK_SUMMARY_DUE", "12-31").split("-")),
    "WORK_PAPER_REMIND_DAYS": int(os.environ.get("WORK_PAPER_REMIND_DAYS", "14")),
    # campaigns: remind a unit this many days before a stage is due (and daily while late), and tell
    # the body above once the unit is this many days late
    "CAMPAIGN_REMIND_DAYS": int(os.environ.get("CAMPAIGN_REMIND_DAYS", "7")),
    "CAMPAIGN_ESCALATE_DAYS": int(os.environ.get("CAMPAIGN_ESCALATE_DAYS", "7")),
    "SITE_URL": os.environ.get("SITE_URL", "http://localhost:8000"),  # filings: QR codes on filed PDFs
    # volunteers: approved hours suggested for 1–5 stars (seed 002), e.g. "100,300,600,1000,1500"
    "STAR_THRESHOLDS": [int(h) for h in os.environ.get("STAR_THRESHOLDS", "").split(",") if h.strip()] or None,
    # reports: how long the statistics page keeps a built report (a city's is ~40 aggregate queries
    # over millions of rows); the page says when it was built and offers 重新统计. Exports never use it.
    "STATS_CACHE_SECONDS": int(os.environ.get("STATS_CACHE_SECONDS", "300")),
    # Exports of more rows than this, and imports of more rows than that, run as background jobs.
    "EXPORT_SYNC_MAX_ROWS": int(os.environ.get("EXPORT_SYNC_MAX_ROWS", "5000")),
    "IMPORT_SYNC_MAX_ROWS": int(os.environ.get("IMPORT_SYNC_MAX_ROWS", "3000")),
    # 显示完整信息 and personal-data files (members and volunteers together) per account per hour;
    # more needs the full-export grant (lib.audit.disclose)
    "PII_DISCLOSURES_PER_HOUR": int(os.environ.get("PII_DISCLOSURES_PER_HOUR", "10")),
    # volunteers: the account that entered service hours may not approve or reject them
    "HOURS_SEPARATION_OF_DUTIES": env_bool("HOURS_SEPARATION_OF_DUTIES", True),
}
