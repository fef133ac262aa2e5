"""Jisr's one settings module, driven by environment variables (see docs/configuration.md).

JISR_ENV selects the profile: ``development`` (the default), ``demo``, ``test`` or
``production``. Production refuses to start without a real secret key and allowed hosts.
"""

import os
import secrets
from pathlib import Path
from typing import Any

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _
from whitenoise.compress import Compressor

BASE_DIR = Path(__file__).resolve().parent
ENV = os.environ.get("JISR_ENV", "development")
if ENV not in {"development", "demo", "test", "production"}:
    raise ImproperlyConfigured(
        f"JISR_ENV={ENV!r} is not a known profile. Use development, demo, test or production."
    )
PRODUCTION = ENV == "production"


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DATA_DIR = Path(os.environ.get("JISR_DATA_DIR", Path.cwd() / "data")).resolve()


def _secret_key() -> str:
    key = os.environ.get("SECRET_KEY", "")
    if PRODUCTION:
        if len(key) < 50 or key.startswith("django-insecure") or len(set(key)) < 5:
            raise ImproperlyConfigured(
                "SECRET_KEY is missing or too weak. Set SECRET_KEY to a random value of at least "
                "50 characters, for example the output of: "
                'python3 -c "import secrets; print(secrets.token_urlsafe(64))"'
            )
        return key
    if key:
        return key
    # Outside production a key is made once and kept in the data folder, so sessions
    # survive restarts and several processes (web, worker) agree on it.
    path = DATA_DIR / "secret_key"
    if not path.exists():
        DATA_DIR.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(64))
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = _secret_key()
DEBUG = env_bool("DEBUG", ENV == "development")
if PRODUCTION and DEBUG:
    raise ImproperlyConfigured(
        "DEBUG is on with JISR_ENV=production: it would show every visitor the code and the "
        "settings on an error. Remove DEBUG from the environment."
    )

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "" if PRODUCTION else "localhost,127.0.0.1,[::1]")
if PRODUCTION and not ALLOWED_HOSTS:
    raise ImproperlyConfigured(
        "ALLOWED_HOSTS is empty. Set ALLOWED_HOSTS to the domain names this site answers to, "
        "separated by commas, for example: ALLOWED_HOSTS=jisr.example.org"
    )
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    # Jisr's own apps come first so their templates override allauth's.
    "jisr.core",
    "jisr.accounts",
    "jisr.search",
    "jisr.parliament",
    "jisr.elections",
    "jisr.proposals",
    "jisr.pledges",
    "jisr.reports",
    "jisr.treasury",
    "jisr.campaigns",
    "jisr.coalition",
    "jisr.api",
    "jisr.scale",
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
    "allauth.usersessions",
    "django_tasks",
    "django_tasks_db",
    # Serves the API docs' Swagger UI from our own static files, never from a CDN.
    "ninja",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "jisr.core.middleware.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "jisr.core.page_cache.AnonymousPageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "jisr.core.middleware.LanguageMiddleware",
    "jisr.core.middleware.RejectNulMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "allauth.usersessions.middleware.UserSessionsMiddleware",
    "jisr.core.middleware.PrivateCacheMiddleware",
]

ROOT_URLCONF = "jisr.urls"
FORM_RENDERER = "jisr.core.forms.FormRenderer"
WSGI_APPLICATION = "jisr.wsgi.application"

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
                "jisr.core.context_processors.site",
                "jisr.accounts.context_processors.roles",
                "jisr.reports.context_processors.feeds",
                "jisr.proposals.context_processors.notifications",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------------
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{DATA_DIR / 'jisr.sqlite3'}"),
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # IMMEDIATE transactions make concurrent writers wait for each other instead of
    # failing with "database is locked"; WAL lets readers go on meanwhile.
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    if DATABASES["default"]["NAME"] not in ("", ":memory:"):
        Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # A database that does not answer fails the request in seconds (a 503 page), not never.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("connect_timeout", 5)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache ----------------------------------------------------------------------------------
# The default is a file cache in the data folder: shared by every process on the machine
# (rate limits must hold across web workers). Several machines need a shared cache:
# CACHE_URL=redis://host:6379/0 (Redis or Valkey; docs/deployment.md), or db:// (the
# database, slower).
_cache_url = os.environ.get("CACHE_URL", "" if ENV != "test" else "locmem://")
CACHES: dict[str, dict[str, Any]]
_redis = _cache_url.startswith(("redis://", "rediss://", "unix://"))
if _redis:
    _redis_options = {"socket_connect_timeout": 1, "socket_timeout": 1}
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": _cache_url,
            "KEY_PREFIX": "jisr",
            "OPTIONS": _redis_options,
        }
    }
