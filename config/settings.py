"""Settings for Qanun, read from environment variables with safe defaults.

The defaults are the embedded set-up (SQLite, a SQLite-backed Celery broker, files under ``var/``), so a
fresh clone runs with no server. Production sets ``DATABASE_URL`` (PostgreSQL) and ``CELERY_BROKER_URL``
(Redis or RabbitMQ), a real ``SECRET_KEY`` and ``DEBUG=false``.
"""

import os
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    try:
        return int(value.replace("_", ""))
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}") from exc


# Under pytest (which sets PYTEST_VERSION, also for the worker processes the tests start) everything lives in
# var/test, so a test run never touches the demo database, broker or files.
_DEFAULT_VAR = BASE_DIR / "var" / ("test" if os.environ.get("PYTEST_VERSION") else "")
VAR_DIR = Path(os.environ.get("QANUN_VAR_DIR") or _DEFAULT_VAR).resolve()
VAR_DIR.mkdir(parents=True, exist_ok=True)

# Off unless asked for: `make run`, `make worker` and `make demo` set DEBUG=true for a developer's machine.
DEBUG = env_bool("DEBUG", False)


def _secret_key() -> str:
    """SECRET_KEY from the environment; otherwise one made for this machine and kept in var/ (private to it, so
    never a key published with the code). Several servers sharing sessions must all be given the same one."""
    if key := os.environ.get("SECRET_KEY"):
        return key
    path = VAR_DIR / "secret-key.txt"
    if not path.exists():
        import secrets

        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as fh:
            fh.write(secrets.token_urlsafe(50))
    return path.read_text().strip()


try:
    SECRET_KEY = _secret_key()
except FileExistsError:  # another process wrote it a moment ago
    SECRET_KEY = (VAR_DIR / "secret-key.txt").read_text().strip()

ALLOWED_HOSTS = [h.strip() for h in os.environ.get("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]").split(",")]
CSRF_TRUSTED_ORIGINS = [o for o in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",") if o]


def _site_url(value: str) -> str:
    """The site's one public address: scheme, host and an optional port, nothing else (no path, query, user)."""
    message = f"SITE_URL must be scheme, host and optional port, such as https://qanun.example.org, not {value!r}"
    try:
        parts = urlsplit(value.strip())
        port = parts.port
    except ValueError as exc:
        raise ImproperlyConfigured(message) from exc
    if (
        parts.scheme not in {"http", "https"}
        or not parts.hostname
        or parts.username is not None
        or parts.password is not None
        or parts.path not in {"", "/"}
        or parts.query
        or parts.fragment
    ):
        raise ImproperlyConfigured(message)
    host = f"[{parts.hostname}]" if ":" in parts.hostname else parts.hostname
    return f"{parts.scheme}://{host}" + (f":{port}" if port is not None else "")


# Every absolute link the site writes (feeds, sitemap, search CSV and API, annotation exports, e-mails, the
# Wagtail Site record) is under this address, never under the Host header a request happened to carry.
SITE_URL = _site_url(os.environ.get("SITE_URL") or "http://127.0.0.1:8000")

INSTALLED_APPS = [
    "accounts",
    "audit",
    "legislation",
    "reviews",
    "search",
    "proposals",
    "website",
    "workers",
    "wagtail.contrib.forms",
    "wagtail.contrib.simple_translation",
    "wagtail.contrib.sitemaps",
    "wagtail.contrib.routable_page",
    "wagtail.locales",
    "wagtail.contrib.redirects",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "csp",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "config.middleware.SiteLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "accounts.middleware.TwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "proposals.middleware.RefuseUnpublishableApproval",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Last, as django-axes requires: it turns a lockout into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------------------------
DATABASE_URL = os.environ.get("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'qanun.sqlite3'}"
DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=0)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The web process and the worker write to the same file: WAL lets readers go on while one writes,
    # IMMEDIATE transactions take the write lock up front (no deadlock on upgrade), and a long busy
    # timeout makes a writer wait for the other instead of failing.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 30,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    # A file, not memory, so a worker process started by the tests sees the test database.
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / "test.sqlite3")}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# --- Languages ------------------------------------------------------------------------------------------
LANGUAGE_CODE = os.environ.get("LANGUAGE_CODE", "en")
LANGUAGES = [("ar", "العربية"), ("en", "English")]
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

