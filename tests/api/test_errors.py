"""Every error is {code, detail, fields} with a stable code, and no input gives a 500."""

import pytest

from .helpers import assert_error

pytestmark = pytest.mark.django_db

HUNDRED_KB = "x" * 100_000


@pytest.fixture
def client(api_as, worker):
    return api_as(worker)


def test_malformed_json_is_400_invalid(client):
    response = client.post("/api/v1/households/", "{not json", content_type="application/json")
    assert_error(response, 400, "INVALID")


def test_json_that_is_not_an_object_is_400_invalid(client):
    response = client.post("/api/v1/households/", ["ROI-1"], format="json")
    assert_error(response, 400, "INVALID")


def test_nan_is_not_json(client):
    response = client.post("/api/v1/checks/", '{"applicant": NaN}', content_type="application/json")
    assert_error(response, 400, "INVALID")


@pytest.mark.parametrize("wrong", ["1", {"id": 1}, [1], True, 1.5, None])
def test_an_id_of_the_wrong_json_type_is_400_invalid(client, check_body, wrong):
    body = assert_error(
        client.post("/api/v1/checks/", {**check_body, "applicant": wrong}, format="json"), 400, "INVALID"
    )
    assert list(body["fields"]) == ["applicant"]


@pytest.mark.parametrize("wrong", ["true", 1, None])
def test_a_flag_of_the_wrong_json_type_is_400_invalid(client, applicant, wrong, yesterday):
    body = {"given": wrong, "signed_on": yesterday, "form_reference": "ROI-1"}
    response = client.post(f"/api/v1/applicants/{applicant.pk}/consent/", body, format="json")
    assert list(assert_error(response, 400, "INVALID")["fields"]) == ["given"]


def test_a_text_of_the_wrong_json_type_is_400_invalid(client):
    response = client.post("/api/v1/households/", {"reference": 12345}, format="json")
    assert "reference" in assert_error(response, 400, "INVALID")["fields"]


def test_a_nested_field_error_is_named_by_its_path(client, household):
    body = {"first_name": "Sam", "last_name": "Lee", "communication_needs": {"information_formats": ["smoke"]}}
    response = client.post(f"/api/v1/households/{household.pk}/applicants/", body, format="json")
    fields = assert_error(response, 400, "INVALID")["fields"]
    assert list(fields) == ["communication_needs.information_formats.0"]


def test_a_missing_field_is_named(client):
    fields = assert_error(client.post("/api/v1/households/", {}, format="json"), 400, "INVALID")["fields"]
    assert fields == {"reference": ["This field is required."]}


def test_an_unknown_id_in_the_path_is_404_not_found(client):
    assert_error(client.get("/api/v1/households/999999/"), 404, "NOT_FOUND")
    assert_error(client.get("/api/v1/applicants/999999/"), 404, "NOT_FOUND")
    assert_error(client.get("/api/v1/checks/999999/"), 404, "NOT_FOUND")


def test_an_unknown_id_in_the_body_is_404_not_found(client, check_body):
    assert_error(client.post("/api/v1/checks/", {**check_body, "applicant": 999999}, format="json"), 404, "NOT_FOUND")
    assert_error(client.post("/api/v1/checks/", {**check_body, "profile": 999999}, format="json"), 404, "NOT_FOUND")


def test_an_id_too_large_for_the_database_is_404_or_400_never_500(client, check_body):
    huge = 10**30
    assert_error(client.get(f"/api/v1/households/{huge}/"), 404, "NOT_FOUND")
    assert_error(client.get("/api/v1/households/9223372036854775808/"), 404, "NOT_FOUND")
    assert_error(client.post("/api/v1/checks/", {**check_body, "applicant": huge}, format="json"), 400, "INVALID")


def test_an_id_that_is_not_a_number_in_the_path_is_404(client):
    assert_error(client.get("/api/v1/households/abc/"), 404, "NOT_FOUND")


@pytest.mark.parametrize(
    ("path", "field", "limit"),
    [
        ("/api/v1/households/", "reference", 64),
        ("/api/v1/households/{household}/applicants/", "first_name", 100),
        ("/api/v1/households/{household}/applicants/", "last_name", 100),
        ("/api/v1/applicants/{applicant}/consent/", "form_reference", 64),
        ("/api/v1/applicants/{applicant}/consent/withdraw/", "reason", 500),
        ("/api/v1/applicants/{applicant}/profiles/", "handle", 500),
        ("/api/v1/checks/", "purpose", 500),
        ("/api/v1/incidents/", "description", 5000),
        ("/api/v1/ripa-applications/", "offence", 500),
        ("/api/v1/ripa-applications/", "necessity", 2000),
    ],
)
@pytest.mark.parametrize("oversize", ["one_over", "100_kb"])
def test_an_oversized_string_is_400_invalid(client, household, applicant, path, field, limit, oversize):
    text = "x" * (limit + 1) if oversize == "one_over" else HUNDRED_KB
    url = path.format(household=household.pk, applicant=applicant.pk)
    fields = assert_error(client.post(url, {field: text}, format="json"), 400, "INVALID")["fields"]
    assert field in fields


