"""Settings, read from environment variables only (see README, "Configuration").

The embedded default (no variables set except DEBUG=true) runs on an SQLite
file with Celery tasks run eagerly; production sets DATABASE_URL, REDIS_URL,
SECRET_KEY and ALLOWED_HOSTS.
"""

from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from .env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("DEBUG", False)

SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = "insecure-development-key-only-for-debug-mode-never-in-production"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "crispy_forms",
    "crispy_forms_gds",
    "auditlog",
    "django_celery_beat",
    "django_filters",
    "rest_framework",
    "drf_spectacular",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp_webauthn",
    "accounts",
    "audit",
    "policy",
    "cases",
    "consent",
    "platforms",
    "ripa",
    "checks",
    "incidents",
    "notifications",
    "dataprotection",
    "governance",
    "api",
    "oversight",
    "web",
    "mozilla_django_oidc",
    "axes",  # after accounts: a failed sign-in is in the audit trail before axes records any lockout
]

MIDDLEWARE = [
    # First: a request id, timing, one JSON log line and the latency metric for every request.
    "t4c_socialcheck.observability.RequestLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # After WhiteNoise (static files answer before it), before everything that may answer a page.
    "t4c_socialcheck.cache_headers.NoStoreMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "t4c_socialcheck.observability.ViewContextMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "accounts.middleware.IdleSessionMiddleware",
    "accounts.twofactor.middleware.TwoFactorMiddleware",
    # After the second step: a new policy version is asked for at sign-in (policy.gate).
    "policy.gate.PolicyGateMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # django-auditlog's, with the client's address from t4c_socialcheck.client.
    "t4c_socialcheck.middleware.AuditlogMiddleware",
    "axes.middleware.AxesMiddleware",
    # Last, so it sees a view's database error first and answers 503.
    "t4c_socialcheck.middleware.DatabaseUnavailableMiddleware",
]

ROOT_URLCONF = "t4c_socialcheck.urls"
WSGI_APPLICATION = "t4c_socialcheck.wsgi.application"

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
                "web.context_processors.service",
            ],
        },
    },
]

# --- Database -----------------------------------------------------------------
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 0),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # SQLite ignores SELECT ... FOR UPDATE; IMMEDIATE transactions serialise
    # writers instead, so the one-view rule also holds under a threaded server.
    DATABASES["default"].setdefault("OPTIONS", {})["transaction_mode"] = "IMMEDIATE"
# DATABASE_POOLER=transaction: DATABASE_URL points at a pooler in transaction
# mode (PgBouncer pool_mode = transaction), which hands each transaction to any
# server connection. A server-side cursor (.iterator()) outlives the
# transaction it was declared in, so Django must not use them there.
DATABASE_POOLER = env_str("DATABASE_POOLER", "").strip().lower()
if DATABASE_POOLER not in ("", "none", "transaction"):
    raise ImproperlyConfigured("DATABASE_POOLER must be 'transaction' or unset")
if DATABASE_POOLER == "transaction":
    DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = True

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

# --- Authentication -----------------------------------------------------------
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    # zxcvbn's lists, shipped in the package and read offline: 30,000 passwords
    # from breaches, common words and names, with their l33t and keyboard variants.
    {"NAME": "django_zxcvbn_password_validator.ZxcvbnPasswordValidator"},
]
# zxcvbn's score, 0 to 4: 3 is "safely unguessable" (about 10^10 guesses).
PASSWORD_MINIMAL_STRENGTH = 3
# axes first: it refuses a locked-out sign-in before any password is checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "accounts.backends.PasswordBackend",
    "accounts.sso.SingleSignOnBackend",
]

