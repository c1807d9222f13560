"""CCR Hub settings: one file, read from the environment, safe defaults.

Every variable is documented in `.env.example` and in the README. DEBUG is off
unless set; without DEBUG a missing SECRET_KEY is an error.
"""

from pathlib import Path

import dj_database_url
import django_stubs_ext
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from ccrhub.lib.env import env_bool, env_int, env_list, env_secret, env_str

# Lets model forms and querysets take type parameters at run time (e.g. ModelForm[Case]).
django_stubs_ext.monkeypatch()

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("CCRHUB_VAR_DIR", str(BASE_DIR / "var")))

DEBUG = env_bool("DEBUG", False)

SECRET_KEY = env_secret("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "Set SECRET_KEY (or SECRET_KEY_FILE); only DEBUG may run without."
        )
    SECRET_KEY = "insecure-development-key-do-not-use-in-production"

# Behind TLS in production: redirects, HSTS and Secure cookies. Off for DEBUG.
HTTPS = env_bool("HTTPS", not DEBUG)

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
# How many reverse proxies in front of us add to X-Forwarded-For; 0 = trust none.
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)

# Jurisdiction: "us" (releases of information, LAP, high-risk teams) or "uk"
# (lawful basis, DASH, MARAC). Terms, instruments and forms follow it.
JURISDICTION = env_str("JURISDICTION", "us")
if JURISDICTION not in {"us", "uk"}:
    raise ImproperlyConfigured("JURISDICTION must be 'us' or 'uk'.")
# Local DASH bands: the scores where "medium" and "high" begin (default 1–9/10–13/14+).
RISK_DASH_BANDS = tuple(int(v) for v in env_list("RISK_DASH_BANDS", ["10", "14"]))
# Days after an assessment when a re-assessment is due.
RISK_REASSESS_DAYS = env_int("RISK_REASSESS_DAYS", 90)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "rest_framework",
    "drf_spectacular",
    "csp",
    "django_tasks",
    "django_tasks_db",
    "ccrhub.lib",
    "ccrhub.accounts",
    "ccrhub.audit",
    "ccrhub.partners",
    "ccrhub.meetings",
    "ccrhub.protocols",
    "ccrhub.cases",
    "ccrhub.risk",
    "ccrhub.highrisk",
    "ccrhub.survivors",
    "ccrhub.reviews",
    "ccrhub.directory",
    "ccrhub.outreach",
    "ccrhub.evaluation",
    "ccrhub.retention",
    "ccrhub.public",
]

MIDDLEWARE = [
    "ccrhub.lib.middleware.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "ccrhub.lib.middleware.PublicPageMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "ccrhub.lib.middleware.LoginRequiredMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "ccrhub.accounts.middleware.SessionLifetimeMiddleware",
    "ccrhub.accounts.middleware.RequireMfaMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "ccrhub.lib.middleware.SecurityHeadersMiddleware",
    "ccrhub.accounts.idempotency.IdempotencyMiddleware",
]

ROOT_URLCONF = "ccrhub.urls"
WSGI_APPLICATION = "ccrhub.wsgi.application"

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
                "ccrhub.lib.context_processors.site",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'ccrhub.sqlite3'}"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 0),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Concurrent readers with one writer, and waits instead of "database is locked".
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    # Our user has `full_name`, not Django's first_name/last_name: name both explicitly.
    {
        "NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator",
        "OPTIONS": {"user_attributes": ("email", "full_name")},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "ccrhub.accounts.passwords.ContextWordsValidator"},
    # No word of the person's own name, e-mail address or username (S15).
    {"NAME": "ccrhub.accounts.passwords.PersonalWordsValidator"},
]

LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "dashboard"
LOGOUT_REDIRECT_URL = "account_login"

# django-allauth: log in by e-mail; accounts are created by coordinators, not by sign-up.
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_ADAPTER = "ccrhub.accounts.adapters.AccountAdapter"
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = True
ACCOUNT_LOGIN_ON_PASSWORD_RESET = False
ACCOUNT_SESSION_REMEMBER = False
ACCOUNT_REAUTHENTICATION_TIMEOUT = 300
ACCOUNT_EMAIL_NOTIFICATIONS = True
ACCOUNT_RATE_LIMITS = {
    # Per client address generous (an agency office shares one), per account strict.
    "login_failed": "20/15m/ip,5/15m/key",
    "login": "30/m/ip",
    "reset_password": "5/h/ip,3/h/key",
}
ALLAUTH_TRUSTED_PROXY_COUNT = TRUSTED_PROXY_COUNT
# Second factors: an authenticator app (TOTP), security keys and passkeys (WebAuthn),
# and single-use recovery codes. A passkey is a second factor only: signing in with it
# alone (MFA_PASSKEY_LOGIN_ENABLED) would drop the password, so it stays off.
MFA_SUPPORTED_TYPES = ["totp", "webauthn", "recovery_codes"]
MFA_PASSKEY_LOGIN_ENABLED = False
MFA_PASSKEY_SIGNUP_ENABLED = False
# The key must check it is its owner (PIN or fingerprint) whenever it can.
MFA_WEBAUTHN_USER_VERIFICATION = "preferred"
MFA_TOTP_ISSUER = env_str("MFA_TOTP_ISSUER", "CCR Hub")
MFA_RECOVERY_CODE_COUNT = 10
# TOTP secrets and the recovery-code seed are stored encrypted; codes are shown once.
MFA_ADAPTER = "ccrhub.accounts.adapters.MfaAdapter"
MFA_RECOVERY_CODES_SHOW_ONCE = True