def test_an_oversized_findings_summary_is_400_invalid(client, worker, applicant, consent, profile, start):
    social_check = start(worker, applicant, profile).social_check
    body = {"findings_summary": "x" * 2001, "outcome": "no_concerns", "no_third_party_details": True}
    response = client.patch(f"/api/v1/checks/{social_check.pk}/", body, format="json")
    assert "findings_summary" in assert_error(response, 400, "INVALID")["fields"]


def test_a_nul_character_is_400_invalid(client):
    response = client.post("/api/v1/households/", {"reference": "ROI\x00-1"}, format="json")
    assert "reference" in assert_error(response, 400, "INVALID")["fields"]


def test_a_body_that_is_not_json_is_415(client):
    response = client.post("/api/v1/households/", "reference=ROI-1", content_type="application/x-www-form-urlencoded")
    assert_error(response, 415, "UNSUPPORTED_MEDIA_TYPE")


def test_a_very_large_body_is_refused_not_a_server_error(client):
    response = client.post("/api/v1/households/", {"reference": "x" * 3_000_000}, format="json")
    assert_error(response, 400, "INVALID")


def test_a_method_the_endpoint_does_not_have_is_405(client, household):
    assert_error(client.delete("/api/v1/checks/"), 405, "METHOD_NOT_ALLOWED")
    assert_error(client.put(f"/api/v1/households/{household.pk}/", {}, format="json"), 405, "METHOD_NOT_ALLOWED")


def test_an_unknown_endpoint_is_a_json_404(client, anonymous):
    assert_error(client.get("/api/v1/no-such-thing/"), 404, "NOT_FOUND")
    assert_error(anonymous.post("/api/v1/no-such-thing/"), 404, "NOT_FOUND")


def test_any_accept_header_gets_json(client):
    response = client.get("/api/v1/me/", HTTP_ACCEPT="text/html")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"


def test_a_bad_cursor_is_400_invalid(client):
    fields = assert_error(client.get("/api/v1/households/?cursor=rubbish"), 400, "INVALID")["fields"]
    assert "cursor" in fields


def test_a_forged_cursor_position_is_400_invalid(client):
    import base64

    forged = base64.b64encode(b"p=not-a-number").decode()
    assert_error(client.get(f"/api/v1/households/?cursor={forged}"), 400, "INVALID")


@pytest.mark.parametrize(
    "query", ["applicant=abc", "applicant=0", "applicant=99999999999999999999999", "code=SMOKE", "since=yesterday"]
)
def test_a_bad_filter_is_400_invalid(api_as, manager, query):
    assert_error(api_as(manager).get(f"/api/v1/refusals/?{query}"), 400, "INVALID")


@pytest.mark.parametrize("query", ["action=nothing", "until=2026-13-01", "since=0000-01-01", "actor=%00"])
def test_a_bad_audit_filter_is_400_invalid(api_as, manager, query):
    assert_error(api_as(manager).get(f"/api/v1/audit/?{query}"), 400, "INVALID")


@pytest.mark.parametrize(
    ("applicant", "message"),
    [
        (0, "Ensure this value is greater than or equal to 1."),
        (-5, "Ensure this value is greater than or equal to 1."),
        (2**63, "Ensure this value is less than or equal to 9223372036854775807."),
    ],
)
def test_an_id_out_of_range_is_400_invalid_with_the_bound(client, applicant, message):
    body = {"applicant": applicant, "profile": 1, "viewing_account": 1, "purpose": "Assessment"}
    response = client.post("/api/v1/checks/", body, format="json")
    assert assert_error(response, 400, "INVALID")["fields"] == {"applicant": [message]}


def test_the_schema_gives_the_bounds_of_an_id(client):
    schema = client.get("/api/v1/schema/").json()
    applicant = schema["components"]["schemas"]["CheckStartRequest"]["properties"]["applicant"]
    assert (applicant["minimum"], applicant["maximum"]) == (1, 2**63 - 1)
