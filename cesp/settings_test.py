"""Test settings: production settings with a throw-away secret and a fast password hasher.

Tests run with DEBUG off, as production does. The environment still wins (CI sets DATABASE_URL).
"""

import os

os.environ.setdefault("DEBUG", "false")
os.environ.setdefault("SECRET_KEY", "tests-only-secret-key-not-for-production-0123456789")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")
os.environ.setdefault("SECURE_SSL_REDIRECT", "false")
os.environ.setdefault("EMAIL_BACKEND", "django.core.mail.backends.locmem.EmailBackend")
# A fixed Fernet key for the suite's encrypted fields (production mounts its own, docs/encryption.md).
os.environ.setdefault("FIELD_ENCRYPTION_KEYS", "dGVzdHMtb25seS1maWVsZC1rZXktMDEyMzQ1Njc4OWE=")
os.environ.setdefault("CESP_VAR_DIR", os.path.join(os.path.dirname(os.path.dirname(__file__)), "var", "test"))

from cesp.settings import *  # noqa: F403
from cesp.settings import PASSWORD_HASHERS

# Argon2 is what production uses (tested in tests/accounts); the suite itself logs in thousands of times.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher", *PASSWORD_HASHERS]
TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}  # noqa: F405
# Static files straight from the apps, without collectstatic.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
