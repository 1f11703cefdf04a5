"""Django settings for Eenloket.

One settings module for every run mode. The mode and everything else come from the
environment (see ``eenloket.conf.env``): the embedded default needs nothing set, production
is chosen with ``EENLOKET_MODE=production`` and then refuses unsafe values.
"""

from __future__ import annotations

import ipaddress
import sys
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from eenloket.conf import env

PACKAGE_DIR = Path(__file__).resolve().parent.parent

# --- run mode ---------------------------------------------------------------------------
MODE = env.string(
    "EENLOKET_MODE",
    "embedded",
    help="`embedded` (SQLite, local files, e-mail to the in-app outbox, demo comforts) or "
    "`production` (strict checks; configure the database, storage, SMTP and hosts below).",
    group="algemeen",
)
if MODE not in {"embedded", "production"}:
    raise ImproperlyConfigured(f"EENLOKET_MODE: kies 'embedded' of 'production', niet {MODE!r}.")
PRODUCTION = MODE == "production"
# Unsafe production settings are collected and reported together at the end.
_problems: list[str] = []
TESTING = "pytest" in sys.modules

DATA_DIR = Path(
    env.string(
        "EENLOKET_DATA_DIR",
        "var",
        help="Folder for the embedded database, uploaded files and the local mailbox "
        "(a relative path is taken from the folder the command runs in).",
        group="algemeen",
    )
).resolve()

_DEFAULT_SECRET = "embedded-only-insecure-secret-key-change-me"  # noqa: S105
SECRET_KEY = env.string(
    "EENLOKET_SECRET_KEY",
    _DEFAULT_SECRET,
    help="Django secret key (sessions, signing). Required in production: at least 50 random "
    "characters, e.g. from `python -c 'import secrets; print(secrets.token_urlsafe(64))'`.",
    group="algemeen",
    secret=True,
)
DEBUG = env.boolean(
    "EENLOKET_DEBUG",
    False,
    help="Show Django debug pages. Never in production.",
    group="algemeen",
)
ALLOWED_HOSTS = env.listing(
    "EENLOKET_ALLOWED_HOSTS",
    "" if PRODUCTION else "127.0.0.1,localhost,[::1],testserver",
    help="Comma-separated host names the site is served under (required in production).",
    group="algemeen",
)
CSRF_TRUSTED_ORIGINS = env.listing(
    "EENLOKET_CSRF_TRUSTED_ORIGINS",
    "",
    help="Comma-separated origins (https://host) trusted for form posts behind a proxy.",
    group="algemeen",
)
BASE_URL = env.string(
    "EENLOKET_BASE_URL",
    "http://127.0.0.1:8000",
    help="Public base URL of this installation, used in links in e-mails and notifications.",
    group="algemeen",
)
EENLOKET_BASE_URL = BASE_URL
DEMO = env.boolean(
    "EENLOKET_DEMO",
    not PRODUCTION,
    help="Demo comforts: demo banner, demo logins shown on the login page, simulated DigiD.",
    group="algemeen",
)

# --- applications -----------------------------------------------------------------------
INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "mozilla_django_oidc",
    "django_htmx",
    "django_tasks",
    "django_tasks_db",
    "eenloket.core",
    "eenloket.klanten",
    "eenloket.integraties",
    "eenloket.contacten",
    "eenloket.api",
    "eenloket.portaal",
]

MIDDLEWARE = [
    "eenloket.core.middleware.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "eenloket.core.middleware.ActorMiddleware",
    "eenloket.core.middleware.SecondFactorMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "eenloket.urls"
WSGI_APPLICATION = "eenloket.wsgi.application"
AUTH_USER_MODEL = "core.User"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "eenloket.core.context_processors.eenloket",
            ],
        },
    }
]