# Single sign-on over OpenID Connect with the council's identity provider (accounts.sso;
# mozilla-django-oidc). On when OIDC_ISSUER and OIDC_CLIENT_ID are set; the provider's
# endpoints are read from its discovery document. Register <SITE_URL>/sso/callback/ there.
SOCIALCHECK_OIDC_ISSUER = env_str("OIDC_ISSUER", "").rstrip("/")
OIDC_RP_CLIENT_ID = env_str("OIDC_CLIENT_ID", "")
OIDC_RP_CLIENT_SECRET = env_str("OIDC_CLIENT_SECRET", "")
OIDC_RP_SIGN_ALGO = env_str("OIDC_SIGN_ALGORITHM", "RS256")
OIDC_RP_SCOPES = env_str("OIDC_SCOPES", "openid email profile")
OIDC_USE_PKCE = True
OIDC_CREATE_USER = False  # accounts are made by admins, never on the fly
OIDC_TIMEOUT = env_int("OIDC_TIMEOUT_SECONDS", 10)
OIDC_STORE_ID_TOKEN = False
# Who is who: the claim stored on each account (User.sso_subject). Entra ID: oid.
SOCIALCHECK_OIDC_SUBJECT_CLAIM = env_str("OIDC_SUBJECT_CLAIM", "sub")
# Only these email domains may sign in (empty: any the provider vouches for).
SOCIALCHECK_OIDC_ALLOWED_EMAIL_DOMAINS = [d.lower().lstrip("@") for d in env_list("OIDC_ALLOWED_EMAIL_DOMAINS", [])]
# Link an account with no subject yet to the person whose email it has, on their first sign-in.
SOCIALCHECK_OIDC_LINK_BY_EMAIL = env_bool("OIDC_LINK_BY_EMAIL", False)
# The token's amr / acr values that mean a multi-factor sign-in: the app's own second step is skipped.
SOCIALCHECK_OIDC_MFA_AMR_VALUES = env_list("OIDC_MFA_AMR_VALUES", ["mfa", "otp", "hwk", "swk", "fido", "sc"])
SOCIALCHECK_OIDC_MFA_ACR_VALUES = env_list("OIDC_MFA_ACR_VALUES", [])
if bool(SOCIALCHECK_OIDC_ISSUER) != bool(OIDC_RP_CLIENT_ID):
    raise ImproperlyConfigured("Set both OIDC_ISSUER and OIDC_CLIENT_ID for single sign-on, or neither.")
# Who may sign in with a password: "everyone", or "admins" (break-glass admin accounts only,
# for when the identity provider is down; everyone else signs in through it).
SOCIALCHECK_PASSWORD_SIGN_IN = env_str("PASSWORD_SIGN_IN", "everyone").strip().lower()
if SOCIALCHECK_PASSWORD_SIGN_IN not in ("everyone", "admins"):
    raise ImproperlyConfigured("PASSWORD_SIGN_IN must be everyone or admins")
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "caseload"
LOGOUT_REDIRECT_URL = "login"

# --- Internationalisation -----------------------------------------------------
LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

# --- Static files -------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
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

CRISPY_ALLOWED_TEMPLATE_PACKS = ["gds"]
CRISPY_TEMPLATE_PACK = "gds"
CRISPY_CLASS_CONVERTERS = {
    "numberinput": "govuk-input",
    "urlinput": "govuk-input",
    "dateinput": "govuk-input",
    "datetimeinput": "govuk-input",
    "timeinput": "govuk-input",
}

# --- Celery -------------------------------------------------------------------
REDIS_URL = env_str("REDIS_URL")
if REDIS_URL:
    CELERY_BROKER_URL = REDIS_URL
    CELERY_TASK_ALWAYS_EAGER = False