# --- Files ----------------------------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media")).resolve()
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# Uploads: the largest source file accepted (bytes), the most pages read from one document, and the most
# bytes a DOCX (a ZIP archive) may unpack to, which stops zip bombs before python-docx opens them.
QANUN_UPLOAD_MAX_BYTES = env_int("QANUN_UPLOAD_MAX_BYTES", 50 * 1024 * 1024)
QANUN_MAX_PAGES = env_int("QANUN_MAX_PAGES", 5000)
QANUN_DOCX_MAX_UNPACKED_BYTES = env_int("QANUN_DOCX_MAX_UNPACKED_BYTES", 200 * 1024 * 1024)
# The main XML part alone: lxml needs many times its size in memory.
QANUN_DOCX_MAX_XML_BYTES = env_int("QANUN_DOCX_MAX_XML_BYTES", 40 * 1024 * 1024)
# A document whose worker has said nothing for this long is taken as abandoned (the worker crashed) and is
# queued again when a worker starts.
QANUN_STALE_AFTER_SECONDS = env_int("QANUN_STALE_AFTER_SECONDS", 300)
# A document whose processing was cut off this many times in a row (crash, out of memory) is failed.
QANUN_MAX_ATTEMPTS = env_int("QANUN_MAX_ATTEMPTS", 3)
# Most files in one upload (the admin's upload page, the ingest command); a request larger than this many
# files at QANUN_UPLOAD_MAX_BYTES each is refused before Django reads its body.
QANUN_UPLOAD_MAX_FILES = env_int("QANUN_UPLOAD_MAX_FILES", 20)
# OCR of PDF pages with no text layer or garbage text: the Tesseract program, its languages, the most pages
# read by OCR per document, the time allowed per page (s) and the resolution pages are rendered at.
QANUN_TESSERACT = os.environ.get("QANUN_TESSERACT") or "tesseract"
QANUN_OCR_LANGUAGES = os.environ.get("QANUN_OCR_LANGUAGES") or "ara+eng"
QANUN_OCR_MAX_PAGES = env_int("QANUN_OCR_MAX_PAGES", 200)
QANUN_OCR_PAGE_TIMEOUT = env_int("QANUN_OCR_PAGE_TIMEOUT", 120)
QANUN_OCR_DPI = env_int("QANUN_OCR_DPI", 300)
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440

# --- Celery ---------------------------------------------------------------------------------------------
# Embedded default: kombu's SQLAlchemy transport on a SQLite file, so a real worker runs with no server.
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL") or f"sqla+sqlite:///{VAR_DIR / 'broker.sqlite3'}"
# Task state lives in the database rows the tasks update, so no result backend is needed by default.
CELERY_RESULT_BACKEND = os.environ.get("CELERY_RESULT_BACKEND") or None
CELERY_TASK_IGNORE_RESULT = CELERY_RESULT_BACKEND is None
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# A pool process that grew past this (KiB) after a task is replaced, so one huge file cannot bloat the worker.
CELERY_WORKER_MAX_MEMORY_PER_CHILD = env_int("CELERY_WORKER_MAX_MEMORY_PER_CHILD", 1_000_000)
CELERY_TASK_SOFT_TIME_LIMIT = env_int("CELERY_TASK_SOFT_TIME_LIMIT", 30 * 60)
CELERY_TASK_TIME_LIMIT = env_int("CELERY_TASK_TIME_LIMIT", 35 * 60)
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True

CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", False)

# --- Wagtail --------------------------------------------------------------------------------------------
WAGTAIL_SITE_NAME = "Qanun"
WAGTAILADMIN_BASE_URL = SITE_URL  # links in Wagtail's e-mails and the annotation exports' identifiers
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
# Pages (home, proposals) exist per language, linked as translations; the interface follows the URL prefix
# (none for English, the default; /ar/ for Arabic).
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "rtf", "txt", "xlsx", "zip"]
WAGTAILDOCS_SERVE_METHOD = "serve_view"  # files only through the view that checks who asks (reviews.evidence)
# Evidence files are served from memory by that check (Wagtail takes only a whole response from it): keep them bounded.
WAGTAILDOCS_MAX_UPLOAD_SIZE = QANUN_UPLOAD_MAX_BYTES

