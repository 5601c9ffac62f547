"""Settings of the ITA Portal: one module, driven by environment variables."""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured

from ita_portal.lib.env import (
    UnsafeProductionSettings,
    celery_redelivery_problems,
    env_bool,
    env_float,
    env_header_pair,
    env_int,
    env_list,
    env_milliseconds,
    env_str,
    production_problems,
)
from ita_portal.lib.logs import ERROR_LOG_FORMAT, log_level
from ita_portal.lib.storage_settings import media_storage

BASE_DIR = Path(__file__).resolve().parent.parent

# DEBUG is the development switch: without it the start-up below refuses unsafe settings.
DEBUG = env_bool("DEBUG", False)
# Development only: a fixed key, so that `make run` needs no set-up (refused without DEBUG).
DEVELOPMENT_SECRET_KEY = "django-insecure-ita-portal-development-only-never-in-production"
SECRET_KEY = env_str("SECRET_KEY", DEVELOPMENT_SECRET_KEY if DEBUG else "")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    # django.contrib.admin without discovering every admin.py at start (ita_portal/admin_apps.py):
    # the URL configuration and the admin's system check discover it.
    "ita_portal.admin_apps.PortalAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    # WhiteNoise serves static files under runserver too, as it does in production.
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "import_export",
    "rest_framework",
    "drf_spectacular",
    # django-axes under a Thai name (its admin section was headed "AXES"); label still "axes".
    "ita_portal.third_party_apps.AxesConfig",
    "auditlog",
    # The project itself: operations commands (backup, restore); it imports no app.
    "ita_portal",
    "indicators",
    "assessments",
    "actionplans",
    "committees",
    "oit",
    "reports",
    "supervision",
]

MIDDLEWARE = [
    # Public pages for anonymous visitors from the shared cache until the next publication
    # (issue 23): first, so that a stored page keeps every header the others add (it checks
    # the maintenance switch itself); ita_portal/wsgi.py answers stored pages before Django.
    "ita_portal.lib.public_cache.PublicPageCacheMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # The maintenance switch (MAINTENANCE_FILE): after static files, before anything that
    # reads the session or the database.
    "ita_portal.maintenance.MaintenanceMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    # Hostile input (issue 24): a NUL byte anywhere in the request is a Thai 400, a database
    # integer overflow a Thai 404 (ita_portal/input_guard.py), before any view reads them.
    "ita_portal.input_guard.InputGuardMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Records the signed-in user as the actor of every audited change.
    "auditlog.middleware.AuditlogMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Django's empty 405 becomes the Thai error page, Allow header kept (ita_portal/errors.py).
    "ita_portal.errors.ThaiMethodNotAllowedMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # Axes must be last: it reads the outcome of authentication.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "ita_portal.urls"
WSGI_APPLICATION = "ita_portal.wsgi.application"

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
                # The approver's count in the admin header (lazy: no query where not shown).
                "reports.context_processors.approval_inbox_count",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=env_int("DB_CONN_MAX_AGE", 0),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # SQLite behind a threaded or multi-process web server: readers never wait for the writer
    # (WAL), a writer waits for another instead of failing at once, and a transaction takes the
    # write lock when it begins, so two writers never deadlock on a lock upgrade.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "timeout": env_int("SQLITE_BUSY_TIMEOUT_SECONDS", 20),
        "transaction_mode": "IMMEDIATE",
    }

# --- Timeouts of the network dependencies (health/operations) ---
# A PostgreSQL that accepts the connection and never answers would hold a web worker until
# gunicorn kills it: connecting gives up after DB_CONNECT_TIMEOUT_SECONDS, and TCP keepalives
# notice a peer that vanished under an open connection (idle N s, then 3 probes 10 s apart).
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "connect_timeout": env_int("DB_CONNECT_TIMEOUT_SECONDS", 5),
            "keepalives": 1,
            "keepalives_idle": env_int("DB_KEEPALIVES_IDLE_SECONDS", 30),
            "keepalives_interval": 10,
            "keepalives_count": 3,
        }
    )
