"""Test settings: the production module with a few speed and isolation changes."""

import os

os.environ.setdefault("SECRET_KEY", "test-only-secret-key-" + "x" * 40)
os.environ.setdefault("AUDIT_CHAIN_KEY", "test-only-audit-chain-key-" + "y" * 40)

from .settings import *  # noqa: F403

STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}  # noqa: F405
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
SECURE_SSL_REDIRECT = False
LOGGING["root"]["level"] = "WARNING"  # noqa: F405
# No Celery beat runs beside the suite, even on its Redis leg: tests/test_operations.py turns the check on.
SOCIALCHECK_READY_BEAT_MAX_AGE_SECONDS = 0

# --- Sign-in security ---
# Most tests sign in with force_login as in the demo: no second step. The tests
# in tests/security switch it on (settings.SOCIALCHECK_REQUIRE_TWO_FACTOR = True).
SOCIALCHECK_REQUIRE_TWO_FACTOR = False
# Django's test client login() calls authenticate() without a request, which
# axes refuses; tests/security switches axes on (settings.AXES_ENABLED = True).
AXES_ENABLED = False