elif _cache_url.startswith("locmem://"):
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
elif _cache_url.startswith("db://"):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": _cache_url.removeprefix("db://") or "jisr_cache",
        }
    }
elif _cache_url == "" or _cache_url.startswith("file://"):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": _cache_url.removeprefix("file://") or str(DATA_DIR / "cache"),
        }
    }
else:
    raise ImproperlyConfigured(
        f"CACHE_URL={_cache_url!r} is not supported. Use redis://host:6379/0, "
        "file:///a/folder, db:// or locmem://."
    )

# Whole public pages for visitors who are not signed in, for this many seconds (0 turns it
# off). See core/page_cache.py. With Redis every server shares them (and a write purges them
# everywhere at once); otherwise each web process keeps its own in memory.
PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", "0" if ENV == "test" else "30"))
if _redis:
    CACHES["pages"] = {**CACHES["default"], "KEY_PREFIX": "jisr-pages"}
    # Sessions are read from Redis and written through to the database: a restarted Redis
    # signs nobody out.
    SESSION_ENGINE = "jisr.core.sessions"
else:
    CACHES["pages"] = {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "jisr-pages",
        "OPTIONS": {"MAX_ENTRIES": 500},
    }

# --- Accounts -------------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
if ENV == "test":
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"
ACCOUNT_LOGOUT_REDIRECT_URL = "home"
ACCOUNT_ADAPTER = "jisr.accounts.adapters.AccountAdapter"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_SIGNUP_FORM_CLASS = "jisr.accounts.forms.SignupExtraForm"
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_SESSION_REMEMBER = None
ACCOUNT_EMAIL_SUBJECT_PREFIX = ""
# Confirming it is you (before changing e-mail, password or two-factor) takes the password or
# the second factor, never a code e-mailed to an inbox that may be the one compromised.
ACCOUNT_REAUTHENTICATION_METHODS = ["password", "mfa"]
ACCOUNT_RATE_LIMITS = {
    "login": "30/m/ip",
    "login_failed": "10/m/ip,5/5m/key",
    "signup": "5/h/ip" if ENV != "test" else "3/m/ip",
    "confirm_email": "1/3m/key",
    "reset_password": "5/h/ip,3/h/key",
    "reset_password_from_key": "20/m/ip",
    "change_password": "5/m/user",
    "manage_email": "10/m/user",
    "reauthenticate": "10/m/user",
}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = os.environ.get("JISR_SITE_NAME", "Jisr")
MFA_ADAPTER = "jisr.accounts.adapters.MFAAdapter"
MFA_FORMS = {
    "authenticate": "jisr.accounts.forms.MFAAuthenticateForm",
    "reauthenticate": "jisr.accounts.forms.MFAReauthenticateForm",
    "activate_totp": "jisr.accounts.forms.ActivateTOTPForm",
}
USERSESSIONS_TRACK_ACTIVITY = False
JISR_SIGNUP_OPEN = env_bool("JISR_SIGNUP_OPEN", True)