# A runaway query would hold a web worker until gunicorn kills it (and a Celery worker for as
# long as the task runs): PostgreSQL cancels any statement of theirs that runs longer than
# DATABASE_STATEMENT_TIMEOUT milliseconds (off when unset or 0; deploy/env.example sets it).
# manage.py turns it off: migrate, backup and restore may run one long statement on purpose.
# SQLite has no such setting.
DATABASE_STATEMENT_TIMEOUT = env_milliseconds("DATABASE_STATEMENT_TIMEOUT")
if DATABASE_STATEMENT_TIMEOUT and DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    _options = DATABASES["default"]["OPTIONS"]
    _options["options"] = " ".join(
        filter(
            None, [_options.get("options"), f"-c statement_timeout={DATABASE_STATEMENT_TIMEOUT}"]
        )
    )
# /healthz/ answers within this many seconds whatever hangs (each part is checked in parallel).
HEALTHZ_TIMEOUT_SECONDS = env_float("HEALTHZ_TIMEOUT_SECONDS", 5.0, low=1.0, high=60.0)
# --- end of timeouts ---

if not DEBUG:
    _problems = production_problems(
        secret_key=SECRET_KEY,
        allowed_hosts=ALLOWED_HOSTS,
        database_engine=DATABASES["default"]["ENGINE"],
        allow_sqlite=env_bool("ALLOW_SQLITE_IN_PRODUCTION", False),
    )
    if _problems:
        raise UnsafeProductionSettings("\n".join(_problems))
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "admin:login"

# django-axes: lock a username from one address (offices share NAT), and never for ever.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_ENABLED = env_bool("AXES_ENABLED", True)
# The lockout page: Thai, with the cool-off in Thai words (ita_portal/errors.py).
AXES_LOCKOUT_TEMPLATE = "errors/lockout.html"
# Client addresses come from REMOTE_ADDR unless the portal runs behind that many reverse
# proxies of our own (nginx: 1): a visitor's forged X-Forwarded-For is never believed.
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)
if TRUSTED_PROXY_COUNT:
    AXES_IPWARE_META_PRECEDENCE_ORDER = ("HTTP_X_FORWARDED_FOR", "REMOTE_ADDR")
    AXES_IPWARE_PROXY_COUNT = TRUSTED_PROXY_COUNT