# --- database ---------------------------------------------------------------------------
DATABASE_URL = env.string(
    "EENLOKET_DATABASE_URL",
    "",
    help="Database URL. Empty: the embedded SQLite file in EENLOKET_DATA_DIR. Production: "
    "postgres://user:password@host:5432/name (PostgreSQL 15+).",
    group="database",
    secret=True,
)
if DATABASE_URL:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
else:
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(DATA_DIR / "eenloket.sqlite3"),
            "OPTIONS": {
                # WAL lets the web server read while the worker writes; IMMEDIATE avoids
                # "database is locked" upgrades from read to write inside a transaction.
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
                "init_command": (
                    "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
                    "PRAGMA foreign_keys=ON; PRAGMA temp_store=MEMORY; "
                    "PRAGMA cache_size=-64000; PRAGMA mmap_size=268435456;"
                ),
            },
            "TEST": {"NAME": None},
        }
    }
if PRODUCTION and DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
    _problems.append(
        "EENLOKET_DATABASE_URL: production needs PostgreSQL (postgres://...); "
        "SQLite is for the embedded mode only."
    )

# --- background work --------------------------------------------------------------------
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
WORKER_POLL_INTERVAL = float(
    env.string(
        "EENLOKET_WORKER_POLL_SECONDS",
        "1",
        help="How often an idle worker looks for new jobs (seconds).",
        group="worker",
    )
)
QUEUE_STALE_SECONDS = env.integer(
    "EENLOKET_QUEUE_STALE_SECONDS",
    900,
    help="/healthz reports the queue as failing when a job has waited longer than this.",
    group="worker",
)

# --- authentication ---------------------------------------------------------------------
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "core:login"
LOGIN_REDIRECT_URL = "core:start"
LOGOUT_REDIRECT_URL = "core:login"
REQUIRE_2FA = env.boolean(
    "EENLOKET_REQUIRE_2FA",
    PRODUCTION,
    help="Require a TOTP second factor for staff whose roles see personal data. Always on in "
    "production; may be off in the embedded demo (a banner says so).",
    group="login",
)
if PRODUCTION and not REQUIRE_2FA:
    _problems.append("EENLOKET_REQUIRE_2FA: cannot be switched off in production.")
SESSION_COOKIE_AGE = env.integer(
    "EENLOKET_SESSION_IDLE_SECONDS",
    1800,
    help="Staff sessions end after this many seconds without activity.",
    group="login",
)
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
AXES_FAILURE_LIMIT = env.integer(
    "EENLOKET_LOGIN_FAILURE_LIMIT",
    5,
    help="Failed logins for one username from one address before it is locked out.",
    group="login",
)
AXES_COOLOFF_TIME = (
    env.integer("EENLOKET_LOGIN_LOCKOUT_MINUTES", 15, help="Lockout length in minutes.", group="login") / 60
)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "core/lockout.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
# Refused OIDC logins are no password guesses; see eenloket.core.oidc.axes_whitelist.
AXES_WHITELIST_CALLABLE = "eenloket.core.oidc.axes_whitelist"
OTP_TOTP_ISSUER = "Eenloket"

