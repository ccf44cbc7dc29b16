"""Settings, all read from the environment (12-factor) with safe defaults for the demo.

Small typed helpers in the manner of healthchecks.io: a bad value raises ImproperlyConfigured at
start-up, never later. A secret may also be given as ``NAME_FILE`` pointing at a file.
"""

import os
import warnings
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("CESP_VAR_DIR", BASE_DIR / "var"))


def env(name: str, default: str = "") -> str:
    file_name = os.environ.get(f"{name}_FILE")
    if file_name:
        return Path(file_name).read_text().strip()
    return os.environ.get(name, default)


def envbool(name: str, default: str) -> bool:
    value = env(name, default).lower()
    if value in ("1", "true", "yes", "on"):
        return True
    if value in ("0", "false", "no", "off", ""):
        return False
    raise ImproperlyConfigured(f"{name} doit valoir true ou false, pas {value!r}.")


def envint(name: str, default: str) -> int:
    value = env(name, default)
    try:
        return int(value)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} doit être un entier, pas {value!r}.") from exc


def envlist(name: str, default: str) -> list[str]:
    return [item.strip() for item in env(name, default).split(",") if item.strip()]


DEBUG = envbool("DEBUG", "false")
SECRET_KEY = env("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY est obligatoire quand DEBUG est désactivé.")
    SECRET_KEY = "django-insecure-demo-only-" + "x" * 40

ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS", "")
SITE_URL = env("SITE_URL", "http://127.0.0.1:8000")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_tasks_db",
    "axes",
    "widget_tweaks",  # used by django-dsfr's checkbox and radio templates
    "dsfr",
    "cesp.core",
    "cesp.referentials",
    "cesp.accounts",
    "cesp.applications",
    "cesp.selection",
    "cesp.decrees",
    "cesp.contracts",
    "cesp.api",
    "cesp.web",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "cesp.core.errors.ErrorPagesMiddleware",  # the site's error pages, also with DEBUG on (the demo)
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "cesp.accounts.middleware.current_membership_middleware",
    "axes.middleware.AxesMiddleware",
]

# Error pages (cesp/core/errors.py): with DEBUG on, Django's technical pages (the list of URL patterns, a
# traceback with the settings) only when a developer asks for them.
DEBUG_TECHNICAL_PAGES = envbool("DEBUG_TECHNICAL_PAGES", "false")
CSRF_FAILURE_VIEW = "cesp.core.errors.csrf_failure"

ROOT_URLCONF = "cesp.urls"
WSGI_APPLICATION = "cesp.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "cesp" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "cesp.core.context_processors.site_config",
                "cesp.core.context_processors.navigation",
            ],
        },
    }
]

# DSFR advice: mark the optional fields, not the required ones. django-dsfr warns at every form it
# renders that this transitional setting will go; it is the one it recommends meanwhile.
DSFR_MARK_OPTIONAL_FIELDS = True
warnings.filterwarnings("ignore", "Transitional Django setting DSFR_MARK_OPTIONAL_FIELDS", UserWarning)
# django-dsfr's form renderer, made once per process. Left to its default, every DSFR form builds its own
# renderer and template engine, so each form rendering parsed its field templates again from disk
# (79 % of the simulator's CPU, issue #12); named here, Django keeps one engine and its cached loader.
# Ours also renders Django's leaf widget templates in Python (cesp/core/form_renderer.py).
FORM_RENDERER = "cesp.core.form_renderer.DsfrFormRenderer"

# Database: SQLite file under var/ by default, anything dj-database-url understands otherwise.
VAR_DIR.mkdir(parents=True, exist_ok=True)
DATABASE_URL = env("DATABASE_URL", f"sqlite:///{VAR_DIR / 'cesp.sqlite3'}")