LANGUAGE_CODE = "th"
LANGUAGES = [("th", "ไทย"), ("en", "English")]
TIME_ZONE = "Asia/Bangkok"
USE_I18N = True
USE_TZ = True
LOCALE_PATHS = [BASE_DIR / "locale"]

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT") or BASE_DIR / "staticfiles")
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT") or BASE_DIR / "media")
# --- Upgrades: the maintenance switch (ita_portal/maintenance.py, docs/deploy.md 2.3) ---
# While this file exists every page but /healthz/ answers 503 with a Thai maintenance page.
MAINTENANCE_FILE = Path(os.environ.get("MAINTENANCE_FILE") or BASE_DIR / "var" / "maintenance")
# --- end upgrades ---
# Static files: `manage.py collectstatic` writes them, compressed (gzip, brotli), to STATIC_ROOT
# and WhiteNoise serves them. Names stay as they are (no content hash in the URL): a published
# report's HTML is stored once and links /static/css/report.css for ever, and a hashed name
# would vanish at the next release's collectstatic.
# Media (uploads, scans, published PDFs): MEDIA_ROOT, or an S3 bucket for several web machines
# (MEDIA_STORAGE=s3, AWS_* below; ita_portal/lib/storage_settings.py, docs/deploy.md).
STORAGES = {
    "default": media_storage(),
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
# In development (and tests) files come straight from static/ and the apps, re-read on change;
# in production only what collectstatic wrote is served.
WHITENOISE_USE_FINDERS = DEBUG
WHITENOISE_AUTOREFRESH = DEBUG
# WhiteNoise's own table would send the report fonts as application/octet-stream.
WHITENOISE_MIMETYPES = {".ttf": "font/ttf", ".otf": "font/otf", ".woff": "font/woff"}
FONT_DIR = BASE_DIR / "static" / "fonts"

# Uploads: photos and evidence files are checked by content; cap what a request may carry.
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
# Fields a form may post (Django's default 1,000 is a guard against hash-flooding a parser).
# The largest form is the action plan edited on one page: each row posts 12 fields of its own
# and of its empty activity template, each activity 12 plus one per unit it names. The demo plan
# (15 rows, 22 activities) posts about 620; 15 rows of 5 activities passed 1,000, and the save
# failed with a 400 that lost what staff typed. 10,000 covers 40 rows of 6 activities each
# naming 20 units (about 8,700 fields) with margin; the body stays capped by the size above.
# Past it the Thai page "too_many_fields" (ita_portal/errors.py) says nothing was saved.
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
UPLOAD_IMAGE_MAX_BYTES = env_int("UPLOAD_IMAGE_MAX_BYTES", 5 * 1024 * 1024)
# Evidence of progress reports: a PDF or an image.
UPLOAD_EVIDENCE_MAX_BYTES = env_int("UPLOAD_EVIDENCE_MAX_BYTES", 5 * 1024 * 1024)
# Score files: a national cohort file is about 8,300 rows and 2 MB; anything beyond the limits
# is refused before its rows are checked. An uploaded file waits for the admin's confirmation in
# the media storage's private/score-imports/ (shared by every web machine), or in the local
# folder IMPORT_UPLOAD_DIR names (one machine only), under a random name bound to the uploader's
# session (never served).
IMPORT_MAX_BYTES = env_int("IMPORT_MAX_BYTES", 5 * 1024 * 1024)
IMPORT_MAX_ROWS = env_int("IMPORT_MAX_ROWS", 12_000)
IMPORT_UPLOAD_DIR = os.environ.get("IMPORT_UPLOAD_DIR", "")
# A file chosen in a form shown again for an error is held here (never served) for
# HELD_UPLOAD_MAX_AGE seconds, so the user need not choose it again (ita_portal/lib/held_uploads.py).
# Empty: the media storage's private/held-uploads/ (shared by every web machine); a local folder
# serves one machine only.
HELD_UPLOAD_DIR = os.environ.get("HELD_UPLOAD_DIR", "")
HELD_UPLOAD_MAX_AGE = env_int("HELD_UPLOAD_MAX_AGE", 6 * 60 * 60)
# Pixels decide the memory an image costs, not bytes (a 280 KB PNG can hold 88 million pixels).
# 50 million pixels admits any camera photo (8160 × 6120); larger images are refused unread.
UPLOAD_IMAGE_MAX_PIXELS = env_int("UPLOAD_IMAGE_MAX_PIXELS", 50_000_000)
# Photos are stored at print size: the report prints them at most 16 cm wide, about 300 dpi.
UPLOAD_IMAGE_STORE_MAX_SIDE = env_int("UPLOAD_IMAGE_STORE_MAX_SIDE", 2000)
# The signed scan of a committee order (PDF or image): its size and, for a PDF, its pages.
UPLOAD_SCAN_MAX_BYTES = env_int("UPLOAD_SCAN_MAX_BYTES", 20 * 1024 * 1024)
UPLOAD_SCAN_MAX_PAGES = env_int("UPLOAD_SCAN_MAX_PAGES", 10)
# A PDF scan is rasterised when attached (committees/scans.py), checked first and rendered by
# poppler in its own process under these limits; a scan over any of them is refused in Thai.
# Pixels poppler writes, all pages together (each page is scaled to A4's long side at 300 dpi:
# an A4 page is 8.7 million, a square one 12.3): ten A4 pages fit.
UPLOAD_SCAN_MAX_PIXELS = env_int("UPLOAD_SCAN_MAX_PIXELS", 90_000_000)
# The largest image a PDF may hold (poppler decodes it whole): A3 scanned at 600 dpi is 69.6
# million pixels. A 1 MB PDF can hold one of 400 million, which took 19 s to render.
UPLOAD_SCAN_MAX_IMAGE_PIXELS = env_int("UPLOAD_SCAN_MAX_IMAGE_PIXELS", 75_000_000)
# Each poppler run (pdfinfo, pdfimages, pdftoppm): address space, CPU time and wall clock; past
# the wall clock its process group is killed. A ten-page A4 scan renders in a few seconds.
UPLOAD_SCAN_MAX_MEMORY_MB = env_int("UPLOAD_SCAN_MAX_MEMORY_MB", 1024)
UPLOAD_SCAN_MAX_CPU_SECONDS = env_int("UPLOAD_SCAN_MAX_CPU_SECONDS", 30)
UPLOAD_SCAN_TIMEOUT_SECONDS = env_int("UPLOAD_SCAN_TIMEOUT_SECONDS", 45)
# Any other PDF (OIT and progress evidence): opened by pdfinfo when uploaded and before it is
# published (ita_portal/lib/pdf_check.py), of at most this many pages.
UPLOAD_PDF_MAX_PAGES = env_int("UPLOAD_PDF_MAX_PAGES", 1000)

# --- Backups (ita_portal/backup.py, docs/deploy.md §4) ---
# age public keys (age1…, comma-separated) the backups are encrypted to; the matching identity
# (private key) stays off the server. Without recipients, backups are refused unless
# BACKUP_ALLOW_UNENCRYPTED (the default only with DEBUG).
BACKUP_ENCRYPTION_RECIPIENTS = env_list("BACKUP_ENCRYPTION_RECIPIENTS", [])
BACKUP_ALLOW_UNENCRYPTED = env_bool("BACKUP_ALLOW_UNENCRYPTED", DEBUG)
# The identity file that decrypts them, where restore and full checks run (not the app server).
BACKUP_IDENTITY_FILE = env_str("BACKUP_IDENTITY_FILE", "")
# Retention on the app server (manage.py backup_prune; the options override): the newest archive
# of each of the last N Bangkok days and weeks, the first of each of the last N months.
BACKUP_KEEP_DAYS = env_int("BACKUP_KEEP_DAYS", 14)
BACKUP_KEEP_WEEKS = env_int("BACKUP_KEEP_WEEKS", 4)
BACKUP_KEEP_MONTHS = env_int("BACKUP_KEEP_MONTHS", 0)

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "ita-portal@localhost")
# The address users open the portal at: links in e-mails are built from it.
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000")

