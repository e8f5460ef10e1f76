"""The response headers a browser is given, in production-like settings (DEBUG off, HTTPS),
and templates that keep to the Content Security Policy: no inline script without the
request's nonce, no style attribute, no <style> block, no inline event handler."""

import re
from pathlib import Path

import pytest
from csp.middleware import CSPMiddleware
from django.conf import settings
from django.http import HttpResponse
from django.template import Context, Template
from django.test import Client, RequestFactory, override_settings

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION_LIKE = {
    "DEBUG": False,
    "SECURE_SSL_REDIRECT": True,
    "SECURE_HSTS_SECONDS": 31536000,
    "SECURE_HSTS_INCLUDE_SUBDOMAINS": True,
    "SECURE_HSTS_PRELOAD": True,
    "SESSION_COOKIE_SECURE": True,
    "CSRF_COOKIE_SECURE": True,
    "ALLOWED_HOSTS": ["socialcheck.example.org"],
}
HOST = "socialcheck.example.org"


def directives(policy: str) -> dict[str, list[str]]:
    parsed = {}
    for part in policy.split(";"):
        name, *values = part.split()
        parsed[name] = values
    return parsed


def assert_secure_headers(response) -> None:
    policy = response["Content-Security-Policy"]
    assert "'unsafe-inline'" not in policy and "'unsafe-eval'" not in policy
    found = directives(policy)
    assert found["default-src"] == ["'self'"]
    assert found["script-src"][0] == "'self'"
    assert all(value.startswith("'nonce-") for value in found["script-src"][1:])
    assert found["style-src"] == ["'self'"]
    assert found["img-src"] == ["'self'", "data:"]
    assert found["object-src"] == ["'none'"]
    assert found["base-uri"] == ["'self'"]
    assert found["form-action"] == ["'self'"]
    assert found["frame-ancestors"] == ["'none'"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"


@pytest.fixture
def production_like():
    with override_settings(**PRODUCTION_LIKE):
        yield


def secure_client(user=None) -> Client:
    client = Client(HTTP_HOST=HOST)
    if user is not None:
        client.force_login(user)
    return client


@pytest.mark.django_db
def test_the_sign_in_page_has_every_security_header_and_secure_cookies(production_like):
    response = secure_client().get("/sign-in/", secure=True)
    assert response.status_code == 200
    assert_secure_headers(response)
    csrf = response.cookies[settings.CSRF_COOKIE_NAME]
    assert csrf["secure"] is True and csrf["samesite"] == "Lax"


@pytest.mark.django_db
def test_signing_in_sets_a_secure_http_only_session_cookie(production_like, worker):
    client = secure_client()
    response = client.post("/sign-in/", {"username": "worker", "password": "correct horse battery staple"}, secure=True)
    assert response.status_code == 302
    session = response.cookies[settings.SESSION_COOKIE_NAME]
    assert session["secure"] is True and session["httponly"] is True and session["samesite"] == "Lax"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("who", "path"),
    [
        ("worker", "/"),
        ("manager", "/manage/"),
        ("admin_user", "/admin/"),
        ("worker", "/api/v1/me/"),
        (None, "/no-such-page/"),
    ],
)
def test_pages_admin_api_and_errors_all_carry_the_headers(production_like, request, who, path):
    user = request.getfixturevalue(who) if who else None
    response = secure_client(user).get(path, secure=True)
    assert response.status_code in (200, 404)
    assert_secure_headers(response)


@pytest.mark.django_db
def test_plain_http_is_sent_to_https(production_like):
    response = secure_client().get("/sign-in/")
    assert response.status_code == 301
    assert response["Location"] == f"https://{HOST}/sign-in/"


def test_a_template_that_uses_the_nonce_gets_it_into_the_header():
    request = RequestFactory().get("/")
    template = Template('<script nonce="{{ request.csp_nonce }}">initAll()</script>')

    def view(request):
        return HttpResponse(template.render(Context({"request": request})))

    response = CSPMiddleware(view)(request)
    nonce = re.search(r'nonce="([^"]+)"', response.content.decode()).group(1)
    assert f"'nonce-{nonce}'" in directives(response["Content-Security-Policy"])["script-src"]


# --- Templates ----------------------------------------------------------------------------------

TEMPLATE_DIRS = [ROOT / "templates", *sorted(ROOT.glob("*/templates"))]
SCRIPT_TAG = re.compile(r"<script\b([^>]*)>", re.IGNORECASE)
FORBIDDEN = {
    "a style attribute": re.compile(r"\sstyle\s*=", re.IGNORECASE),
    "a <style> block": re.compile(r"<style\b", re.IGNORECASE),
    "an inline event handler": re.compile(r"\son[a-z]+\s*=", re.IGNORECASE),
    "a javascript: address": re.compile(r"javascript:", re.IGNORECASE),
}


def template_files() -> list[Path]:
    files = [path for folder in TEMPLATE_DIRS for path in folder.rglob("*") if path.suffix in (".html", ".txt", ".svg")]
    assert len(files) > 20, TEMPLATE_DIRS
    return files


def test_no_template_has_inline_styles_event_handlers_or_scripts_without_the_nonce():
    found = []
    for path in template_files():
        text = path.read_text()
        for what, pattern in FORBIDDEN.items():
            if pattern.search(text):
                found.append(f"{path.relative_to(ROOT)}: {what}")
        for attributes in SCRIPT_TAG.findall(text):
            inline = "src=" not in attributes and "application/json" not in attributes
            if inline and 'nonce="{{ request.csp_nonce }}"' not in attributes:
                found.append(f"{path.relative_to(ROOT)}: an inline <script> without the nonce")
    assert not found, "Move these to static/css/app.css or a static script (see settings, CSP):\n" + "\n".join(found)
