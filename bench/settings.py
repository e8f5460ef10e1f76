"""Benchmark settings: production settings, with plain static storage so pages
render without collectstatic, and a tiny app for the 'bare form POST' baseline."""

import os

os.environ.setdefault("SECRET_KEY", "benchmark-only-secret-key-" + "b" * 40)
os.environ.setdefault("AUDIT_CHAIN_KEY", "benchmark-only-audit-chain-key-" + "c" * 40)
os.environ.setdefault("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
os.environ.setdefault("SECURE_SSL_REDIRECT", "false")
os.environ.setdefault("DEMO_MODE", "true")
# The benchmark measures the service, not the API's throttle.
os.environ.setdefault("API_TOKEN_RATE", "1000000/minute")
os.environ.setdefault("API_SESSION_RATE", "1000000/minute")

from t4c_socialcheck.settings import *  # noqa: F403

STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}  # noqa: F405
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
INSTALLED_APPS = [*INSTALLED_APPS, "bench.baseline"]  # noqa: F405
ROOT_URLCONF = "bench.urls"
LOGGING["root"]["level"] = "WARNING"  # noqa: F405
# 409s are the expected answer to repeat attempts: don't print one line each.
LOGGING["loggers"] = {"django.request": {"level": "ERROR"}}  # noqa: F405