# Celery: background jobs only when a broker is configured; otherwise tasks run inline.
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", "")
CELERY_RESULT_BACKEND = os.environ.get("CELERY_RESULT_BACKEND", CELERY_BROKER_URL or None)
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TIMEZONE = TIME_ZONE
# Publishing tasks run for seconds each: a worker process takes one at a time, so that two
# processes share a national queue evenly (the default prefetch of 4 starves the other one).
CELERY_WORKER_PREFETCH_MULTIPLIER = env_int("CELERY_WORKER_PREFETCH_MULTIPLIER", 1)
# The queue this installation's tasks go to (several installations may share one Redis).
CELERY_TASK_DEFAULT_QUEUE = os.environ.get("CELERY_TASK_DEFAULT_QUEUE") or "celery"
# --- Celery: a worker that dies, a broker that stops answering (reports.tasks) ---------------
# Bulk publishing: one task per report, a soft time limit (the task retries), a hard one (the
# pool process is killed), and retries.
REPORT_PUBLISH_TIME_LIMIT = env_int("REPORT_PUBLISH_TIME_LIMIT", 300)  # seconds, soft limit
REPORT_PUBLISH_HARD_TIME_LIMIT = env_int(
    "REPORT_PUBLISH_HARD_TIME_LIMIT", REPORT_PUBLISH_TIME_LIMIT + 60
)
REPORT_PUBLISH_MAX_RETRIES = env_int("REPORT_PUBLISH_MAX_RETRIES", 3)
# Publishing tasks are acknowledged when they end (acks_late); a pool process killed mid-task
# (kill -9, the OOM killer, the hard time limit) hands its message back to the queue instead of
# acknowledging it. Safe because publishing is idempotent (reports.publishing: a report and its
# job item end in one transaction, and a repeat of unchanged content creates nothing); an item
# that keeps killing its worker is failed after REPORT_PUBLISH_MAX_RETRIES + 1 attempts.
CELERY_TASK_REJECT_ON_WORKER_LOST = True
# Redis hands a message delivered to a worker that vanished (the whole worker killed, the
# machine lost) to another worker after this many seconds (Redis' default: one hour). It must
# exceed the hard limit (refused below), or a running task is delivered twice; the default
# also covers the longest retry countdown (reports.tasks.RETRY_BACKOFF_MAX_SECONDS, 600 s),
# which a worker waits out holding the message. Kombu looks for such messages every tenth of it.
CELERY_BROKER_VISIBILITY_TIMEOUT = env_int("CELERY_BROKER_VISIBILITY_TIMEOUT", 1200)
# A job is closed as failed only after no report moved for this long; it must be longer than a
# lost message takes to come back and run (checked below), or a job would be closed while its
# reports are still on their way (a report ending after that still counts and fixes the job).
PUBLICATION_JOB_STALE_MINUTES = env_int("PUBLICATION_JOB_STALE_MINUTES", 30)
# A Redis that accepts connections and never answers must neither hang a web request that
# queues a job nor a worker for ever: every command (broker and result backend) times out, and
# an idle connection is checked before use. A timed-out command is not replayed by redis-py
# (retry_on_timeout: a replayed publish could be doubled); kombu retries a publish on a fresh
# connection, at most twice (about 3 × CELERY_REDIS_SOCKET_TIMEOUT in all), then the job fails.
CELERY_REDIS_SOCKET_TIMEOUT = env_int("CELERY_REDIS_SOCKET_TIMEOUT", 5)  # seconds
CELERY_REDIS_SOCKET_CONNECT_TIMEOUT = env_int("CELERY_REDIS_SOCKET_CONNECT_TIMEOUT", 5)
CELERY_REDIS_RETRY_ON_TIMEOUT = False
CELERY_REDIS_BACKEND_HEALTH_CHECK_INTERVAL = 25
CELERY_BROKER_CONNECTION_TIMEOUT = CELERY_REDIS_SOCKET_CONNECT_TIMEOUT
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": CELERY_BROKER_VISIBILITY_TIMEOUT,
    "unacked_restore_interval": max(1, CELERY_BROKER_VISIBILITY_TIMEOUT // 10),
    "unacked_restore_throttle": 1,
    "socket_timeout": CELERY_REDIS_SOCKET_TIMEOUT,
    "socket_connect_timeout": CELERY_REDIS_SOCKET_CONNECT_TIMEOUT,
    "retry_on_timeout": CELERY_REDIS_RETRY_ON_TIMEOUT,
    "health_check_interval": CELERY_REDIS_BACKEND_HEALTH_CHECK_INTERVAL,
}
CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 2, "interval_start": 0, "interval_step": 0.5}
CELERY_RESULT_BACKEND_TRANSPORT_OPTIONS = {"retry_policy": {"max_retries": 3}}
_redelivery_problems = celery_redelivery_problems(
    hard_time_limit=REPORT_PUBLISH_HARD_TIME_LIMIT,
    soft_time_limit=REPORT_PUBLISH_TIME_LIMIT,
    visibility_timeout=CELERY_BROKER_VISIBILITY_TIMEOUT,
    stale_minutes=PUBLICATION_JOB_STALE_MINUTES,
)
if _redelivery_problems:
    raise ImproperlyConfigured("\n".join(_redelivery_problems))