OIDC_ENABLED = env.boolean(
    "EENLOKET_OIDC_ENABLED",
    False,
    help="Offer staff login through the municipality's OpenID Connect identity provider.",
    group="oidc",
)
OIDC_RP_CLIENT_ID = env.string("EENLOKET_OIDC_CLIENT_ID", help="OIDC client id.", group="oidc")
OIDC_RP_CLIENT_SECRET = env.string(
    "EENLOKET_OIDC_CLIENT_SECRET", help="OIDC client secret.", group="oidc", secret=True
)
OIDC_OP_ISSUER = env.string(
    "EENLOKET_OIDC_ISSUER",
    help="Issuer URL of the identity provider; the endpoints below are discovered from "
    "<issuer>/.well-known/openid-configuration when left empty.",
    group="oidc",
)
OIDC_OP_AUTHORIZATION_ENDPOINT = env.string(
    "EENLOKET_OIDC_AUTHORIZATION_ENDPOINT", help="Authorization endpoint.", group="oidc"
)
OIDC_OP_TOKEN_ENDPOINT = env.string("EENLOKET_OIDC_TOKEN_ENDPOINT", help="Token endpoint.", group="oidc")
OIDC_OP_USER_ENDPOINT = env.string("EENLOKET_OIDC_USERINFO_ENDPOINT", help="Userinfo endpoint.", group="oidc")
OIDC_OP_JWKS_ENDPOINT = env.string("EENLOKET_OIDC_JWKS_ENDPOINT", help="JWKS URI.", group="oidc")
OIDC_RP_SIGN_ALGO = env.string(
    "EENLOKET_OIDC_SIGN_ALGO", "RS256", help="ID token signing algorithm.", group="oidc"
)
OIDC_RP_SCOPES = "openid email profile"
OIDC_USERNAME_CLAIM = env.string(
    "EENLOKET_OIDC_USERNAME_CLAIM",
    "preferred_username",
    help="Claim matched against the Eenloket username.",
    group="oidc",
)
OIDC_CREATE_USER = env.boolean(
    "EENLOKET_OIDC_CREATE_USERS",
    False,
    help="Create an account (without roles) for an unknown OIDC user; otherwise refuse.",
    group="oidc",
)
OIDC_MFA_BY_PROVIDER = env.boolean(
    "EENLOKET_OIDC_PROVIDER_DOES_MFA",
    True,
    help="Trust the identity provider's multi-factor login, so no extra TOTP is asked.",
    group="oidc",
)
OIDC_AUTHENTICATION_CALLBACK_URL = "oidc_authentication_callback"
OIDC_AUTHENTICATE_CLASS = "eenloket.core.oidc.StaffOIDCAuthenticationRequestView"
OIDC_CALLBACK_CLASS = "eenloket.core.oidc.StaffOIDCCallbackView"
OIDC_USE_PKCE = True
OIDC_TIMEOUT = 10  # seconds; mozilla-django-oidc waits forever on the provider without it
OIDC_STORE_ID_TOKEN = False
if OIDC_ENABLED:
    AUTHENTICATION_BACKENDS.append("eenloket.core.oidc.StaffOIDCBackend")

# --- API --------------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "eenloket.api.authentication.ClientJWTAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "eenloket.api.problems.exception_handler",
    "DEFAULT_PAGINATION_CLASS": "eenloket.api.pagination.Pagination",
    "PAGE_SIZE": 100,
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "UNAUTHENTICATED_USER": None,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Eenloket API",
    "DESCRIPTION": (
        "De API van Eenloket. Systeemclients authenticeren met een JWT (HS256) die met hun "
        "eigen secret is ondertekend, met `client_id` in de token, zoals de ZGW-standaarden "
        "voorschrijven. Fouten volgen RFC 9457 (problem details)."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "SCHEMA_PATH_PREFIX": "/api/v1",
}
JWT_MAX_AGE_SECONDS = env.integer(
    "EENLOKET_JWT_MAX_AGE_SECONDS",
    3600,
    help="API tokens older than this (by their `iat` claim) are refused.",
    group="api",
)
JWT_LEEWAY_SECONDS = 30