def database_settings(url: str) -> dict:
    """The default database from its URL and the connection settings of the environment.

    On PostgreSQL a connection is reused across requests (docs/deployment.md, "Database connections"):
    either kept open by each worker for ``CONN_MAX_AGE`` seconds (default 60) and checked at the start of
    each request that reuses it (``CONN_HEALTH_CHECKS``, default on), or taken from a psycopg pool
    (``DATABASE_POOL=true``, sizes ``DATABASE_POOL_MIN_SIZE``/``DATABASE_POOL_MAX_SIZE``, wait at most
    ``DATABASE_POOL_TIMEOUT`` seconds), in which case ``CONN_MAX_AGE`` must stay 0. On SQLite a
    connection costs nothing to open: each request opens its own.
    """
    database = dj_database_url.parse(url)
    database["ATOMIC_REQUESTS"] = True
    pool = envbool("DATABASE_POOL", "false")
    if pool and database["ENGINE"] != "django.db.backends.postgresql":
        raise ImproperlyConfigured("DATABASE_POOL n'est possible qu'avec PostgreSQL.")
    if database["ENGINE"] == "django.db.backends.sqlite3":
        database["CONN_MAX_AGE"] = envint("CONN_MAX_AGE", "0")
        # IMMEDIATE transactions and a busy timeout make SQLite behave under concurrent writers.
        database["OPTIONS"] = {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
        return database
    options = database.setdefault("OPTIONS", {})
    if database["ENGINE"] == "django.db.backends.postgresql":
        # Names the platform's connections in pg_stat_activity.
        options.setdefault("application_name", env("DATABASE_APPLICATION_NAME", "cesp"))
    max_age = envint("CONN_MAX_AGE", "0" if pool else "60")
    if max_age < 0:
        raise ImproperlyConfigured(f"CONN_MAX_AGE doit être un nombre de secondes positif, pas {max_age}.")
    if pool:
        if max_age:
            raise ImproperlyConfigured(
                "DATABASE_POOL et CONN_MAX_AGE s'excluent : avec le pool, laissez CONN_MAX_AGE à 0."
            )
        min_size = envint("DATABASE_POOL_MIN_SIZE", "1")
        max_size = envint("DATABASE_POOL_MAX_SIZE", "4")
        if not 0 <= min_size <= max_size or max_size < 1:
            raise ImproperlyConfigured(
                "DATABASE_POOL_MIN_SIZE et DATABASE_POOL_MAX_SIZE doivent vérifier 0 ≤ min ≤ max et max ≥ 1 "
                f"(reçu {min_size} et {max_size})."
            )
        options["pool"] = {
            "min_size": min_size,
            "max_size": max_size,
            "timeout": envint("DATABASE_POOL_TIMEOUT", "10"),
        }
    database["CONN_MAX_AGE"] = max_age
    database["CONN_HEALTH_CHECKS"] = envbool("CONN_HEALTH_CHECKS", "true")
    return database


DATABASES = {"default": database_settings(DATABASE_URL)}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "web:home"
LOGOUT_REDIRECT_URL = "web:home"

# Brute-force protection: lock an (e-mail, IP) pair after a few failures, for a while.
AXES_FAILURE_LIMIT = envint("AXES_FAILURE_LIMIT", "5")
AXES_COOLOFF_TIME = envint("AXES_COOLOFF_MINUTES", "15") / 60
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_FORM_FIELD = "username"
AXES_LOCKOUT_CALLABLE = "cesp.accounts.views.locked_out"
AXES_RESET_ON_SUCCESS = True
AXES_ENABLED = envbool("AXES_ENABLED", "true")

LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", _("Français")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "cesp" / "locale"]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
MEDIA_ROOT = Path(env("MEDIA_ROOT", str(VAR_DIR / "media")))
PRIVATE_STORAGE_ROOT = Path(env("PRIVATE_STORAGE_ROOT", str(VAR_DIR / "private")))
STORAGES = {
    "default": {"BACKEND": env("FILE_STORAGE_BACKEND", "django.core.files.storage.FileSystemStorage")},
    "private": {
        # Every file encrypted at rest with FIELD_ENCRYPTION_KEYS (docs/encryption.md).
        "BACKEND": env("PRIVATE_STORAGE_BACKEND", "cesp.core.encryption.EncryptedFileSystemStorage"),
        "OPTIONS": {"location": str(PRIVATE_STORAGE_ROOT), "base_url": None},
    },
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = DEBUG

# Document sealing (PAdES, docs/signature.md): the platform's key, its certificate and the CA that issued
# it, as PEM files. The demo creates them with `manage.py create_demo_ca`; production mounts its own.
# A timestamp authority (RFC 3161) is used when SIGNING_TSA_URL is set; SIGNING_TSA_CA_CERT_FILE is the
# root that verification trusts for its timestamps.
SIGNING_KEY_FILE = Path(env("SIGNING_KEY_FILE", str(VAR_DIR / "pki" / "cachet.key.pem")))
SIGNING_KEY_PASSPHRASE = env("SIGNING_KEY_PASSPHRASE")
SIGNING_CERT_FILE = Path(env("SIGNING_CERT_FILE", str(VAR_DIR / "pki" / "cachet.pem")))
SIGNING_CA_CERT_FILE = Path(env("SIGNING_CA_CERT_FILE", str(VAR_DIR / "pki" / "ca.pem")))
SIGNING_TSA_URL = env("SIGNING_TSA_URL")
SIGNING_TSA_CA_CERT_FILE = env("SIGNING_TSA_CA_CERT_FILE")

# Django 6.1 mailers. SMTP options are read only when the SMTP backend is chosen.
EMAIL_BACKEND_PATH = env(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
MAILERS = {"default": {"BACKEND": EMAIL_BACKEND_PATH}}
if EMAIL_BACKEND_PATH.endswith("smtp.EmailBackend"):
    MAILERS["default"]["OPTIONS"] = {
        "host": env("EMAIL_HOST", "localhost"),
        "port": envint("EMAIL_PORT", "587"),
        "username": env("EMAIL_HOST_USER", ""),
        "password": env("EMAIL_HOST_PASSWORD", ""),
        "use_tls": envbool("EMAIL_USE_TLS", "true"),
        # A mail server that hangs fails the try (retried by the task worker, cesp/core/mail.py)
        # instead of holding the request.
        "timeout": envint("EMAIL_TIMEOUT", "10"),
    }
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "CESP <ne-pas-repondre@cesp.example.gouv.fr>")

TASKS = {"default": {"BACKEND": env("TASKS_BACKEND", "django_tasks_db.DatabaseBackend")}}

# Candidates' supporting documents (docs/applications.md): size limit, and the ClamAV daemon that scans
# them, by its UNIX socket (CLAMD_SOCKET) or TCP address (CLAMD_HOST, CLAMD_PORT). With neither, documents
# stay pending ("analyse antivirus non configurée") and cannot be used, and with DEBUG off the platform
# refuses to start (system check cesp.E001). `make demo` starts a clamd of its own when one is installed;
# when none is, it sets DEMO_WITHOUT_ANTIVIRUS: documents are then accepted unscanned and marked
# « non analysé (démonstration sans antivirus) » — a demo setting, refused with DEBUG off (cesp.E002).
DOCUMENT_MAX_BYTES = envint("DOCUMENT_MAX_BYTES", str(10 * 1024 * 1024))
CLAMD_SOCKET = env("CLAMD_SOCKET")
CLAMD_HOST = env("CLAMD_HOST")
CLAMD_PORT = envint("CLAMD_PORT", "3310")
CLAMD_TIMEOUT = envint("CLAMD_TIMEOUT", "30")
DEMO_WITHOUT_ANTIVIRUS = envbool("DEMO_WITHOUT_ANTIVIRUS", "false")
# Days before a filing deadline when candidates with an unfinished draft get a reminder.
APPLICATION_REMINDER_DAYS = envint("APPLICATION_REMINDER_DAYS", "7")

# The cache: each process's local memory by default (the demo, one process), Redis with CACHE_URL
# (redis://host:6379/0) in production, where every process and machine must share the rate limits' counts.
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "ratelimit": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "ratelimit"},
}
if env("CACHE_URL"):
    CACHES = {
        name: {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": env("CACHE_URL"),
            "KEY_PREFIX": prefix,
        }
        for name, prefix in (("default", ""), ("ratelimit", "ratelimit"))
    }