# --- end of the Celery worker-loss block ------------------------------------------------------
# Periodic jobs (celery beat, when a broker is configured).
CELERY_BEAT_SCHEDULE = {
    "oit-recheck-evidence-links": {
        "task": "oit.tasks.recheck_stale_links",
        "schedule": crontab(hour=2, minute=30),
    },
    "close-stale-publication-jobs": {
        "task": "reports.tasks.close_stale_publication_jobs",
        "schedule": 600.0,
    },
    # Reminder digests once a morning (at most one per user per day, whatever runs it).
    "send-reminders": {
        "task": "reports.tasks.send_reminders",
        "schedule": crontab(hour=7, minute=0),
    },
}

# OIT evidence files (a PDF or an image): annual plans and reports are often large.
UPLOAD_OIT_EVIDENCE_MAX_BYTES = env_int("UPLOAD_OIT_EVIDENCE_MAX_BYTES", 20 * 1024 * 1024)

# OIT evidence link checker (ita_portal/lib/linkcheck.py). Private, loopback and reserved
# addresses are refused unless LINKCHECK_ALLOW_PRIVATE (tests and a local demo only).
LINKCHECK_ALLOW_PRIVATE = env_bool("LINKCHECK_ALLOW_PRIVATE", False)
LINKCHECK_TIMEOUT_SECONDS = env_int("LINKCHECK_TIMEOUT_SECONDS", 15)
LINKCHECK_MAX_REDIRECTS = env_int("LINKCHECK_MAX_REDIRECTS", 5)
LINKCHECK_MAX_BYTES = env_int("LINKCHECK_MAX_BYTES", 2 * 1024 * 1024)
LINKCHECK_WORKERS = env_int("LINKCHECK_WORKERS", 8)
LINKCHECK_SLOW_MS = env_int("LINKCHECK_SLOW_MS", 5000)
LINKCHECK_RECHECK_HOURS = env_int("LINKCHECK_RECHECK_HOURS", 24)
LINKCHECK_RECHECK_BATCH = env_int("LINKCHECK_RECHECK_BATCH", 2000)
# --- Bounded outbound work of the link checker (issue 24; oit.services, oit.tasks) ------------
# Each press of "check links" fetches other people's websites: an agency may press it this many
# times per clock hour (counted in the shared cache); the nightly re-check is not counted.
LINKCHECK_AGENCY_CHECKS_PER_HOUR = env_int("LINKCHECK_AGENCY_CHECKS_PER_HOUR", 6)
# Links an O-item's evidence may have: an item is one page or a few documents on the agency's
# site (the demo has one or two), so 10 leaves room and bounds one check of a year at 43 × 10.
OIT_MAX_LINKS_PER_ITEM = env_int("OIT_MAX_LINKS_PER_ITEM", 10)
# Lines one paste may have: the ITAS list is one line per item (43) or per link, so 200.
OIT_PASTE_MAX_LINES = env_int("OIT_PASTE_MAX_LINES", 200)
# The checker's tasks (oit.tasks) go to a queue of their own, consumed by a worker of their own
# (deploy/systemd/ita-portal-linkcheck.service): fetches never hold a slot a publication needs.
LINKCHECK_QUEUE = os.environ.get("LINKCHECK_QUEUE") or "linkcheck"
CELERY_TASK_ROUTES = {"oit.tasks.*": {"queue": LINKCHECK_QUEUE}}
# Each checker task: a soft limit (the checks stop 30 s before it, their results stored) and a
# hard one (the pool process is killed). 600 s covers a year at the per-item cap: 43 × 10 links,
# 8 at a time, 15 s each at worst; the nightly re-check takes what a run left.
LINKCHECK_TASK_TIME_LIMIT = env_int("LINKCHECK_TASK_TIME_LIMIT", 600)
LINKCHECK_TASK_HARD_TIME_LIMIT = env_int(
    "LINKCHECK_TASK_HARD_TIME_LIMIT", LINKCHECK_TASK_TIME_LIMIT + 30
)
# --- end of the link checker's bounds ---------------------------------------------------------