# --- Search ---------------------------------------------------------------------------------------------
# Embedded by default: the database's own full-text search (SQLite FTS5, PostgreSQL tsvector). With
# ELASTICSEARCH_URL set, Elasticsearch serves searches instead; SEARCH_INDEX_PREFIX names its indices/aliases.
ELASTICSEARCH_URL = os.environ.get("ELASTICSEARCH_URL", "")
SEARCH_INDEX_PREFIX = os.environ.get("SEARCH_INDEX_PREFIX", "qanun")

# --- Sign-in --------------------------------------------------------------------------------------------
# docs/security.md. django-axes counts failed sign-ins per account and per address, separately: after
# QANUN_LOGIN_FAILURE_LIMIT failures the next attempt is refused, whatever the password, for
# QANUN_LOGIN_COOLOFF_MINUTES (0: until an administrator unlocks it under Settings -> Sign-in locks).
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "django.contrib.auth.backends.ModelBackend"]
QANUN_LOGIN_FAILURE_LIMIT = env_int("QANUN_LOGIN_FAILURE_LIMIT", 5)
QANUN_LOGIN_COOLOFF_MINUTES = env_int("QANUN_LOGIN_COOLOFF_MINUTES", 30)
AXES_FAILURE_LIMIT = QANUN_LOGIN_FAILURE_LIMIT + 1  # axes refuses the very attempt that reaches its limit
AXES_COOLOFF_TIME = timedelta(minutes=QANUN_LOGIN_COOLOFF_MINUTES) if QANUN_LOGIN_COOLOFF_MINUTES > 0 else None
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_LOCKOUT_CALLABLE = "accounts.views.locked_out"
AXES_RESET_ON_SUCCESS = False
# The client's address: REMOTE_ADDR, unless QANUN_TRUSTED_PROXY_COUNT reverse proxies of ours stand in front,
# each appending to X-Forwarded-For; then the address the outermost of them saw. Never more than that: a
# client writes whatever it likes at the start of that header.
QANUN_TRUSTED_PROXY_COUNT = env_int("QANUN_TRUSTED_PROXY_COUNT", 0)
AXES_CLIENT_IP_CALLABLE = "audit.addresses.client_address"
# Members of these groups may list and unlock locked accounts and addresses (superusers always may).
QANUN_UNLOCK_GROUPS = ["Administrators"]
# Two-factor sign-in (TOTP, with recovery codes) for superusers, staff and members of these groups; read at
# request time. Anyone who has set up a device is asked for a code whatever this says. Off by default with
# DEBUG (make run, demo) and under pytest, whose suite signs people in with the password alone (force_login, the
# browser tests); pytest-django reads these settings before any conftest runs, so it is decided here. A test
# that needs it uses override_settings.
QANUN_TWO_FACTOR_REQUIRED = env_bool("QANUN_TWO_FACTOR_REQUIRED", not DEBUG and not os.environ.get("PYTEST_VERSION"))
# Every role reads unpublished laws and every evidence file, so every role is asked by default; a comma-separated
# QANUN_TWO_FACTOR_GROUPS narrows it (e.g. to Reviewers,Editors,Administrators).
QANUN_TWO_FACTOR_GROUPS = [
    name.strip()
    for name in os.environ.get("QANUN_TWO_FACTOR_GROUPS", "Researchers,Reviewers,Editors,Administrators").split(",")
    if name.strip()
]
QANUN_RECOVERY_CODES = 10
OTP_TOTP_ISSUER = WAGTAIL_SITE_NAME
# Password reset: the same work for a known and an unknown address (a task looks the address up and sends the
# mail), and the link is built on WAGTAILADMIN_BASE_URL, never on the request's Host.
WAGTAILADMIN_USER_PASSWORD_RESET_FORM = "accounts.forms.PasswordResetForm"  # noqa: S105 (a class, not a password)

