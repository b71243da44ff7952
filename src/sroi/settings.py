"""One settings module, driven by the environment.

Development (the default, ``SROI_ENVIRONMENT=development``) runs on SQLite with mail on the
console. Production (``SROI_ENVIRONMENT=production``) requires ``SROI_SECRET_KEY`` and
``SROI_ALLOWED_HOSTS``, takes its database from ``SROI_DATABASE_URL`` and turns on every
``manage.py check --deploy`` safeguard.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BASE_DIR.parent.parent


def env(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in env(name, default).split(",") if item.strip()]


SUPPORTED_DATABASE_ENGINES = ("django.db.backends.postgresql", "django.db.backends.sqlite3")


def database_from_url(url: str) -> dict[str, Any]:
    """``postgres://user:pass@host:port/name?sslmode=require`` or ``sqlite:////absolute/path``
    as a Django database, parsed by dj-database-url (query options become ``OPTIONS``).

    Raises ImproperlyConfigured naming the variable, never echoing the URL (it holds the
    password).
    """
    try:
        database: dict[str, Any] = dict(
            dj_database_url.parse(url, conn_max_age=60, conn_health_checks=True)
        )
    except ValueError:
        database = {}
    if database.get("ENGINE") not in SUPPORTED_DATABASE_ENGINES:
        raise ImproperlyConfigured(
            "SROI_DATABASE_URL is not a database URL this application can use "
            "(postgres://user:password@host:port/name or sqlite:////absolute/path)."
        )
    return database


ENVIRONMENT = env("SROI_ENVIRONMENT", "development")
PRODUCTION = ENVIRONMENT == "production"
DEBUG = env_bool("SROI_DEBUG", not PRODUCTION)

REQUIRED_IN_PRODUCTION = (
    "SROI_SECRET_KEY",
    "SROI_DATABASE_URL",
    "SROI_EMAIL_HOST",
    "SROI_BASE_URL",
)
if PRODUCTION:
    # No silent defaults in production: SQLite, files for mail or localhost links are wrong there.
    _missing = [name for name in REQUIRED_IN_PRODUCTION if not env(name)]
    if _missing:
        raise ImproperlyConfigured(f"Production needs these settings: {', '.join(_missing)}")
    SECRET_KEY = os.environ["SROI_SECRET_KEY"]
    ALLOWED_HOSTS = env_list("SROI_ALLOWED_HOSTS")
else:
    SECRET_KEY = env("SROI_SECRET_KEY", "django-insecure-development-only-key-never-in-production")
    ALLOWED_HOSTS = env_list("SROI_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")

INSTALLED_APPS = [
    "sroi.core",
    "sroi.accounts",
    "sroi.rules",
    "sroi.agreements",
    "sroi.plans",
    "sroi.monitoring",
    "sroi.portfolio",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "rest_framework",
    "drf_spectacular",
    "django_htmx",
    "csp",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "sroi.core.middleware.ChosenLanguageMiddleware",
    "sroi.core.middleware.NulCharacterMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "sroi.accounts.middleware.RequireMfaMiddleware",
]

if PRODUCTION:
    # Static files straight from the application server; in development runserver serves them.
    MIDDLEWARE.insert(1, "whitenoise.middleware.WhiteNoiseMiddleware")

ROOT_URLCONF = "sroi.urls"
WSGI_APPLICATION = "sroi.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
                "sroi.core.context_processors.site",
            ],
        },
    },
]

# Django's widget templates written out in Python (same markup, a fraction of the time).
FORM_RENDERER = "sroi.core.forms_renderer.FastWidgetRenderer"

DATABASE_URL = env("SROI_DATABASE_URL")
if DATABASE_URL:
    DATABASES = {"default": database_from_url(DATABASE_URL)}
else:
    (PROJECT_DIR / "var").mkdir(exist_ok=True)
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": env("SROI_SQLITE_PATH", str(PROJECT_DIR / "var" / "db.sqlite3")),
        }
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# --- Internationalisation: Dutch UI, English available ------------------------------------
LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Dutch")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

# --- Static files ---------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(env("SROI_STATIC_ROOT", str(PROJECT_DIR / "var" / "static")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
MEDIA_ROOT = Path(env("SROI_MEDIA_ROOT", str(PROJECT_DIR / "var" / "media")))

# --- Accounts (django-allauth) --------------------------------------------------------------
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "core:home"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGOUT_ON_GET = False
ACCOUNT_RATE_LIMITS = {"login_failed": "5/5m/ip,5/5m/key", "signup": "20/h/ip"}
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[SROI] "
ACCOUNT_ADAPTER = "sroi.accounts.adapter.AccountAdapter"
ACCOUNT_FORMS = {
    "signup": "sroi.accounts.forms.SignupForm",
    "add_email": "sroi.accounts.forms.AddEmailForm",
}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
# Staff, superusers and coordinators must use two-factor authentication (on in production).
SROI_REQUIRE_MFA = env_bool("SROI_REQUIRE_MFA", PRODUCTION)
MFA_TOTP_ISSUER = "SROI"

# --- Review of plans ------------------------------------------------------------------------
# The coordinator decides on a submitted plan within this many working days (Dutch public
# holidays of the Algemene termijnenwet honoured, ``sroi.core.workdays``); the inbox orders
# by this deadline.
SROI_REVIEW_WORKING_DAYS = int(env("SROI_REVIEW_WORKING_DAYS", "10"))
# Four eyes: an approval needs a second, different coordinator to confirm it (off by default).
SROI_FOUR_EYES = env_bool("SROI_FOUR_EYES", False)
# Monitoring (docs/monitoring.md, docs/privacy.md): evidence files live here, outside the web
# root and STATIC/MEDIA, served only through a view that checks access.
SROI_EVIDENCE_ROOT = Path(env("SROI_EVIDENCE_ROOT", str(PROJECT_DIR / "var" / "evidence")))
# Candidate references, birth years and evidence files are removed this many months after
# the final assessment (anonymise_candidates); mail bodies this many days after delivery.
SROI_CANDIDATE_RETENTION_MONTHS = int(env("SROI_CANDIDATE_RETENTION_MONTHS", "24"))
SROI_OUTBOX_RETENTION_DAYS = int(env("SROI_OUTBOX_RETENTION_DAYS", "90"))
# Reminders go out this many days before an assessment moment or a report deadline.
SROI_REMINDER_DAYS_BEFORE = int(env("SROI_REMINDER_DAYS_BEFORE", "14"))
# The daily jobs the mail worker (``send_outbox --loop``) runs once a day; empty (or the
# worker's ``--no-daily``) when cron or a systemd timer runs them (docs/deploy/README.md).
SROI_WORKER_DAILY_COMMANDS = env_list(
    "SROI_WORKER_DAILY_COMMANDS",
    "revalue_contracts,send_reminders,anonymise_candidates,purge_outbox",
)
# Functions (dotted paths) the worker runs in every pass, before it delivers the mail: the
# council reports that were requested are built there (docs/council-reports.md).
SROI_WORKER_PASS_JOBS = env_list(
    "SROI_WORKER_PASS_JOBS", "sroi.portfolio.council.council_reports_build_due"
)

# --- E-mail --------------------------------------------------------------------------------
DEFAULT_FROM_EMAIL = env("SROI_DEFAULT_FROM_EMAIL", "SROI <noreply@sroi.example.org>")
SROI_COORDINATOR_EMAIL = env("SROI_COORDINATOR_EMAIL", "SROI@werksaamwf.nl")
SROI_BASE_URL = env("SROI_BASE_URL", "http://127.0.0.1:8000")
if env("SROI_EMAIL_HOST"):
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = env("SROI_EMAIL_HOST")
    EMAIL_PORT = int(env("SROI_EMAIL_PORT", "587"))
    EMAIL_HOST_USER = env("SROI_EMAIL_HOST_USER")
    EMAIL_HOST_PASSWORD = env("SROI_EMAIL_HOST_PASSWORD")
    EMAIL_USE_TLS = env_bool("SROI_EMAIL_USE_TLS", True)
    EMAIL_TIMEOUT = int(env("SROI_EMAIL_TIMEOUT", "10"))
elif env("SROI_EMAIL_BACKEND") == "console":
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
else:
    # Development: every mail is a file in var/mail/ (readable, and no PDF on the console).
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = env("SROI_EMAIL_FILE_PATH", str(PROJECT_DIR / "var" / "mail"))

# --- Caches (rate limiting needs a shared cache in production) ------------------------------
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
if PRODUCTION or env("SROI_CACHE_LOCATION"):
    # One cache for every worker process, so rate limits count across them
    # (`manage.py createcachetable` makes the table).
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": env("SROI_CACHE_LOCATION", "sroi_cache"),
        }
    }

# --- API -----------------------------------------------------------------------------------
# Proxies in front of the app whose X-Forwarded-For we trust (rate limits key on the client).
# None by default, in production too: a client can send any X-Forwarded-For, so trusting it
# without a proxy that appends the real address would let anyone pick their own address and
# escape the per-address login and API limits. Set the count of your own proxies.
TRUSTED_PROXY_COUNT = int(env("SROI_TRUSTED_PROXY_COUNT", "0"))
ALLAUTH_TRUSTED_PROXY_COUNT = TRUSTED_PROXY_COUNT

REST_FRAMEWORK = {
    "NUM_PROXIES": TRUSTED_PROXY_COUNT,
    "DEFAULT_THROTTLE_RATES": {
        "calc": env("SROI_API_CALC_RATE", "120/minute"),
        # The read-only API (docs/api.md), per personal token.
        "portfolio_api": env("SROI_API_RATE", "120/minute"),
    },
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "sroi.portfolio.api_auth.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
}
SPECTACULAR_SETTINGS = {
    "TITLE": "SROI API",
    "VERSION": "0.1.0",
    # Two choice sets are called "status": each gets its own component name.
    "ENUM_NAME_OVERRIDES": {
        "ContractStatusEnum": "sroi.plans.constants.ContractStatus",
        "RuleSetStatusEnum": "sroi.rules.api_serializers.RULESET_STATUS_CHOICES",
    },
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "sroi.rules.api_schema.close_calc_components",
        "sroi.portfolio.api_schema.close_filter_errors",
    ],
}

# --- Security ------------------------------------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}
if PRODUCTION:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env_bool("SROI_SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = int(env("SROI_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    CSRF_TRUSTED_ORIGINS = env_list("SROI_CSRF_TRUSTED_ORIGINS")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {
        "handlers": ["console"],
        "level": env("SROI_LOG_LEVEL", "INFO" if PRODUCTION else "WARNING"),
    },
}