# django-import-export: importing and exporting are permissions, not given to every admin user.
IMPORT_EXPORT_IMPORT_PERMISSION_CODE = "import"
IMPORT_EXPORT_EXPORT_PERMISSION_CODE = "export"
IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT = True

REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    # AnonRateThrottle that lets requests through (with a warning) when the cache is down.
    "DEFAULT_THROTTLE_CLASSES": ["ita_portal.lib.throttling.FailOpenAnonRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {"anon": os.environ.get("API_ANON_RATE", "120/minute")},
    "UNAUTHENTICATED_USER": None,
    # DRF reads the client address from X-Forwarded-For only through this many proxies.
    "NUM_PROXIES": TRUSTED_PROXY_COUNT,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "ITA Portal API",
    "DESCRIPTION": "ข้อมูลผลการประเมิน ITA ที่เผยแพร่แล้ว (อ่านอย่างเดียว)",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
}
# API docs use Swagger UI shipped as a package (no CDN: the CSP allows only our own origin).
INSTALLED_APPS += ["drf_spectacular_sidecar"]
SPECTACULAR_SETTINGS |= {
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
}

# The cache counts the API's anonymous requests: it must be shared by every worker process,
# so Redis when configured, else files on this machine (never one memory per process).
CACHES: dict[str, dict[str, object]] = {
    "default": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": os.environ.get("CACHE_DIR") or str(BASE_DIR / "var" / "cache"),
    }
}
# Public pages from the cache until what they show changes (ita_portal/lib/public_cache.py);
# the lifetime only bounds how long pages nobody asks for again take space.
PUBLIC_PAGE_CACHE = env_bool("PUBLIC_PAGE_CACHE", True)
PUBLIC_PAGE_CACHE_SECONDS = env_int("PUBLIC_PAGE_CACHE_SECONDS", 24 * 3600)
# A public file (the published PDF) up to this size is kept in the cache with its page's
# generations and sent from memory; a larger one is read and streamed on every download.
PUBLIC_PAGE_CACHE_MAX_FILE_BYTES = env_int("PUBLIC_PAGE_CACHE_MAX_FILE_BYTES", 5 * 1024 * 1024)
# A Redis that hangs costs a request at most these many seconds (then the API's throttle lets
# the request through and /healthz/ says "cache"); a timed-out command is not retried.
REDIS_CACHE_OPTIONS: dict[str, object] = {
    "socket_timeout": env_float("REDIS_SOCKET_TIMEOUT_SECONDS", 2.0, low=0.1, high=60.0),
    "socket_connect_timeout": env_float("REDIS_CONNECT_TIMEOUT_SECONDS", 2.0, low=0.1, high=60.0),
    "retry_on_timeout": False,
    "health_check_interval": 30,
}
if os.environ.get("REDIS_CACHE_URL"):
    CACHES["default"] = {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": os.environ["REDIS_CACHE_URL"],
        "OPTIONS": REDIS_CACHE_OPTIONS,
    }