def envrate(name: str, default: str) -> str:
    """A rate limit ``N/period`` (20/h, 600/10m; s, m, h, d) or ``off``: checked here, at start-up."""
    import re

    value = env(name, default).strip().lower()
    if value in ("", "off", "none", "0"):
        return ""
    match = re.fullmatch(r"(\d+)/(\d*)([smhd])", value)
    if not match or int(match.group(1)) < 1 or match.group(2) == "0":
        raise ImproperlyConfigured(
            f"{name} doit être une limite « nombre/période » (par exemple 20/h ou 600/10m ; périodes "
            f"s, m, h, d) ou « off », pas {value!r}."
        )
    return value


# Rate limits (cesp/core/ratelimits.py, docs/security.md): counted in the "ratelimit" cache, per address
# and per e-mail, account or API token; a request over a limit gets a 429 with Retry-After. Sign-in is
# limited by django-axes. Behind reverse proxies, TRUSTED_PROXY_COUNT says how many: the client's address
# is then the X-Forwarded-For entry the outermost one wrote (django-axes uses the same address).
RATELIMIT_USE_CACHE = "ratelimit"
RATE_LIMITS_ENABLED = envbool("RATE_LIMITS_ENABLED", "true")
TRUSTED_PROXY_COUNT = envint("TRUSTED_PROXY_COUNT", "0")
RATE_LIMITS = {
    "password_reset": {
        "address": envrate("RATE_LIMIT_PASSWORD_RESET_PER_ADDRESS", "20/h"),
        "email": envrate("RATE_LIMIT_PASSWORD_RESET_PER_EMAIL", "5/h"),
    },
    "upload": {
        "address": envrate("RATE_LIMIT_UPLOAD_PER_ADDRESS", "600/h"),
        "account": envrate("RATE_LIMIT_UPLOAD_PER_ACCOUNT", "60/h"),
    },
    "api": {
        "address": envrate("RATE_LIMIT_API_PER_ADDRESS", "20000/h"),
        "token": envrate("RATE_LIMIT_API_PER_TOKEN", "60000/h"),
    },
}
AXES_CLIENT_IP_CALLABLE = "cesp.core.ratelimits.client_address"
# After the CSRF check and the authentication: uploads counted per account too.
MIDDLEWARE.append("cesp.core.ratelimits.UploadLimitMiddleware")