# Sessions live in the database (server side). Idle and absolute limits are enforced
# by SessionLifetimeMiddleware; the cookie itself ends with the browser.
SESSION_ENGINE = "django.contrib.sessions.backends.db"
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_AGE = 10 * 60 * 60
SESSION_IDLE_MINUTES = env_int("SESSION_IDLE_MINUTES", 30)
SESSION_IDLE_MINUTES_SURVIVOR_ROLES = env_int("SESSION_IDLE_MINUTES_SURVIVOR_ROLES", 15)
SESSION_ABSOLUTE_HOURS = env_int("SESSION_ABSOLUTE_HOURS", 10)
DORMANT_ACCOUNT_DAYS = env_int("DORMANT_ACCOUNT_DAYS", 90)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Strict"
CSRF_FAILURE_VIEW = "ccrhub.lib.errors.csrf_failure"

SECURE_SSL_REDIRECT = HTTPS
SECURE_HSTS_SECONDS = 31_536_000 if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if TRUSTED_PROXY_COUNT else None
X_FRAME_OPTIONS = "DENY"
PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), "
    "microphone=(), payment=(), usb=(), interest-cohort=()"
)

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "worker-src": [NONE],
    }
}

# Error reports never carry local variables or POST data (S28).
DEFAULT_EXCEPTION_REPORTER_FILTER = "ccrhub.lib.errors.StrictExceptionReporterFilter"
DEFAULT_EXCEPTION_REPORTER = "ccrhub.lib.errors.StrictExceptionReporter"

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "ccrhub.accounts.api_auth.BearerTokenAuthentication",
        "ccrhub.accounts.api_auth.MfaSessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": [
        "rest_framework.permissions.IsAuthenticated",
        "ccrhub.accounts.api_auth.ReadOnlyTokenPermission",
    ],
    "DEFAULT_PAGINATION_CLASS": "ccrhub.lib.api.CursorPagination",
    "DEFAULT_SCHEMA_CLASS": "ccrhub.lib.openapi.AutoSchema",
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    # JSON objects only; the one upload (imports) names its multipart parser itself.
    "DEFAULT_PARSER_CLASSES": ["ccrhub.lib.api.ObjectJSONParser"],
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
    "EXCEPTION_HANDLER": "ccrhub.lib.api.problem_exception_handler",
    "DEFAULT_THROTTLE_CLASSES": ["rest_framework.throttling.UserRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {"user": env_str("API_THROTTLE_RATE", "600/min")},
    # The client address under the same trusted-proxy rule as allauth and the public
    # limits; DRF's default (None) would believe any X-Forwarded-For a client sends.
    "NUM_PROXIES": TRUSTED_PROXY_COUNT,
    "UNAUTHENTICATED_USER": None,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "CCR Hub API",
    "DESCRIPTION": (
        "The REST API of CCR Hub, for agency systems and tests. Every error is "
        "application/problem+json (type, title, status, detail; errors by field for "
        "invalid input). Dates and date-times in request bodies take years 1900 to 2199."
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
    # A PATCH body is documented as its serializer declares it: `version` is required
    # there (S29), everything else optional.
    "COMPONENT_SPLIT_PATCH": False,
    # Choice sets that share a field name ("status", "kind") across apps.
    "ENUM_NAME_OVERRIDES": {
        "ActionItemStatusEnum": "ccrhub.meetings.models.ActionStatus",
        "HighRiskActionStatusEnum": "ccrhub.highrisk.models.ActionStatus",
        "ViolationKindEnum": "ccrhub.cases.models.ViolationKind",
        "ViolationResponseKindEnum": "ccrhub.cases.models.ResponseKind",
        "RecommendationStatusEnum": "ccrhub.reviews.models.RecommendationStatus",
        "RecommendationKindEnum": "ccrhub.reviews.models.RecommendationType",
        "ReviewKindEnum": "ccrhub.reviews.models.ReviewKind",
        "ProtocolKindEnum": "ccrhub.protocols.models.Kind",
        "SectorEnum": "ccrhub.partners.models.Sector",
    },
}

# Background tasks (imports): the database backend, run by `manage.py db_worker`.
# TASKS_BACKEND=django_tasks.backends.immediate.ImmediateBackend runs them inline (tests).
TASKS = {"default": {"BACKEND": env_str("TASKS_BACKEND", "django_tasks_db.DatabaseBackend")}}

# Periodic jobs, run by `manage.py run_schedule` (ccrhub/lib/schedule.py): name, cron
# expression in TIME_ZONE, management command, arguments (`{today}` is the ISO date).
CCRHUB_BACKUP_DIR = env_str("CCRHUB_BACKUP_DIR", str(BASE_DIR / "var" / "backups"))
CCRHUB_SCHEDULE: list[tuple[str, str, str, tuple[str, ...]]] = [
    ("backup_nightly", "15 2 * * *", "backup", (CCRHUB_BACKUP_DIR + "/ccrhub-{today}.ccrb",)),
    ("purge", "30 3 * * *", "purge", ("--commit",)),
    ("audit_chain", "45 3 * * *", "verify_audit_chain", ()),
    ("dormant_accounts", "0 4 * * *", "disable_dormant_accounts", ("--commit",)),
    ("action_reminders", "0 7 * * *", "send_action_reminders", ("--commit",)),
    ("protocol_reminders", "5 7 * * *", "send_protocol_reminders", ("--commit",)),
    ("research_returns", "10 7 * * *", "chase_research_returns", ("--commit",)),
    ("unverified_directory", "15 7 * * *", "remind_unverified", ("--commit",)),
    ("reassessments", "20 7 * * *", "reassessments_due", ("--email",)),
    ("chasing_digest", "30 7 * * 1-5", "send_chasing_digest", ("--commit",)),
    ("ended_sessions", "7 * * * *", "clear_ended_sessions", ()),
    ("stale_imports", "37 * * * *", "clear_stale_imports", ()),
]

# Encryption key ring for survivor data (S9): a JSON file or variable, never the database.
CCRHUB_KEYRING = env_str("CCRHUB_KEYRING", "")
CCRHUB_KEYRING_FILE = env_str("CCRHUB_KEYRING_FILE", "")
# Keyed hashing of identifiers and search terms: separate from SECRET_KEY.
CCRHUB_HMAC_KEY = env_secret("CCRHUB_HMAC_KEY")

LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("es", "Español")]
LOCALE_PATHS = [BASE_DIR / "ccrhub" / "locale"]
TIME_ZONE = env_str("TIME_ZONE", "America/Chicago")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(VAR_DIR / "uploads")},
    },
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = DEBUG
WHITENOISE_AUTOREFRESH = DEBUG

