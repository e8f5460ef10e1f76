"""The OpenAPI schema validates, and a property-based fuzz over every endpoint
with all of schemathesis' checks finds no mismatch: no server error, no answer
outside the schema, no schema-valid request refused and no schema-violating
one accepted (issue 22, point 11).

The fuzz runs in-process (schemathesis over Django's WSGI application, inside
the test's database transaction) with a bounded number of examples per
operation, as a manager and as a worker with a real token. It is part of the
suite, so `make test` and .ci/run both run it.
"""

import io
import json

import pytest
import schemathesis
from django.core.management import call_command
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.renderers import OpenApiJsonRenderer
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode

from .conftest import integration_key
from .helpers import assert_error

EXAMPLES_PER_OPERATION = 10
WORKER_EXAMPLES = 200

pytestmark = pytest.mark.django_db


@pytest.fixture
def signed_in(client, worker):
    client.force_login(worker)
    return client


def test_the_schema_needs_a_sign_in_or_a_token(anonymous, worker):
    assert_error(anonymous.get("/api/v1/schema/"), 401, "NOT_AUTHENTICATED")
    anonymous.credentials(HTTP_AUTHORIZATION=f"Token {integration_key(worker)}")
    assert anonymous.get("/api/v1/schema/").json()["openapi"].startswith("3.")


def test_the_schema_is_openapi_3_and_lists_every_endpoint(signed_in):
    response = signed_in.get("/api/v1/schema/")
    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    assert set(schema["paths"]) == {
        "/api/v1/me/",
        "/api/v1/policy/acknowledge/",
        "/api/v1/platforms/",
        "/api/v1/households/",
        "/api/v1/households/{id}/",
        "/api/v1/households/{id}/applicants/",
        "/api/v1/applicants/{id}/",
        "/api/v1/applicants/{id}/consent/",
        "/api/v1/applicants/{id}/consent/withdraw/",
        "/api/v1/applicants/{id}/profiles/",
        "/api/v1/checks/",
        "/api/v1/checks/{id}/",
        "/api/v1/checks/{id}/void/",
        "/api/v1/refusals/",
        "/api/v1/audit/",
        "/api/v1/ripa-authorisations/",
        "/api/v1/ripa-applications/",
        "/api/v1/ripa-applications/{id}/decision/",
        "/api/v1/ripa-applications/{id}/justice-approval/",
        "/api/v1/ripa-applications/{id}/reviews/",
        "/api/v1/ripa-applications/{id}/renewals/",
        "/api/v1/ripa-applications/{id}/cancel/",
        "/api/v1/ripa-register.csv",
        "/api/v1/incidents/",
        "/api/v1/tokens/",
        "/api/v1/tokens/{id}/",
        "/api/v1/households/{id}/stage/",
        "/api/v1/households/{id}/close/",
        "/api/v1/households/{id}/legal-hold/",
        "/api/v1/households/{id}/conflicts/",
        "/api/v1/reports/annual/",
    }


def test_the_schema_documents_the_error_answers(signed_in):
    schema = signed_in.get("/api/v1/schema/").json()
    start = schema["paths"]["/api/v1/checks/"]["post"]["responses"]
    assert {"201", "400", "401", "403", "404", "409", "415"} <= set(start)
    assert start["409"]["content"]["application/json"]["schema"]["$ref"].endswith("/RefusalError")
    complete = schema["paths"]["/api/v1/checks/{id}/"]["patch"]["responses"]
    assert {"200", "400", "401", "403", "404", "409"} <= set(complete)
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            throttled = operation["responses"]["429"]
            assert "THROTTLED" in throttled["description"] and "Retry-After" in throttled["headers"], (path, method)
    error = schema["components"]["schemas"]["Error"]
    assert set(error["required"]) == {"code", "detail", "fields"}