# Security: secure by default when DEBUG is off (manage.py check --deploy reports nothing).
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if not DEBUG:
    SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", "true")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", "31536000")
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "WARNING")},
}

# --- Sign-in and account security (docs/authentication.md) -------------------------------------------
# Agents who sign in with a password pass a second factor (TOTP through django-otp, recovery codes);
# candidates are not asked, nor agents whom ProConnect authenticated. The demo seeds its agents' devices
# from known secrets (`manage.py demo_totp` prints the codes); with DEBUG on, DEMO_SECOND_FACTOR_HINT also
# shows a demo account's current code on the verification page (never for other accounts, never without
# DEBUG).
# Before the platform's apps, so that cesp/accounts/admin.py can unregister their admin pages.
_first_cesp_app = INSTALLED_APPS.index("cesp.core")
INSTALLED_APPS[_first_cesp_app:_first_cesp_app] = [
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
]
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.contrib.auth.middleware.AuthenticationMiddleware") + 1,
    "django_otp.middleware.OTPMiddleware",
)
MIDDLEWARE.insert(
    MIDDLEWARE.index("cesp.accounts.middleware.current_membership_middleware") + 1,
    "cesp.accounts.second_factor.second_factor_middleware",
)
OTP_TOTP_ISSUER = env("OTP_TOTP_ISSUER", "Plateforme CESP")
DEMO_SECOND_FACTOR_HINT = envbool("DEMO_SECOND_FACTOR_HINT", "true" if DEBUG else "false")

