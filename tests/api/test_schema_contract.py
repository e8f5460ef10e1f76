"""Issue 22, point 11: the schema states what the API enforces, and the API refuses what the
schema refuses. What schemathesis (tests/api/test_schema.py) found, kept from coming back:
empty or null query parameters accepted, limits and date ranges the schema did not state,
and developers' docstrings standing as descriptions."""

import inspect
import json
import re

import pytest
from django.utils import timezone
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.plumbing import get_doc
from drf_spectacular.renderers import OpenApiJsonRenderer
from rest_framework import serializers
from rest_framework.views import APIView

from api.base import EMPTY_PARAMETER
from api.fields import YEARS_1900_TO_2199

from .helpers import assert_error

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def schema():
    return json.loads(OpenApiJsonRenderer().render(SchemaGenerator().get_schema(request=None, public=True)))


def _parameters(schema, path):
    return {p["name"]: p for p in schema["paths"][path]["get"].get("parameters", []) if p["in"] == "query"}


EMPTY_QUERIES = [
    ("/api/v1/households/", "stage"),
    ("/api/v1/households/", "overdue"),
    ("/api/v1/households/", "page_size"),
    ("/api/v1/households/", "cursor"),
    ("/api/v1/refusals/", "since"),
    ("/api/v1/refusals/", "code"),
    ("/api/v1/refusals/", "applicant"),
    ("/api/v1/audit/", "until"),
    ("/api/v1/audit/", "action"),
    ("/api/v1/audit/", "actor"),
]


@pytest.mark.parametrize(("path", "name"), EMPTY_QUERIES)
def test_an_empty_query_parameter_is_refused_with_the_field_named(api_as, manager, path, name):
    body = assert_error(api_as(manager).get(f"{path}?{name}="), 400, "INVALID")
    assert name in body["fields"], body


def test_an_empty_parameter_says_to_give_a_value_or_leave_it_out(api_as, manager):
    body = assert_error(api_as(manager).get("/api/v1/households/?stage="), 400, "INVALID")
    assert body["fields"] == {"stage": [EMPTY_PARAMETER]}


@pytest.mark.parametrize("query", ["overdue=null", "overdue=yes", "page_size=null", "page_size=0", "page_size=-1"])
def test_null_and_other_spellings_are_refused(api_as, manager, query):
    assert_error(api_as(manager).get(f"/api/v1/households/?{query}"), 400, "INVALID")


def test_a_blank_search_and_the_plain_list_are_answered(api_as, worker):
    client = api_as(worker)
    assert client.get("/api/v1/households/?q=").status_code == 200
    assert client.get("/api/v1/households/?overdue=false&page_size=1").status_code == 200


def test_query_bounds_are_rfc_3339_or_a_date_in_1900_to_2199(api_as, manager):
    client = api_as(manager)
    assert client.get("/api/v1/audit/?since=2026-01-01").status_code == 200
    assert client.get("/api/v1/audit/?since=2026-01-01T00:00:00Z").status_code == 200
    assert client.get("/api/v1/audit/?until=2026-01-01T00:00:00%2B01:00").status_code == 200
    for bound in ("2026-01-01T00:00:00", "2026-01-01 00:00:00Z", "2200-01-01T00:00:00Z", "1899-12-31"):
        assert_error(client.get("/api/v1/audit/", {"since": bound}), 400, "INVALID")


def test_the_schema_marks_every_query_parameter_non_empty_and_not_nullable(schema):
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            for parameter in operation.get("parameters", []):
                if parameter["in"] != "query":
                    continue
                spec = parameter["schema"]
                assert not spec.get("nullable"), (path, method, parameter["name"])
                if parameter["name"] == "q":
                    continue  # a blank search is every household, as the pages' search box
                if spec.get("type") == "string" and "enum" not in spec:
                    assert spec.get("minLength", 0) >= 1 or "anyOf" in spec, (path, parameter["name"], spec)


def test_the_schema_states_the_limits_of_the_query(schema):
    households = _parameters(schema, "/api/v1/households/")
    assert households["page_size"]["schema"] == {"type": "integer", "minimum": 1}
    assert households["cursor"]["schema"]["minLength"] == 1
    assert households["overdue"]["schema"] == {"type": "boolean"}
    since = _parameters(schema, "/api/v1/audit/")["since"]["schema"]
    assert [alternative["format"] for alternative in since["anyOf"]] == ["date", "date-time"]
    assert all(alternative["pattern"] == YEARS_1900_TO_2199 for alternative in since["anyOf"])
    year = _parameters(schema, "/api/v1/reports/annual/")["year"]
    assert year["required"] and year["schema"]["minimum"] == 2000
    assert year["schema"]["maximum"] == timezone.localdate().year


def test_the_schema_states_date_ranges_rules_and_bodies(schema):
    components = schema["components"]["schemas"]
    assert components["StageMoveRequestRequest"]["properties"]["on"]["pattern"] == YEARS_1900_TO_2199
    assert components["IncidentCreateRequest"]["properties"]["occurred_at"]["pattern"] == YEARS_1900_TO_2199
    assert re.match(YEARS_1900_TO_2199, "2199-12-31") and not re.match(YEARS_1900_TO_2199, "2200-01-01")
    application = components["ApplicationCreateRequest"]
    assert application["properties"]["profiles"]["minItems"] == 1
    # The crime threshold: six months or more, or an offence the threshold names.
    assert {json.dumps(rule, sort_keys=True) for rule in application["anyOf"]} == {
        json.dumps({"properties": {"offence_max_sentence_months": {"minimum": 6}}}, sort_keys=True),
        json.dumps(
            {"properties": {"threshold_offence": {"minLength": 1}}, "required": ["threshold_offence"]}, sort_keys=True
        ),
    }
    # Lifting a legal hold takes a reason in its body, as setting one does.
    lift = schema["paths"]["/api/v1/households/{id}/legal-hold/"]["delete"]
    assert lift["requestBody"]["content"]["application/json"]["schema"]["$ref"].endswith("/LegalHoldRequestRequest")


def _subclasses(cls):
    for subclass in cls.__subclasses__():
        yield subclass
        yield from _subclasses(subclass)


def _docstrings() -> set[str]:
    """Every docstring of a view (and its handlers) and of a serializer in the project."""
    found = set()
    for view in _subclasses(APIView):
        if view.__module__.split(".")[0] in ("rest_framework", "drf_spectacular"):
            continue
        found.add(get_doc(view))
        for name in ("get", "post", "put", "patch", "delete"):
            handler = getattr(view, name, None)
            if handler is not None and inspect.getdoc(handler):
                found.add(get_doc(handler))
    for serializer in _subclasses(serializers.BaseSerializer):
        if serializer.__module__.split(".")[0] not in ("rest_framework", "drf_spectacular"):
            found.add(get_doc(serializer))
    return {doc for doc in found if len(doc) > 20}


def _descriptions(node):
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "description" and isinstance(value, str):
                yield value
            else:
                yield from _descriptions(value)
    elif isinstance(node, list):
        for item in node:
            yield from _descriptions(item)


def test_no_docstring_stands_as_a_description(schema):
    docstrings = _docstrings()
    assert "An endpoint that is not a plain list." in docstrings  # the collection works
    leaked = [
        (description[:80], doc[:80])
        for description in _descriptions(schema)
        for doc in docstrings
        if doc in description or description in doc and len(description) > 40
    ]
    assert not leaked
    operations = [operation for path in schema["paths"].values() for operation in path.values()]
    assert all(operation.get("summary") for operation in operations), "every operation has a summary instead"
