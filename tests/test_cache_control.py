"""Issue #14, point 8: every response that may carry personal data (pages, exports,
the API, errors) says `Cache-Control: no-store`; static files and the health check
are the only exceptions."""

import pytest
from django.test import Client
from rest_framework.test import APIClient

from tests.api.conftest import integration_key

pytestmark = pytest.mark.django_db


def no_store(response) -> bool:
    return "no-store" in {part.strip() for part in response.get("Cache-Control", "").split(",")}


@pytest.fixture
def as_manager(client, manager):
    client.force_login(manager)
    return client


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/policy/",
        "/households/add/",
        "/manage/",
        "/manage/audit/",
        "/account/tokens/",
        "/no-such-page/",
    ],
)
def test_every_page_is_no_store(as_manager, path):
    response = as_manager.get(path)
    assert response.status_code in (200, 404), (path, response.status_code)
    assert no_store(response), (path, response.get("Cache-Control"))


def test_a_household_page_is_no_store(client, worker, household):
    client.force_login(worker)
    response = client.get(f"/households/{household.pk}/")
    assert response.status_code == 200 and no_store(response)


def test_the_sign_in_page_and_its_redirect_are_no_store(db):
    client = Client()
    assert no_store(client.get("/sign-in/"))
    assert no_store(client.get("/"))  # the redirect to sign in


def test_the_audit_trail_export_is_no_store(as_manager):
    response = as_manager.get("/manage/audit/export.csv")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    assert no_store(response)


def test_the_subject_access_requests_are_no_store(as_manager, applicant):
    response = as_manager.get("/data-protection/subject-access/")
    assert response.status_code == 200 and no_store(response)


def test_the_consent_information_download_is_no_store(client, worker, applicant):
    client.force_login(worker)
    response = client.get(f"/applicants/{applicant.pk}/consent-information/large-print/")
    assert no_store(response), response.status_code


def test_api_answers_and_errors_are_no_store(worker, household):
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {integration_key(worker)}")
    for path in ("/api/v1/me/", f"/api/v1/households/{household.pk}/", "/api/v1/schema/", "/api/v1/nothing/"):
        response = api.get(path)
        assert no_store(response), (path, response.status_code, response.get("Cache-Control"))
    assert no_store(APIClient().get("/api/v1/me/"))


def test_the_admin_site_is_no_store(client, admin_user):
    client.force_login(admin_user)
    assert no_store(client.get("/admin/"))


def test_the_health_check_and_static_files_may_be_cached(client):
    assert not no_store(client.get("/healthz/"))
    assert not no_store(client.get("/static/css/app.css"))