else:
    # No broker configured: run tasks in the web process (demo and tests).
    CELERY_BROKER_URL = "memory://"
    CELERY_TASK_ALWAYS_EAGER = True
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TIMEZONE = TIME_ZONE
# Short broker timeouts: a hung or absent Redis must not hold a web request.
CELERY_BROKER_CONNECTION_TIMEOUT = 1
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "max_retries": 1,
    "socket_connect_timeout": 1,
    "socket_timeout": 1,
    # A task whose worker died is handed to another worker after this long (acks late).
    "visibility_timeout": env_int("CELERY_VISIBILITY_TIMEOUT", 3600),
}
CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 1, "interval_start": 0, "interval_step": 0.2}
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
CELERY_BEAT_SCHEDULE: dict = {
    # Re-send notifications the broker never took (Redis was down or hung).
    "relay-pending-notifications": {
        "task": "notifications.tasks.relay_pending_notifications",
        "schedule": 60.0,
    },
    "audit-checkpoint": {"task": "audit.tasks.write_audit_checkpoint", "schedule": 3600.0},
    "audit-verify": {"task": "audit.tasks.verify_audit_chain", "schedule": 24 * 3600.0},
    "ico-deadline-reminders": {"task": "incidents.tasks.remind_ico_deadlines", "schedule": 3600.0},
    "ripa-reminders": {"task": "ripa.tasks.remind_ripa", "schedule": 24 * 3600.0},
    "retention-daily": {"task": "dataprotection.tasks.apply_retention_daily", "schedule": 24 * 3600.0},
    "working-copies-daily": {"task": "dataprotection.tasks.purge_working_copies_daily", "schedule": 24 * 3600.0},
    "overdue-cases-daily": {"task": "cases.tasks.notify_overdue_cases_daily", "schedule": 24 * 3600.0},
    "needs-reviews-daily": {"task": "cases.tasks.remind_needs_reviews_daily", "schedule": 24 * 3600.0},
}

# --- Email --------------------------------------------------------------------
EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
# TLS unless turned off: the emails name checks and people (the demo's console backend ignores it).
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", not DEBUG)
# A mail server that does not answer must not hold a worker: the email stays pending for the relay.
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT_SECONDS", 30)
EMAIL_FILE_PATH = env_str("EMAIL_FILE_PATH", str(BASE_DIR / "sent-emails"))
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "socialcheck@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- The service and its policy ----------------------------------------------
# The address people reach the service at, for links in emails.
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
SOCIALCHECK_SERVICE_NAME = env_str("SERVICE_NAME", "Social media checks")
SOCIALCHECK_AGENCY_NAME = env_str("AGENCY_NAME", "Together4Children")
# Who hears of a refusal or incident when the worker has no team manager.
SOCIALCHECK_FALLBACK_NOTIFY_EMAILS = env_list("FALLBACK_NOTIFY_EMAILS", [])
# A check started but not completed after this many hours is flagged to managers.
SOCIALCHECK_IN_PROGRESS_ALERT_HOURS = env_int("IN_PROGRESS_ALERT_HOURS", 24)
# Sent emails and double-submit tokens are deleted after this many days;
# expired sessions daily (dataprotection.housekeeping).
SOCIALCHECK_OPERATIONAL_KEEP_DAYS = env_int("OPERATIONAL_KEEP_DAYS", 30)
# Demo data and demo users may be seeded only when this is on.
SOCIALCHECK_DEMO_MODE = env_bool("DEMO_MODE", DEBUG)

# --- Consent information documents -------------------------------------------
# Made once per wording version and format, then served from here (consent.documents).
CONSENT_DOCUMENTS_DIR = env_str("CONSENT_DOCUMENTS_DIR", str(BASE_DIR / "var" / "consent-documents"))
# The external tools that make audio and Braille (Debian packages espeak-ng, liblouis-bin).
CONSENT_ESPEAK = env_str("CONSENT_ESPEAK", "espeak-ng")
CONSENT_LOU_TRANSLATE = env_str("CONSENT_LOU_TRANSLATE", "lou_translate")
CONSENT_BRAILLE_TABLE = env_str("CONSENT_BRAILLE_TABLE", "en-ueb-g2.ctb")
CONSENT_TOOL_TIMEOUT_SECONDS = env_int("CONSENT_TOOL_TIMEOUT_SECONDS", 30)