# Content Security Policy (django-csp 4): nothing from elsewhere, no plugins, no <base> tricks.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "script-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    }
}

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", not DEBUG)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", not DEBUG)
# HTTPS only without DEBUG. Behind a proxy that ends TLS (nginx), keep the redirect and set
# SECURE_PROXY_SSL_HEADER=HTTP_X_FORWARDED_PROTO,https (the proxy must overwrite that header);
# SECURE_SSL_REDIRECT=false leaves the redirect to the proxy alone.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SECURE_PROXY_SSL_HEADER = env_header_pair("SECURE_PROXY_SSL_HEADER")
# A load balancer probes the health check over plain HTTP.
SECURE_REDIRECT_EXEMPT = [r"^healthz/$"]
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", SECURE_HSTS_SECONDS > 0)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", SECURE_HSTS_SECONDS > 0)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Logs go to standard error: text lines in development, one JSON object per line with
# LOG_FORMAT=json (production). Business events are logged at INFO by the apps' loggers.
# The same LOGGING serves gunicorn (deploy/gunicorn.conf.py: master, workers, access log) and
# Celery (ita_portal/celery.py applies it on setup_logging): one format, same fields, and every
# time in TIME_ZONE with its offset (+07:00), the zone of the beat schedule and of the users.
LOG_FORMAT = os.environ.get("LOG_FORMAT") or "text"
if LOG_FORMAT not in {"text", "json"}:
    raise ImproperlyConfigured(ERROR_LOG_FORMAT.format(raw=LOG_FORMAT))
APP_LOGGERS = [
    "ita_portal",
    "indicators",
    "assessments",
    "actionplans",
    "committees",
    "oit",
    "reports",
]
# The PDF renderer's libraries: WeasyPrint logs every step and page at INFO, fontTools and
# Pillow chat at DEBUG; quiet unless PDF_LOG_LEVEL asks (CSS it cannot read is a WARNING).
PDF_LOGGERS = ["weasyprint", "fontTools", "PIL"]
PDF_LOG_LEVEL = log_level("PDF_LOG_LEVEL", os.environ.get("PDF_LOG_LEVEL"), "WARNING")
APP_LOG_LEVEL = log_level("APP_LOG_LEVEL", os.environ.get("APP_LOG_LEVEL"), "INFO")
LOGGING_CONFIG = "ita_portal.lib.logs.configure_logging"
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "text": {"()": "ita_portal.lib.logs.TextFormatter", "time_zone": TIME_ZONE},
        "json": {"()": "ita_portal.lib.logs.JsonFormatter", "time_zone": TIME_ZONE},
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": LOG_FORMAT}},
    "root": {
        "handlers": ["console"],
        "level": log_level("LOG_LEVEL", os.environ.get("LOG_LEVEL"), "WARNING"),
    },
    "loggers": {
        **{name: {"level": APP_LOG_LEVEL} for name in APP_LOGGERS},
        **{name: {"level": PDF_LOG_LEVEL} for name in PDF_LOGGERS},
        # gunicorn's loggers keep their level (--log-level) and write through our handler only.
        "gunicorn.error": {"handlers": ["console"], "propagate": False},
        "gunicorn.access": {"handlers": ["console"], "propagate": False},
    },
}
# ----- Celery logs (this block only): the worker and beat must not replace the root logger's
# handlers with their own text format in local time; LOGGING above applies to them as well.
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
# ----- end of Celery logs

# Error reports to Sentry, only when SENTRY_DSN is set (sentry-sdk is imported only then).
SENTRY_DSN = env_str("SENTRY_DSN", "")
if SENTRY_DSN:
    from ita_portal.monitoring import init_sentry

    init_sentry(
        dsn=SENTRY_DSN,
        environment=env_str("SENTRY_ENVIRONMENT", "production"),
        traces_sample_rate=env_float("SENTRY_TRACES_SAMPLE_RATE", 0.0, low=0.0, high=1.0),
    )
