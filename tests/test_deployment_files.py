"""docker-compose.yml cannot be run here (no Docker engine): check its shape instead."""

import re
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent


def load_compose():
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def test_compose_runs_web_worker_beat_postgres_and_redis():
    services = load_compose()["services"]
    assert {"web", "worker", "beat", "postgres", "redis"} <= set(services)
    assert "gunicorn" in services["web"]["command"]
    assert services["worker"]["command"][:4] == ["celery", "-A", "t4c_socialcheck", "worker"]
    assert services["beat"]["command"][:4] == ["celery", "-A", "t4c_socialcheck", "beat"]


def test_compose_services_have_health_checks_and_named_volumes():
    compose = load_compose()
    for name in ("web", "worker", "postgres", "redis"):
        assert "healthcheck" in compose["services"][name], name
    assert {"pgdata", "redisdata"} <= set(compose["volumes"])
    assert "pgdata:/var/lib/postgresql/data" in compose["services"]["postgres"]["volumes"]


def test_every_variable_in_env_example_is_documented_in_the_readme():
    readme = (ROOT / "README.md").read_text()
    example = (ROOT / ".env.example").read_text()
    names = re.findall(r"^#?\s*([A-Z][A-Z0-9_]+)=", example, flags=re.MULTILINE)
    missing = [name for name in names if f"`{name}`" not in readme]
    assert len(names) > 20 and missing == []


def test_no_service_publishes_a_port_beyond_this_host():
    """Only the proxy in front may reach gunicorn: a client reaching it directly
    would bypass the proxy and choose the X-Forwarded-For the app trusts (PROXY_COUNT)."""
    for name, service in load_compose()["services"].items():
        for port in service.get("ports", []):
            published = str(port["host_ip"] if isinstance(port, dict) else port)
            assert published.startswith(("127.0.0.1:", "[::1]:")) or published in ("127.0.0.1", "::1"), (name, port)