def test_the_schema_passes_spectacular_validation_without_warnings(tmp_path):
    # Raises (and fails the test) on any warning or validation error.
    call_command(
        "spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "schema.yaml"), stderr=io.StringIO()
    )
    assert (tmp_path / "schema.yaml").read_text().startswith("openapi: 3")


# --- Fuzzing ---------------------------------------------------------------------------------------


def _load_schema(**config):
    """The schema as /api/v1/schema/ serves it, bound to the WSGI application.

    Loaded while the module is collected (schemathesis' lazy fixture loader does
    not work with this pytest), so it is generated directly rather than fetched.
    """
    generated = json.loads(OpenApiJsonRenderer().render(SchemaGenerator().get_schema(request=None, public=True)))
    loaded = schemathesis.openapi.from_dict(generated, config=schemathesis.Config.from_dict(config))
    loaded.app = get_wsgi_application()
    return loaded


# A list's `cursor` is opaque: only the `next` link of a page gives a real one, and any other
# value is refused (400 INVALID). The fuzz sends the cursor of a first page, as a client would
# send one it was given; tests/api/test_pagination.py tests the refusals.
FIRST_PAGE_CURSOR = "bz0w"  # base64 of "o=0": offset 0 from the start
# The old direct-entry path answers 410 GONE to everything, by design (api.md).
GONE = "/api/v1/ripa-authorisations/"
DEFAULT_ACCEPTED = ["2xx", "3xx", "401", "403", "404", "409", "429", "5xx"]

schema = _load_schema(
    parameters={"query.cursor": FIRST_PAGE_CURSOR},
    operations=[
        {
            "include-path": GONE,
            "checks": {"positive_data_acceptance": {"expected-statuses": [*DEFAULT_ACCEPTED, "410"]}},
        }
    ],
)


@pytest.fixture
def fuzz_data(settings, manager, worker, applicant, consent, profile, start):
    """Something to find: a started check, a refusal. And what calling the real WSGI
    application inside the test's transaction needs: the host schemathesis uses, and,
    as Django's own test client does, no closing of the connection at each request's
    end (on PostgreSQL that would close the test's transaction)."""
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "localhost"]
    # The fuzz sends hundreds of requests with one token: not a test of the throttle.
    rates = dict.fromkeys(settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], "1000000/minute")
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": rates}
    start(worker, applicant, profile)
    start(manager, applicant, profile)
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    yield
    for signal in (request_started, request_finished):
        signal.connect(close_old_connections)


@pytest.fixture
def manager_token(fuzz_data, manager):
    return {"Authorization": f"Token {integration_key(manager)}"}


@pytest.fixture
def worker_token(fuzz_data, worker):
    return {"Authorization": f"Token {integration_key(worker)}"}


FUZZ = settings(
    max_examples=EXAMPLES_PER_OPERATION,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.filter_too_much],
)

# Every check schemathesis has (its default, as `--checks all`): call_and_validate with no `checks`.


# As a manager (the widest rights: case work and oversight), one test per operation:
# schemathesis' coverage phase (each field missing, of the wrong type, at its
# limits; unexpected methods), then random valid and invalid examples.
@schema.parametrize()
@FUZZ
def test_no_input_from_a_manager_gives_a_server_error_or_an_answer_outside_the_schema(case, manager_token):
    case.call_and_validate(headers=manager_token)


# As a worker: random valid and invalid requests across every operation, in one test.
# (as_strategy does not apply the config's parameters: cases with a cursor are left out here.)
WORKER_CASES = schema.as_strategy(GenerationMode.POSITIVE) | schema.as_strategy(GenerationMode.NEGATIVE)


@given(case=WORKER_CASES.filter(lambda case: "cursor" not in (case.query or {})))
@settings(FUZZ, max_examples=WORKER_EXAMPLES)
def test_no_input_from_a_worker_gives_a_server_error_or_an_answer_outside_the_schema(case, worker_token):
    case.call_and_validate(headers=worker_token)