# --- Audit checkpoints ------------------------------------------------------
# Signed checkpoints of the audit chain head are written here, outside the
# database, with a key the database does not hold.
AUDIT_CHECKPOINT_DIR = env_str("AUDIT_CHECKPOINT_DIR", str(BASE_DIR / "var" / "audit-checkpoints"))
AUDIT_CHECKPOINT_KEY = env_str("AUDIT_CHECKPOINT_KEY") or SECRET_KEY
# The key of the audit chain's HMACs (audit.chain, format 2): kept out of the
# database and its backups, so the table's owner cannot recompute a hash.
# Changing it makes every entry since the switch-over fail verification.
AUDIT_CHAIN_KEY = env_str("AUDIT_CHAIN_KEY")
if not AUDIT_CHAIN_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("AUDIT_CHAIN_KEY must be set when DEBUG is off.")
    AUDIT_CHAIN_KEY = "insecure-development-audit-chain-key-only-for-debug-mode-never-in-production"

# --- Security -----------------------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = env_int("SESSION_IDLE_TIMEOUT_MINUTES", 30) * 60
# However busy, a session ends this long after signing in (accounts.middleware).
SOCIALCHECK_SESSION_ABSOLUTE_HOURS = env_int("SESSION_ABSOLUTE_HOURS", 10)
SESSION_SAVE_EVERY_REQUEST = False  # accounts.middleware.IdleSessionMiddleware refreshes expiry
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
# Behind our own TLS proxy, trust its X-Forwarded-Proto.
SOCIALCHECK_BEHIND_TLS_PROXY = env_bool("BEHIND_TLS_PROXY", False)
if SOCIALCHECK_BEHIND_TLS_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# How many proxies of our own stand in front of the app, each appending to
# X-Forwarded-For: the client's address is read that many entries from the
# right (t4c_socialcheck.client). 0 ignores the header. One by default behind BEHIND_TLS_PROXY.
SOCIALCHECK_PROXY_COUNT = env_int("PROXY_COUNT", 1 if SOCIALCHECK_BEHIND_TLS_PROXY else 0)
if SOCIALCHECK_PROXY_COUNT < 0:
    raise ImproperlyConfigured("PROXY_COUNT must be 0 or more")

# --- Sign-in security ---------------------------------------------------------
import ipaddress  # noqa: E402  (kept with the settings that use them)
from datetime import timedelta  # noqa: E402
from urllib.parse import urlsplit  # noqa: E402

# Two-step verification (accounts.twofactor): a passkey or an authenticator
# app after the password. Required for every user unless DEBUG is on; in the
# demo only those who set it up are asked for it.
SOCIALCHECK_REQUIRE_TWO_FACTOR = env_bool("REQUIRE_TWO_FACTOR", not DEBUG)
# How long an admin's set-up code for a first second factor works (accounts.twofactor.setup_code).
SOCIALCHECK_SETUP_CODE_HOURS = env_int("SETUP_CODE_HOURS", 72)
OTP_TOTP_ISSUER = f"{SOCIALCHECK_SERVICE_NAME} ({SOCIALCHECK_AGENCY_NAME})"
OTP_TOTP_THROTTLE_FACTOR = 1  # after each wrong code the next try waits twice as long: 1, 2, 4 … seconds
# Passkeys are the second step only, never a way round the password (or the lockout).
OTP_WEBAUTHN_ALLOW_PASSWORDLESS_LOGIN = False