EMAIL_BACKEND = env_str(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "CCR Hub <noreply@localhost>")
ADMINS: list[tuple[str, str]] = []

# The quick-exit control sends people here (a neutral site, replacing the page).
# Case tracking: when an unanswered violation or an unenrolled BIP referral becomes a gap
# (no national standard: each collaborative sets its own).
CCRHUB_VIOLATION_RESPONSE_DAYS = env_int("CCRHUB_VIOLATION_RESPONSE_DAYS", 7)
CCRHUB_BIP_ENROLMENT_DAYS = env_int("CCRHUB_BIP_ENROLMENT_DAYS", 30)
CCRHUB_ORDER_SERVICE_DAYS = env_int("CCRHUB_ORDER_SERVICE_DAYS", 3)
# High-risk teams: police-reported incidents in 12 months that count as potential
# escalation (areas differ; a team can override it), and how many days before a
# conference agencies missing research returns are chased.
CCRHUB_HIGHRISK_ESCALATION_INCIDENTS = env_int("CCRHUB_HIGHRISK_ESCALATION_INCIDENTS", 3)
CCRHUB_HIGHRISK_CHASE_DAYS = env_int("CCRHUB_HIGHRISK_CHASE_DAYS", 3)

# One cache shared by every app server (API throttles, lockout counters) when REDIS_URL
# is set; a per-process memory cache otherwise (one server, development, tests).
REDIS_URL = env_str("REDIS_URL", "")
CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
        if REDIS_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}

# Per-client limits on the public area (ccrhub/lib/rate_limits.py), as "count/period"
# (s, min, h, day). One agency office or shelter may share an address: be generous.
CCRHUB_RATE_LIMITS = {
    "public_search": env_str("RATE_LIMIT_PUBLIC_SEARCH", "120/min"),
    "public_report": env_str("RATE_LIMIT_PUBLIC_REPORT", "60/min"),
    "hsds": env_str("RATE_LIMIT_HSDS", "300/min"),
}