# --- files ------------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
NODE_MODULES = Path(
    env.string(
        "EENLOKET_NODE_MODULES",
        help="Where `npm ci` installed the front-end packages (NL Design System CSS, htmx). "
        "Empty: node_modules in the source checkout.",
        group="bestanden",
    )
    or PACKAGE_DIR.parent.parent / "node_modules"
)
STATICFILES_DIRS = [
    PACKAGE_DIR / "static",  # our own theme; not inside an app, so list it here
    ("vendor/utrecht", NODE_MODULES / "@utrecht/component-library-css/dist"),
    ("vendor/htmx", NODE_MODULES / "htmx.org/dist"),
]
MEDIA_ROOT = DATA_DIR / "media"
S3_BUCKET = env.string(
    "EENLOKET_S3_BUCKET",
    help="S3-compatible bucket for uploaded files. Empty: files go to EENLOKET_DATA_DIR/media "
    "(or EENLOKET_MEDIA_DIR).",
    group="bestanden",
)
S3_ENDPOINT_URL = env.string(
    "EENLOKET_S3_ENDPOINT_URL",
    help="Endpoint of the S3-compatible service (e.g. https://s3.example.nl).",
    group="bestanden",
)
S3_REGION = env.string("EENLOKET_S3_REGION", help="Region of the bucket.", group="bestanden")
S3_ACCESS_KEY = env.string("EENLOKET_S3_ACCESS_KEY", help="Access key id.", group="bestanden", secret=True)
S3_SECRET_KEY = env.string(
    "EENLOKET_S3_SECRET_KEY", help="Secret access key.", group="bestanden", secret=True
)
MEDIA_DIR = env.string(
    "EENLOKET_MEDIA_DIR",
    help="Folder for uploaded files when no S3 bucket is used (default EENLOKET_DATA_DIR/media); "
    "in production a folder shared by all web servers and workers.",
    group="bestanden",
)
if MEDIA_DIR:
    MEDIA_ROOT = Path(MEDIA_DIR)
STORAGES: dict[str, dict[str, object]] = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
if S3_BUCKET:
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": S3_BUCKET,
            "endpoint_url": S3_ENDPOINT_URL or None,
            "region_name": S3_REGION or None,
            "access_key": S3_ACCESS_KEY,
            "secret_key": S3_SECRET_KEY,
            "default_acl": None,
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }
# Embedded mode serves static files straight from the app and node_modules folders.
WHITENOISE_USE_FINDERS = not PRODUCTION
WHITENOISE_AUTOREFRESH = not PRODUCTION

# --- e-mail -----------------------------------------------------------------------------
EMAIL_HOST = env.string(
    "EENLOKET_SMTP_HOST",
    help="SMTP server for outgoing mail. Empty in embedded mode: mail goes to the in-app "
    "outbox (Berichten) instead.",
    group="e-mail",
)
EMAIL_PORT = env.integer("EENLOKET_SMTP_PORT", 587, help="SMTP port.", group="e-mail")
EMAIL_HOST_USER = env.string("EENLOKET_SMTP_USER", help="SMTP user name.", group="e-mail")
EMAIL_HOST_PASSWORD = env.string("EENLOKET_SMTP_PASSWORD", help="SMTP password.", group="e-mail", secret=True)
EMAIL_USE_TLS = env.boolean("EENLOKET_SMTP_STARTTLS", True, help="Use STARTTLS (port 587).", group="e-mail")
EMAIL_USE_SSL = env.boolean("EENLOKET_SMTP_SSL", False, help="Use implicit TLS (port 465).", group="e-mail")
EMAIL_TIMEOUT = 20
DEFAULT_FROM_EMAIL = env.string(
    "EENLOKET_MAIL_FROM",
    "Eenloket <noreply@eenloket.example>",
    help="Sender of outgoing mail.",
    group="e-mail",
)
EMAIL_BACKEND = (
    "django.core.mail.backends.smtp.EmailBackend" if EMAIL_HOST else "eenloket.core.mail.OutboxEmailBackend"
)
if PRODUCTION and not EMAIL_HOST:
    _problems.append("EENLOKET_SMTP_HOST: production sends mail over SMTP; set it.")