def _is_host_name(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return bool(host) and "*" not in host
    return False


def _webauthn_defaults(site_url: str, allowed_hosts: list[str]) -> tuple[str, list[str]]:
    """A passkey belongs to a domain (never an IP address) and works only on the
    origins listed: by default SITE_URL's host, else the first of ALLOWED_HOSTS,
    else localhost (the demo: open http://localhost:8000 to use passkeys)."""
    site = urlsplit(site_url)
    hosts = [h.lstrip(".") for h in allowed_hosts if _is_host_name(h.lstrip("."))]
    site_host = site.hostname or ""
    rp_id = site_host if _is_host_name(site_host) else next(iter(hosts), "localhost")
    origins = []
    if site.scheme == "https" and site_host == rp_id:
        origins.append(f"https://{site.netloc}")
    if rp_id == "localhost":
        origins.append(f"http://localhost:{site.port or 8000}")
    origins += [f"https://{h}" for h in hosts if h != "localhost" and (h == rp_id or h.endswith("." + rp_id))]
    return rp_id, list(dict.fromkeys(origins)) or [f"https://{rp_id}"]


_rp_id, _origins = _webauthn_defaults(SITE_URL, ALLOWED_HOSTS)
OTP_WEBAUTHN_RP_ID = env_str("WEBAUTHN_RP_ID", _rp_id)
OTP_WEBAUTHN_RP_NAME = env_str("WEBAUTHN_RP_NAME", f"{SOCIALCHECK_SERVICE_NAME} ({SOCIALCHECK_AGENCY_NAME})")
OTP_WEBAUTHN_ALLOWED_ORIGINS = env_list("WEBAUTHN_ALLOWED_ORIGINS", _origins)

# Lockout (django-axes): this many failures (wrong passwords or codes) for one
# username from one address lock signing in for the cool-off (accounts.lockout).
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 30))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_CALLABLE = "accounts.lockout.lockout_response"
AXES_HTTP_RESPONSE_CODE = 429
# Failures are cleared after the whole sign-in, second step included (accounts.lockout.clear_failures).
AXES_RESET_ON_SUCCESS = False
# Attempts while locked do not extend the lock: "wait 30 minutes" stays true.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_DISABLE_ACCESS_LOG = True  # the audit trail already records every sign-in
AXES_SENSITIVE_PARAMETERS = ["username", "ip_address", "code"]
# The client's address, as the audit trail sees it.
AXES_CLIENT_IP_CALLABLE = "t4c_socialcheck.client.client_ip"
# --- end Sign-in security -----------------------------------------------------

# --- Operations: logs, metrics, readiness (issue 21) ---------------------------
# JSON lines on standard output (LOG_FORMAT=json, the default unless DEBUG), each
# with the request's id, the user's id and the view (t4c_socialcheck.observability).
LOG_FORMAT = env_str("LOG_FORMAT", "text" if DEBUG else "json").strip().lower()
if LOG_FORMAT not in ("json", "text"):
    raise ImproperlyConfigured("LOG_FORMAT must be json or text")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request": {"()": "t4c_socialcheck.observability.RequestContextFilter"}},
    "formatters": {
        "json": {"()": "t4c_socialcheck.observability.JsonLines"},
        "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": LOG_FORMAT, "filters": ["request"]},
    },
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    # WeasyPrint and fontTools log every step of every PDF at INFO.
    "loggers": {name: {"level": "WARNING"} for name in ("weasyprint", "fontTools")},
}
# /metrics/ (Prometheus) answers only a request with "Authorization: Bearer <METRICS_TOKEN>"
# or from an address in METRICS_ALLOWED_NETWORKS (e.g. the monitoring network); else 404.
SOCIALCHECK_METRICS_TOKEN = env_str("METRICS_TOKEN", "")
SOCIALCHECK_METRICS_ALLOWED_NETWORKS = env_list("METRICS_ALLOWED_NETWORKS", [])
for _network in SOCIALCHECK_METRICS_ALLOWED_NETWORKS:
    try:
        ipaddress.ip_network(_network, strict=False)
    except ValueError as _error:
        raise ImproperlyConfigured(f"METRICS_ALLOWED_NETWORKS: {_network!r} is not a network") from _error
# /readyz/: Celery beat's newest run must be this recent (0: not checked), and no
# more than READY_OUTBOX_MAX emails may be waiting longer than READY_OUTBOX_AGE_MINUTES.
SOCIALCHECK_READY_BEAT_MAX_AGE_SECONDS = env_int("READY_BEAT_MAX_AGE_SECONDS", 600)
SOCIALCHECK_READY_OUTBOX_AGE_MINUTES = env_int("READY_OUTBOX_AGE_MINUTES", 15)
SOCIALCHECK_READY_OUTBOX_MAX = env_int("READY_OUTBOX_MAX", 0)

