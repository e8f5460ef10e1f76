"""Configuration comes from the environment; production settings pass Django's deploy checks."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from t4c_socialcheck.env import env_bool, env_int, env_list

ROOT = Path(__file__).resolve().parent.parent


def manage(*args, **env):
    unset = {
        "DEBUG",
        "SECRET_KEY",
        "AUDIT_CHAIN_KEY",
        "DJANGO_SETTINGS_MODULE",
        "DJANGO_ALLOW_ASYNC_UNSAFE",
    }  # browser tests set the last
    clean = {k: v for k, v in os.environ.items() if k not in unset}
    clean.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=clean, capture_output=True, text=True, timeout=120
    )


def test_production_settings_pass_check_deploy_without_warnings(tmp_path):
    result = manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DEBUG="false",
        SECRET_KEY="a-long-random-production-secret-key-0123456789-abcdefghijklmnop",
        AUDIT_CHAIN_KEY="a-long-random-audit-chain-key-0123456789-abcdefghijklmnopqrstuv",
        ALLOWED_HOSTS="socialcheck.example.org",
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "WARNING" not in result.stderr and "issues" in result.stdout


def test_a_secret_key_is_required_when_debug_is_off():
    result = manage("check", DEBUG="false")
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_an_audit_chain_key_is_required_when_debug_is_off():
    result = manage(
        "check", DEBUG="false", SECRET_KEY="a-long-random-production-secret-key-0123456789-abcdefghijklmnop"
    )
    assert result.returncode != 0
    assert "AUDIT_CHAIN_KEY must be set" in result.stderr


def test_a_bad_boolean_stops_start_up_with_the_variables_name():
    result = manage("check", DEBUG="perhaps")
    assert result.returncode != 0
    assert "DEBUG must be true or false" in result.stderr


def test_env_helpers(monkeypatch):
    monkeypatch.setenv("X_BOOL", "yes")
    monkeypatch.setenv("X_INT", "42")
    monkeypatch.setenv("X_LIST", "a.example, b.example,")
    assert env_bool("X_BOOL") is True
    assert env_int("X_INT", 1) == 42
    assert env_list("X_LIST", []) == ["a.example", "b.example"]
    monkeypatch.setenv("X_INT", "forty")
    with pytest.raises(ImproperlyConfigured, match="X_INT"):
        env_int("X_INT", 1)


def test_celery_runs_eagerly_without_redis_and_uses_redis_when_set():
    code = "from django.conf import settings as s; print(s.CELERY_TASK_ALWAYS_EAGER, s.CELERY_BROKER_URL)"
    without = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        env={
            **{k: v for k, v in os.environ.items() if k != "REDIS_URL"},
            "DEBUG": "true",
            "DJANGO_SETTINGS_MODULE": "t4c_socialcheck.settings",
        },
    )
    assert without.stdout.split() == ["True", "memory://"], without.stderr
    with_redis = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        env={
            **os.environ,
            "DEBUG": "true",
            "REDIS_URL": "redis://127.0.0.1:6379/9",
            "DJANGO_SETTINGS_MODULE": "t4c_socialcheck.settings",
        },
    )
    assert with_redis.stdout.split() == ["False", "redis://127.0.0.1:6379/9"], with_redis.stderr


def test_email_uses_tls_by_default_in_production():
    def setting(**env):
        clean = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "DJANGO_SETTINGS_MODULE", "EMAIL_USE_TLS"}}
        clean.update(env, DJANGO_SETTINGS_MODULE="t4c_socialcheck.settings", SECRET_KEY="x" * 60)
        code = "import django; django.setup(); from django.conf import settings as s; print(s.EMAIL_USE_TLS)"
        result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=clean, capture_output=True, text=True)
        return result.stdout.strip().splitlines()[-1]

    assert setting(DEBUG="false") == "True"
    assert setting(DEBUG="false", EMAIL_USE_TLS="false") == "False"
    assert setting(DEBUG="true") == "False"


DEMO_PAGES = """
from django.conf import settings
from django.test import Client
c = Client(HTTP_HOST="127.0.0.1", enforce_csrf_checks=True)
missing = c.get("/no-such-page/")
css = c.get("/static/css/app.css")
forged = c.post("/sign-in/", {"username": "x", "password": "y"})
print("DEBUG", settings.DEBUG, "SECURE_COOKIE", settings.SESSION_COOKIE_SECURE, "REDIRECT", settings.SECURE_SSL_REDIRECT)
print("MISSING", missing.status_code, "Page not found" in missing.text, "URLconf" in missing.text)
print("CSS", css.status_code, type(css).__name__)
print("FORGED", forged.status_code, "that form has expired" in forged.text, "CSRF verification failed" in forged.text)
"""


def test_the_demo_runs_with_debug_off_and_answers_with_the_apps_own_error_pages(tmp_path):
    """`make run` uses settings_demo: a missing page is the app's 404 template and a
    forged form its own 403, never Django's debug pages; WhiteNoise serves the CSS
    over plain http (no HTTPS redirect, no secure-only cookie)."""
    result = manage(
        "shell",
        "-c",
        DEMO_PAGES,
        DJANGO_SETTINGS_MODULE="t4c_socialcheck.settings_demo",
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
    )
    assert result.returncode == 0, result.stderr
    lines = {line.split()[0]: line.split()[1:] for line in result.stdout.splitlines() if line}
    assert lines["DEBUG"] == ["False", "SECURE_COOKIE", "False", "REDIRECT", "False"]
    assert lines["MISSING"] == ["404", "True", "False"]
    assert lines["CSS"][0] == "200"
    assert lines["FORGED"] == ["403", "True", "False"]


def test_make_run_serves_the_demo_settings():
    makefile = (ROOT / "Makefile").read_text()
    assert "DEMO_ENV := DJANGO_SETTINGS_MODULE=t4c_socialcheck.settings_demo" in makefile