# --- Security headers -----------------------------------------------------------------------------------
# Safe production defaults, each overridable from the environment. HTTPS-only behaviour (redirect, HSTS) follows
# SITE_URL: on when the site is https and DEBUG is off, off for the embedded http://127.0.0.1:8000. Behind a
# reverse proxy that ends TLS, set SECURE_PROXY_SSL_HEADER=HTTP_X_FORWARDED_PROTO (and make sure the proxy sets
# that header itself), or the redirect to https never ends.
_HTTPS_SITE = SITE_URL.startswith("https://") and not DEBUG
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", _HTTPS_SITE)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31_536_000 if _HTTPS_SITE else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
# Consent to the browsers' preload list; being listed still takes a submission at hstspreload.org.
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
_proxy_header = os.environ.get("SECURE_PROXY_SSL_HEADER", "").strip()
if _proxy_header:
    # "HTTP_X_FORWARDED_PROTO" (its value then must be "https"), or "HTTP_X_FORWARDED_PROTO,https".
    _name, _, _value = _proxy_header.partition(",")
    if not _name.strip().startswith("HTTP_"):
        raise ImproperlyConfigured(
            f"SECURE_PROXY_SSL_HEADER must name a request header as Django sees it, such as "
            f"HTTP_X_FORWARDED_PROTO, not {_proxy_header!r}"
        )
    SECURE_PROXY_SSL_HEADER = (_name.strip(), _value.strip() or "https")
SECURE_CONTENT_TYPE_NOSNIFF = env_bool("SECURE_CONTENT_TYPE_NOSNIFF", True)
SECURE_REFERRER_POLICY = os.environ.get("SECURE_REFERRER_POLICY") or "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"  # Wagtail's preview frames its own pages with a same-origin override of its own
SESSION_COOKIE_HTTPONLY = True
# No script of ours reads the CSRF cookie (forms carry the token; the workspace reads it from its form).
CSRF_COOKIE_HTTPONLY = env_bool("CSRF_COOKIE_HTTPONLY", True)
# Content-Security-Policy (django-csp) on every page but the two admins, whose pages need inline scripts and
# styles (Wagtail, Django's admin): no inline script, style or event handler on the public site (its behaviour
# is in website/static/website/site.js), nothing from another origin, never framed.
CONTENT_SECURITY_POLICY = {
    "EXCLUDE_URL_PREFIXES": ("/admin/", "/django-admin/"),
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        **({"upgrade-insecure-requests": True} if _HTTPS_SITE else {}),
    },
}

# --- E-mail ---------------------------------------------------------------------------------------------
# Password resets and Wagtail's workflow notices. With EMAIL_HOST set, SMTP through it; with nothing set, the
# console when DEBUG (the mail is printed), otherwise the SMTP server on this machine (localhost:25, Django's
# default). EMAIL_BACKEND overrides the choice (e.g. django.core.mail.backends.locmem.EmailBackend).
EMAIL_HOST = os.environ.get("EMAIL_HOST", "").strip()
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
if EMAIL_USE_TLS and EMAIL_USE_SSL:
    raise ImproperlyConfigured("EMAIL_USE_TLS (STARTTLS, port 587) and EMAIL_USE_SSL (port 465): set one, not both")
EMAIL_PORT = env_int("EMAIL_PORT", 465 if EMAIL_USE_SSL else 587 if EMAIL_USE_TLS else 25)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 30)  # seconds; a silent server never holds a worker for long
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND") or (
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG and not EMAIL_HOST
    else "django.core.mail.backends.smtp.EmailBackend"
)
EMAIL_HOST = EMAIL_HOST or "localhost"
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL") or f"Qanun <noreply@{urlsplit(SITE_URL).hostname}>"
SERVER_EMAIL = os.environ.get("SERVER_EMAIL") or DEFAULT_FROM_EMAIL

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    # django_tasks logs every Wagtail reference-index update it runs (hundreds when the catalogue loads).
    "loggers": {"pypdf": {"level": "ERROR"}, "django_tasks": {"level": "WARNING"}},
}

if not DEBUG:
    SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", True)
    CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", True)
