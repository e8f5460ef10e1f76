from rest_framework.test import APIClient


def token_client(key: str) -> APIClient:
    """An API client sending `Authorization: Token <key>`."""
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


def assert_error(response, status: int, code: str) -> dict:
    """The response is the contract's error: this status, this code, and the three keys."""
    assert response.status_code == status, (response.status_code, response.content[:500])
    body = response.json()
    assert body["code"] == code, body
    assert isinstance(body["detail"], str) and body["detail"]
    assert isinstance(body["fields"], dict)
    return body