# The state's identity providers (OpenID Connect through mozilla-django-oidc, cesp/accounts/oidc.py):
# ProConnect for agents, FranceConnect for candidates. A provider is offered once its issuer and client id
# are set; its endpoints come from its discovery document. The client secret may be given as *_FILE.
AUTHENTICATION_BACKENDS = [*AUTHENTICATION_BACKENDS, "cesp.accounts.oidc.StateProviderBackend"]
OIDC_PROVIDERS = {
    "proconnect": {
        "issuer": env("PROCONNECT_ISSUER"),
        "client_id": env("PROCONNECT_CLIENT_ID"),
        "client_secret": env("PROCONNECT_CLIENT_SECRET"),
        "scopes": env("PROCONNECT_SCOPES", "openid email given_name usual_name uid siret"),
        "acr_values": env("PROCONNECT_ACR_VALUES", ""),
        "sign_algo": env("PROCONNECT_SIGN_ALGO", "RS256"),
    },
    "franceconnect": {
        "issuer": env("FRANCECONNECT_ISSUER"),
        "client_id": env("FRANCECONNECT_CLIENT_ID"),
        "client_secret": env("FRANCECONNECT_CLIENT_SECRET"),
        "scopes": env("FRANCECONNECT_SCOPES", "openid email given_name family_name birthdate"),
        "acr_values": env("FRANCECONNECT_ACR_VALUES", "eidas1"),
        "sign_algo": env("FRANCECONNECT_SIGN_ALGO", "RS256"),
    },
}
OIDC_TIMEOUT = envint("OIDC_TIMEOUT_SECONDS", "10")
# How long a sign-in started at a provider may take before its answer is refused as expired.
OIDC_STATE_MAX_AGE = envint("OIDC_STATE_MAX_AGE_SECONDS", "600")

# Retention and purge (docs/retention.md): a real `manage.py purge` needs a dry run of the same list
# within this many hours.
PURGE_DRY_RUN_MAX_AGE_HOURS = envint("PURGE_DRY_RUN_MAX_AGE_HOURS", "24")

# Encryption at rest (docs/encryption.md): Fernet keys, comma-separated, the first encrypts and all
# decrypt (rotation: `manage.py encryption_rotate`). Required in production; the demo derives one from
# SECRET_KEY (same derivation as cesp.core.encryption.demo_key_from_secret).
FIELD_ENCRYPTION_KEYS = envlist("FIELD_ENCRYPTION_KEYS", "")
if not FIELD_ENCRYPTION_KEYS:
    if not DEBUG:
        raise ImproperlyConfigured(
            "FIELD_ENCRYPTION_KEYS est obligatoire quand DEBUG est désactivé : les IBAN sont chiffrés avec "
            "cette clé (voir docs/encryption.md)."
        )
    import base64 as _base64
    import hashlib as _hashlib

    FIELD_ENCRYPTION_KEYS = [
        _base64.urlsafe_b64encode(_hashlib.sha256(f"cesp-field-key:{SECRET_KEY}".encode()).digest()).decode()
    ]

# Session lifetimes per role (docs/security.md): set at each sign-in.
SESSION_AGENT_SECONDS = envint("SESSION_AGENT_SECONDS", str(8 * 3600))
SESSION_CANDIDATE_SECONDS = envint("SESSION_CANDIDATE_SECONDS", str(7 * 24 * 3600))

# Content-Security-Policy (django-csp, docs/security.md): scripts only from the platform or with the
# request's nonce, styles only from the platform (no inline script or style), no framing, forms posted to
# the platform (and, for the sign-out that ends a ProConnect or FranceConnect session, to the provider).
from csp.constants import NONCE, NONE, SELF  # noqa: E402

INSTALLED_APPS += ["csp"]
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.middleware.security.SecurityMiddleware") + 1, "csp.middleware.CSPMiddleware"
)


def csp_form_action(providers: dict) -> list[str]:
    from urllib.parse import urlsplit

    origins = []
    for values in providers.values():
        if values.get("issuer"):
            parts = urlsplit(values["issuer"])
            origins.append(f"{parts.scheme}://{parts.netloc}")
    return [SELF, *sorted(set(origins))]


CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        # One style attribute, by its exact hash, is applied on some pages (decree detail, answer and
        # documents steps) in the browser journeys; its source is not yet identified (docs/security.md).
        # 'unsafe-hashes' admits only an attribute of exactly that content, never inline styles at large.
        "style-src": [SELF, "'unsafe-hashes'", "'sha256-LCYO6aZgIIKUnjcSr4gFsHQ6Y4vrxnN7Ev5la8a4W4Y='"],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "frame-ancestors": [NONE],
        "form-action": csp_form_action(OIDC_PROVIDERS),
    }
}