# Retention schedules in days per category (`manage.py purge`); CCRHUB_RETENTION overrides
# some, e.g. "survivor_contact=365,case_data=1825". Audit is kept at least 365 days.
RETENTION_DAYS = {
    "survivor_contact": 730,
    "assessment_narratives": 1095,
    "case_data": 2555,
    "import_files": 30,
    "audit": 2555,
    "exports": 7,
}
for _item in env_list("CCRHUB_RETENTION", []):
    _category, _, _days = _item.partition("=")
    if _category.strip() not in RETENTION_DAYS or not _days.strip().isdigit():
        raise ImproperlyConfigured(f"CCRHUB_RETENTION: cannot read {_item!r} (category=days).")
    RETENTION_DAYS[_category.strip()] = int(_days)
# Action items: reminded this many days before due, then every so many days when overdue.
CCRHUB_ACTION_REMINDER_DAYS = env_int("CCRHUB_ACTION_REMINDER_DAYS", 3)
CCRHUB_OVERDUE_REMINDER_EVERY_DAYS = env_int("CCRHUB_OVERDUE_REMINDER_EVERY_DAYS", 7)
# Audit anomaly rules: thresholds that differ from the rules' own (ccrhub/audit/anomalies.py),
# e.g. {"views_per_hour": 300}. Set here, not from the environment: tuning them is a decision.
CCRHUB_ANOMALY_THRESHOLDS: dict[str, int] = {}
# Protocols: their owners are reminded this many days before a review falls due.
CCRHUB_PROTOCOL_REVIEW_REMINDER_DAYS = env_int("CCRHUB_PROTOCOL_REVIEW_REMINDER_DAYS", 30)
# Directory entries nobody has verified for this many days are flagged and their owners
# reminded (`manage.py remind_unverified`).
CCRHUB_DIRECTORY_VERIFY_DAYS = env_int("CCRHUB_DIRECTORY_VERIFY_DAYS", 180)
# Death reviews: days to decide whether to review after notification, and to finish; in
# US fatality reviews, whether criminal proceedings must be closed before a case is taken.
CCRHUB_DEATH_REVIEW_DECISION_DAYS = env_int("CCRHUB_DEATH_REVIEW_DECISION_DAYS", 30)
CCRHUB_DEATH_REVIEW_COMPLETION_DAYS = env_int("CCRHUB_DEATH_REVIEW_COMPLETION_DAYS", 183)
CCRHUB_FATALITY_REVIEW_REQUIRES_CLOSED_CASE = env_bool(
    "CCRHUB_FATALITY_REVIEW_REQUIRES_CLOSED_CASE", True
)
# Survivor data: the longest a release of information or recorded basis may run, in
# months from the day it was signed (or recorded, without a signature).
CCRHUB_RELEASE_MAX_MONTHS = env_int("CCRHUB_RELEASE_MAX_MONTHS", 12)
# Hours an export's download link lives (the export is then purged by retention).
CCRHUB_EXPORT_HOURS = env_int("CCRHUB_EXPORT_HOURS", 24)
# The address people reach CCR Hub at, for links in e-mails.
CCRHUB_SITE_URL = env_str("CCRHUB_SITE_URL", "http://localhost:8000")
# Uploads (S24): kept outside the web root, served only through authorising views.
CCRHUB_UPLOAD_ROOT = Path(env_str("CCRHUB_UPLOAD_ROOT", str(VAR_DIR / "uploads")))
CCRHUB_UPLOAD_MAX_BYTES = env_int("CCRHUB_UPLOAD_MAX_BYTES", 10 * 1024 * 1024)
# Zip archives from outside (XLSX imports, DOCX uploads, HSDS packages; S21) are refused
# before they are unpacked when they would unpack beyond this many bytes, or a member or
# the whole inflates by more than this ratio (decompression bombs).
CCRHUB_ARCHIVE_MAX_BYTES = env_int("CCRHUB_ARCHIVE_MAX_BYTES", 200 * 1024 * 1024)
CCRHUB_ARCHIVE_MAX_RATIO = env_int("CCRHUB_ARCHIVE_MAX_RATIO", 100)

# Public pages show only "Information" as their tab title (a watched screen).
PUBLIC_NEUTRAL_TITLE = env_bool("PUBLIC_NEUTRAL_TITLE", False)
QUICK_EXIT_URL = env_str("QUICK_EXIT_URL", "https://www.google.com/search?q=weather")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "ccrhub.lib.request_id.RequestIdLogFilter"}},
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
        "json": {"()": "ccrhub.lib.logformat.JsonFormatter"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            # LOG_FORMAT=json writes one JSON object per line, for log collectors.
            "formatter": "json" if env_str("LOG_FORMAT", "plain") == "json" else "plain",
            "filters": ["request_id"],
        }
    },
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        # Django's request logger prints paths and, for errors, more; keep it to warnings.
        "django.request": {"level": "ERROR"},
        "django.server": {"level": "WARNING" if not DEBUG else "INFO"},
        # PDF rendering narrates every step at INFO.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}