# --- Internationalization -------------------------------------------------------------------
LANGUAGE_CODE = "ar"
LANGUAGES = [("ar", _("Arabic")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["jisr.core.formats"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = os.environ.get("TIME_ZONE", "Asia/Baghdad")

# --- Static files ---------------------------------------------------------------------------
STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", DATA_DIR / "static"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if ENV in {"production", "demo"}
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", DATA_DIR / "media"))
MEDIA_URL = "media/"
WHITENOISE_USE_FINDERS = ENV not in {"production", "demo"}
# Source maps are for developers' tools: compressing the API docs' maps was most of the
# minute `collectstatic` took.
WHITENOISE_SKIP_COMPRESS_EXTENSIONS = [*Compressor.SKIP_COMPRESS_EXTENSIONS, "map"]

# --- E-mail ---------------------------------------------------------------------------------
# Every message goes through the task queue; the worker hands it to the delivery backend.
EMAIL_BACKEND = "jisr.core.mail.TaskQueueEmailBackend"
JISR_EMAIL_DELIVERY_BACKEND = os.environ.get(
    "EMAIL_DELIVERY_BACKEND",
    {
        "production": "django.core.mail.backends.smtp.EmailBackend",
        "test": "django.core.mail.backends.locmem.EmailBackend",
    }.get(ENV, "django.core.mail.backends.filebased.EmailBackend"),
)
EMAIL_FILE_PATH = str(DATA_DIR / "mail")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
EMAIL_TIMEOUT = 30
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Jisr <no-reply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Background tasks -----------------------------------------------------------------------
TASKS = {
    "default": {
        "BACKEND": (
            "django_tasks.backends.immediate.ImmediateBackend"
            if ENV == "test"
            else "django_tasks_db.DatabaseBackend"
        )
    }
}

# --- Security -------------------------------------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = 60 * 60 * 24 * 14
CSRF_FAILURE_VIEW = "jisr.core.views.csrf_failure"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
if PRODUCTION:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
    # Both commit every subdomain of the domain, for years: an operator opts in.
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", False)
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
    if env_bool("BEHIND_TLS_PROXY", True):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Behind a reverse proxy every request comes from the proxy's address: rate limits per
# visitor need the client address the proxy appends to X-Forwarded-For.
ALLAUTH_TRUSTED_PROXY_COUNT = int(
    os.environ.get(
        "TRUSTED_PROXY_COUNT", "1" if PRODUCTION and env_bool("BEHIND_TLS_PROXY", True) else "0"
    )
)
SILENCED_SYSTEM_CHECKS = []
if PRODUCTION:
    # HSTS for subdomains and the browsers' preload list are the operator's choice
    # (docs/configuration.md), not a fault of a deployment that leaves them off.
    SILENCED_SYSTEM_CHECKS += [
        check
        for check, on in (
            ("security.W005", SECURE_HSTS_INCLUDE_SUBDOMAINS),
            ("security.W021", SECURE_HSTS_PRELOAD),
        )
        if not on
    ]

# --- Jisr -----------------------------------------------------------------------------------
JISR_SITE_NAME = os.environ.get("JISR_SITE_NAME", "")
# The public address, for links in e-mails sent by the worker (which has no request).
# Every link Jisr writes into an e-mail starts with this address, never with the Host header
# of the request that caused the e-mail (which a client chooses).
JISR_SITE_URL = os.environ.get("JISR_SITE_URL", "" if PRODUCTION else "http://127.0.0.1:8000")
if not JISR_SITE_URL.startswith(("http://", "https://")):
    raise ImproperlyConfigured(
        "JISR_SITE_URL is not set. Set it to the site's public address, the one the links in "
        "e-mails start with, for example: JISR_SITE_URL=https://jisr.example.org"
    )
# Proposals: pre-moderation keeps everything private until a moderator publishes it.
JISR_PROPOSALS_PREMODERATION = env_bool("JISR_PROPOSALS_PREMODERATION", True)
JISR_SUPPORT_THRESHOLD = int(os.environ.get("JISR_SUPPORT_THRESHOLD", "50"))
JISR_REPORTS_TO_HIDE = int(os.environ.get("JISR_REPORTS_TO_HIDE", "3"))
JISR_FOLLOW_UP_DAYS = int(os.environ.get("JISR_FOLLOW_UP_DAYS", "30"))
# Open data: how many nightly dumps stay on disk (jisr.api.opendata).
JISR_OPENDATA_KEEP = int(os.environ.get("JISR_OPENDATA_KEEP", "7"))
# The organization's own promises (reports.promises): the days it gives itself.
# Follow: a record entered within this many days of its sitting or date.
JISR_PROMISE_FOLLOW_DAYS = int(os.environ.get("JISR_PROMISE_FOLLOW_DAYS", "7"))
# Deliver: a proposal delivered within this many days of reaching its support threshold.
JISR_PROMISE_DELIVER_DAYS = int(os.environ.get("JISR_PROMISE_DELIVER_DAYS", "30"))
# Report back: the monthly report published by this day of the following month.
JISR_PROMISE_REPORT_DAY = int(os.environ.get("JISR_PROMISE_REPORT_DAY", "15"))
# Measure from this day on (YYYY-MM-DD; empty: all the records there are).
JISR_PROMISE_SINCE = os.environ.get("JISR_PROMISE_SINCE", "")
JISR_OFFICE_LINK_DAYS = int(os.environ.get("JISR_OFFICE_LINK_DAYS", "21"))
# Per account ("user") and per address ("ip"), in allauth's notation: amount/period/per.
JISR_PROPOSAL_RATE_LIMITS = {
    "draft": "30/h/user,60/h/ip",
    "submit": "5/h/user,20/h/ip",
    "support": "60/h/user,120/h/ip",
    "report": "20/h/user,40/h/ip",
}
# Visitors subscribing by e-mail: per client address, and per e-mail address (each sends
# a confirmation e-mail, so an address cannot be flooded through the form).
JISR_SUBSCRIBE_RATE_LIMITS = {"subscribe": "10/h/ip,3/h/key"}
# Reports: digests (see docs/reports.md). 0 messages per minute means no limit.
JISR_EMAIL_RATE_PER_MINUTE = int(os.environ.get("JISR_EMAIL_RATE_PER_MINUTE", "120"))
JISR_DIGEST_BATCH_SIZE = int(os.environ.get("JISR_DIGEST_BATCH_SIZE", "200"))
JISR_DIGEST_LEASE_SECONDS = int(os.environ.get("JISR_DIGEST_LEASE_SECONDS", "300"))
JISR_DIGEST_IMMEDIATE_MINUTES = int(os.environ.get("JISR_DIGEST_IMMEDIATE_MINUTES", "5"))
JISR_DIGEST_RESEND_UNCONFIRMED = env_bool("JISR_DIGEST_RESEND_UNCONFIRMED", True)
JISR_BOUNCES_TO_PAUSE = int(os.environ.get("JISR_BOUNCES_TO_PAUSE", "3"))
ADMINS = [("Jisr", a) for a in env_list("ADMIN_EMAILS")]


def _treasury_keys() -> list[str]:
    """The Fernet keys that encrypt donors' identities, newest first (docs/treasury.md says
    how to rotate them). Production refuses to start without one; elsewhere one is made
    once in the data folder."""
    keys = env_list("JISR_TREASURY_KEY")
    if keys or PRODUCTION:
        if not keys:
            raise ImproperlyConfigured(
                "JISR_TREASURY_KEY is missing. It encrypts donors' names; set it to the output "
                'of: python3 -c "import base64, os; print(base64.urlsafe_b64encode('
                'os.urandom(32)).decode())"  — and keep a copy: without it the names are lost.'
            )
        return keys
    path = DATA_DIR / "treasury_key"
    if not path.exists():
        import base64

        DATA_DIR.mkdir(parents=True, exist_ok=True)
        path.write_text(base64.urlsafe_b64encode(secrets.token_bytes(32)).decode())
        path.chmod(0o600)
    return [path.read_text().strip()]


JISR_TREASURY_KEY = _treasury_keys()
# Private files (expense receipts): never under MEDIA_ROOT, never served by URL.
JISR_PRIVATE_ROOT = Path(os.environ.get("JISR_PRIVATE_ROOT", DATA_DIR / "private"))
# A bank transfer announced but not received expires after this many days.
JISR_TREASURY_PENDING_DAYS = int(os.environ.get("JISR_TREASURY_PENDING_DAYS", "30"))
# No published figure covers fewer contributions than this.
JISR_TREASURY_MIN_CELL = int(os.environ.get("JISR_TREASURY_MIN_CELL", "5"))
# How gifts may be given here (docs/treasury.md, "Payment channels"): the card channel is
# offered only when Stripe is configured as well.
JISR_TREASURY_CHANNELS = env_list("JISR_TREASURY_CHANNELS", "cash,bank_transfer,card")
# Stripe Checkout for card gifts: off unless both are set (``manage check`` warns on one).
JISR_STRIPE_SECRET_KEY = os.environ.get("JISR_STRIPE_SECRET_KEY", "")
JISR_STRIPE_WEBHOOK_SECRET = os.environ.get("JISR_STRIPE_WEBHOOK_SECRET", "")
# The payer's name on a bank line is erased this many days after the line is settled.
JISR_TREASURY_PAYER_NAME_DAYS = int(os.environ.get("JISR_TREASURY_PAYER_NAME_DAYS", "14"))
# Campaigns: the organization's Telegram channel (docs/campaigns.md, "The Telegram channel").
# Posting is off unless both the bot's token and the channel (@name or -100…) are set.
JISR_TELEGRAM_BOT_TOKEN = os.environ.get("JISR_TELEGRAM_BOT_TOKEN", "")
JISR_TELEGRAM_CHANNEL = os.environ.get("JISR_TELEGRAM_CHANNEL", "")
# Tests point this at a local server; nothing else should change it.
JISR_TELEGRAM_API_URL = os.environ.get("JISR_TELEGRAM_API_URL", "https://api.telegram.org")
# Seconds to wait for Telegram's answer; a claim on a post lasts longer than that.
JISR_TELEGRAM_TIMEOUT = int(os.environ.get("JISR_TELEGRAM_TIMEOUT", "20"))
JISR_TELEGRAM_LEASE_SECONDS = int(os.environ.get("JISR_TELEGRAM_LEASE_SECONDS", "120"))
JISR_TELEGRAM_MAX_ATTEMPTS = int(os.environ.get("JISR_TELEGRAM_MAX_ATTEMPTS", "8"))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.request": {"level": "ERROR"},
        # Scanners send foreign Host headers all day; log them, never e-mail them.
        "django.security.DisallowedHost": {"handlers": ["console"], "propagate": False},
    },
}