# --- registers: BRP and KvK (eenloket.integraties) -----------------------------------
BRP_URL = env.string(
    "EENLOKET_BRP_URL",
    help="Base URL of the Haal Centraal BRP Personen Bevragen API 2.x, without /personen "
    "(e.g. https://host/haalcentraal/api/brp). Empty: the built-in test BRP in embedded mode; "
    "in production every BRP search then fails (unless EENLOKET_BRP_TESTDATASET is on).",
    group="koppelingen",
)
BRP_API_KEY = env.string(
    "EENLOKET_BRP_API_KEY",
    help="API key for the BRP API (X-API-KEY header).",
    group="koppelingen",
    secret=True,
)
BRP_CLIENT_CERT = env.string(
    "EENLOKET_BRP_CLIENT_CERT",
    help="Path to the PEM client certificate for mutual TLS with the BRP API (PKIoverheid); "
    "may hold the private key too.",
    group="koppelingen",
)
BRP_CLIENT_KEY = env.string(
    "EENLOKET_BRP_CLIENT_KEY",
    help="Path to the PEM private key of EENLOKET_BRP_CLIENT_CERT, when it is a separate file.",
    group="koppelingen",
)
BRP_CA_BUNDLE = env.string(
    "EENLOKET_BRP_CA_BUNDLE",
    help="Path to a CA bundle to verify the BRP API's certificate (e.g. the PKIoverheid private "
    "root). Empty: the system's trusted certificates.",
    group="koppelingen",
)
BRP_TIMEOUT = env.integer(
    "EENLOKET_BRP_TIMEOUT", 10, help="Seconds to wait for the BRP API before giving up.", group="koppelingen"
)
BRP_TESTDATASET = env.boolean(
    "EENLOKET_BRP_TESTDATASET",
    False,
    help="Use the built-in test BRP (fictional persons) even in production, e.g. on an "
    "acceptance environment. Embedded mode uses it whenever EENLOKET_BRP_URL is empty.",
    group="koppelingen",
)
KVK_URL = env.string(
    "EENLOKET_KVK_URL",
    help="Base URL of the KvK APIs, without /v2/zoeken (production: https://api.kvk.nl/api). "
    "Empty: the built-in test handelsregister in embedded mode; in production every KvK "
    "search then fails (unless EENLOKET_KVK_TESTDATASET is on).",
    group="koppelingen",
)
KVK_API_KEY = env.string(
    "EENLOKET_KVK_API_KEY",
    help="API key for the KvK Zoeken API (apikey header).",
    group="koppelingen",
    secret=True,
)
KVK_CA_BUNDLE = env.string(
    "EENLOKET_KVK_CA_BUNDLE",
    help="Path to a CA bundle to verify the KvK API's certificate (the KvK serves under the "
    "PKIoverheid private root). Empty: the system's trusted certificates.",
    group="koppelingen",
)
KVK_TIMEOUT = env.integer(
    "EENLOKET_KVK_TIMEOUT", 10, help="Seconds to wait for the KvK API before giving up.", group="koppelingen"
)
KVK_TESTDATASET = env.boolean(
    "EENLOKET_KVK_TESTDATASET",
    False,
    help="Use the built-in test handelsregister (fictional businesses) even in production. "
    "Embedded mode uses it whenever EENLOKET_KVK_URL is empty.",
    group="koppelingen",
)

# Incoming mail for the omnichannel inbox (eenloket.integraties.mail).
IMAP_HOST = env.string(
    "EENLOKET_IMAP_HOST",
    help="IMAP server of the general mailbox the inbox reads. Empty: in embedded mode the local "
    "Maildir EENLOKET_DATA_DIR/postbus (drop .eml files in its new/ folder); in production no "
    "e-mail channel.",
    group="e-mail",
)
IMAP_PORT = env.integer(
    "EENLOKET_IMAP_PORT", 993, help="IMAP port (993 for ssl, 143 for starttls).", group="e-mail"
)
IMAP_USER = env.string("EENLOKET_IMAP_USER", help="IMAP user name.", group="e-mail")
IMAP_PASSWORD = env.string("EENLOKET_IMAP_PASSWORD", help="IMAP password.", group="e-mail", secret=True)
IMAP_FOLDER = env.string("EENLOKET_IMAP_FOLDER", "INBOX", help="IMAP folder that is read.", group="e-mail")
IMAP_SECURITY = env.string(
    "EENLOKET_IMAP_SECURITY",
    "ssl",
    help="`ssl` (implicit TLS), `starttls` or `none` (only to a server on this machine in production). "
    "With ssl and starttls the server's certificate is always verified.",
    group="e-mail",
)
if IMAP_SECURITY not in {"ssl", "starttls", "none"}:
    raise ImproperlyConfigured(
        f"EENLOKET_IMAP_SECURITY: kies 'ssl', 'starttls' of 'none', niet {IMAP_SECURITY!r}."
    )
