"""Demo settings (`make run`): the production module with DEBUG off, so the demo
answers with the app's own 404, 403 and 500 pages (never Django's debug pages)
and static files come through WhiteNoise as in production. What DEBUG off would
otherwise demand is given demo values here: marked demo keys, local hosts, plain
http on 127.0.0.1 (no HTTPS redirect, HSTS or secure-only cookies), emails on the
console, demo seeding allowed, and the second step only for those who set one up."""

import os

os.environ["DEBUG"] = "false"
os.environ.setdefault("SECRET_KEY", "demo-only-secret-key-never-in-production-" + "d" * 24)
os.environ.setdefault("AUDIT_CHAIN_KEY", "demo-only-audit-chain-key-never-in-production-" + "e" * 24)
os.environ.setdefault("ALLOWED_HOSTS", "127.0.0.1,localhost")
os.environ.setdefault("SECURE_SSL_REDIRECT", "false")
os.environ.setdefault("SECURE_HSTS_SECONDS", "0")
os.environ.setdefault("DEMO_MODE", "true")
os.environ.setdefault("REQUIRE_TWO_FACTOR", "false")
os.environ.setdefault("EMAIL_USE_TLS", "false")
os.environ.setdefault("LOG_FORMAT", "text")

from .settings import *  # noqa: F403

# Served by WhiteNoise straight from the source folders: no collectstatic step.
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}  # noqa: F405
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
# Plain http on 127.0.0.1: a secure-only cookie would never come back.
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
SECURE_HSTS_INCLUDE_SUBDOMAINS = False
SECURE_HSTS_PRELOAD = False