# --- Content Security Policy ---
# No inline scripts or styles anywhere, the admin included: Django 5.2's admin has none,
# and django-celery-beat's one inline script gets the nonce (templates/admin/djcelery/).
# An inline script needs nonce="{{ request.csp_nonce }}"; styles go in static/css/app.css.
# django-csp adds the nonce to the header only on pages whose template used it.
from csp.constants import NONCE, NONE, SELF  # noqa: E402  (kept with the policy it builds)

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}
# --- end Content Security Policy ---

# --- JSON API v1 (api/) -------------------------------------------------------
# A token expires this many days after it is issued (an admin may choose another
# number of days, up to SOCIALCHECK_API_TOKEN_MAX_DAYS, for an integration token).
SOCIALCHECK_API_TOKEN_DAYS = env_int("API_TOKEN_DAYS", 90)
SOCIALCHECK_API_TOKEN_MAX_DAYS = env_int("API_TOKEN_MAX_DAYS", 366)
if not 1 <= SOCIALCHECK_API_TOKEN_DAYS <= SOCIALCHECK_API_TOKEN_MAX_DAYS:
    raise ImproperlyConfigured("API_TOKEN_DAYS must be between 1 and API_TOKEN_MAX_DAYS.")


def _rate(name: str, default: str) -> str:
    """A DRF throttle rate, e.g. "120/minute" (second, minute, hour or day)."""
    value = (env_str(name) or default).strip()
    number, _, period = value.partition("/")
    if not number.isdigit() or int(number) < 1 or period not in ("second", "minute", "hour", "day", "s", "m", "h", "d"):
        raise ImproperlyConfigured(f"{name} must be a rate such as 120/minute, not {value!r}")
    return value


REST_FRAMEWORK = {
    # Token first, so a request with no credentials gets 401 and a WWW-Authenticate header.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "api.authentication.HashedTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_CONTENT_NEGOTIATION_CLASS": "api.negotiation.JsonOnlyNegotiation",
    "DEFAULT_PAGINATION_CLASS": "api.pagination.StableCursorPagination",
    "DEFAULT_SCHEMA_CLASS": "api.schema.ApiAutoSchema",
    "EXCEPTION_HANDLER": "api.exceptions.api_exception_handler",
    # Per token; a signed-in browser per user; anyone else per address (api/throttling.py).
    # Counted in the default cache: CACHES is not set, so that is each process's own memory,
    # and with several worker processes each counts on its own.
    "DEFAULT_THROTTLE_CLASSES": [
        "api.throttling.TokenRateThrottle",
        "api.throttling.SessionUserRateThrottle",
        "api.throttling.AnonymousRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "token": _rate("API_TOKEN_RATE", "120/minute"),
        "session": _rate("API_SESSION_RATE", "120/minute"),
        "anonymous": _rate("API_ANONYMOUS_RATE", "30/minute"),
    },
}
SPECTACULAR_SETTINGS = {
    # One name for the communication support choices (needs, and support used at consent).
    "ENUM_NAME_OVERRIDES": {"CommunicationSupportEnum": "cases.models.CommunicationSupport"},
    "TITLE": "Social media checks API",
    "DESCRIPTION": (
        "JSON API v1 for case-management integration and scripted use. Authenticate with "
        "`Authorization: Token <key>`: a personal token from the API tokens page (/account/tokens/), "
        "or an integration token an admin issues. Tokens expire; a read-only token may only read. "
        "Requests are throttled per token (429 THROTTLED, with Retry-After). "
        'Every error is `{"code", "detail", "fields"}`.'
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # The schema describes the service: only for someone signed in, or with a token.
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "api.schema.add_error_responses",
        "api.schema.strip_docstrings",
        "api.schema.add_component_rules",
        "api.schema.merge_blank_alternatives",
    ],
}

# A friendly page when a form is too old or its CSRF token is missing (web, issue 4).
CSRF_FAILURE_VIEW = "web.views.account.csrf_failure"