IMAP_CA_FILE = env.string(
    "EENLOKET_IMAP_CA_FILE",
    help="PEM file with the CA certificate(s) to trust for the IMAP server, when it does not use a "
    "publicly trusted certificate. Empty: the system's trust store.",
    group="e-mail",
)
IMAP_VERWERKT_MAP = env.string(
    "EENLOKET_IMAP_VERWERKT_MAP",
    help="IMAP folder processed mail is moved to (created when missing). Empty: processed mail "
    "stays in the folder, marked as read.",
    group="e-mail",
)
IMAP_ORGANISATIE = env.string(
    "EENLOKET_IMAP_ORGANISATIE",
    help="Code of the organisation the general mailbox belongs to: its mail lands in that "
    "organisation's inbox. Empty: the first active municipality (by name).",
    group="e-mail",
)
if PRODUCTION and IMAP_HOST and IMAP_SECURITY == "none":
    _imap_host = IMAP_HOST.strip("[]").lower()
    try:
        _imap_loopback = ipaddress.ip_address(_imap_host).is_loopback
    except ValueError:
        _imap_loopback = _imap_host == "localhost"
    if not _imap_loopback:
        _problems.append(
            "EENLOKET_IMAP_SECURITY: 'none' sends the mailbox password unencrypted; use ssl or "
            "starttls for a server that is not on this machine."
        )

# --- virus scanner ----------------------------------------------------------------------
CLAMAV_HOST = env.string(
    "EENLOKET_CLAMAV_HOST",
    help="Host of the ClamAV daemon (clamd) that scans attachments, or the path of its Unix socket. "
    "Empty: attachments are stored as not scanned.",
    group="virusscanner",
)
CLAMAV_PORT = env.integer("EENLOKET_CLAMAV_PORT", 3310, help="TCP port of clamd.", group="virusscanner")

# --- internationalisation ---------------------------------------------------------------
LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Nederlands")), ("en", _("English"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

# --- security ---------------------------------------------------------------------------
SSL_REDIRECT = env.boolean(
    "EENLOKET_SSL_REDIRECT",
    True,
    help="Production: redirect plain HTTP to HTTPS (behind a proxy that sets X-Forwarded-Proto).",
    group="algemeen",
)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
if PRODUCTION:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = SSL_REDIRECT
    SECURE_HSTS_SECONDS = 31536000

# --- logging ----------------------------------------------------------------------------
LOG_LEVEL = env.string("EENLOKET_LOG_LEVEL", "INFO", help="Log level.", group="algemeen")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    # urllib3 at DEBUG logs full request URLs, which can hold a searched name or number.
    "loggers": {"django.db.backends": {"level": "INFO"}, "urllib3": {"level": "INFO"}},
}

# --- production safety ------------------------------------------------------------------
if PRODUCTION:
    if DEBUG:
        _problems.append("EENLOKET_DEBUG: must be false in production.")
    if SECRET_KEY == _DEFAULT_SECRET or len(SECRET_KEY) < 50:
        _problems.append(
            "EENLOKET_SECRET_KEY: set a random secret of at least 50 characters (the default is public)."
        )
    if not ALLOWED_HOSTS:
        _problems.append("EENLOKET_ALLOWED_HOSTS: name the host(s) the site is served under.")
    if DEMO:
        _problems.append("EENLOKET_DEMO: demo logins and simulated DigiD are off in production.")
    if _problems:
        raise ImproperlyConfigured(
            "Onveilige productieconfiguratie / unsafe production configuration:\n  - "
            + "\n  - ".join(_problems)
        )
