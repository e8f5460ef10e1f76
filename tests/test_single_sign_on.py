"""Single sign-on (issue 21) against a real OpenID provider started on a loopback
port (django-oauth-toolkit, tests/support/oidc_provider): the app's client
follows real redirects and the provider's real tokens; nothing is mocked."""

import re
from urllib.parse import parse_qs, urljoin, urlsplit

import pytest
import requests
from django.test import override_settings

from accounts import sso
from accounts.models import Role
from audit.models import Action, AuditEvent
from tests.factories import UserFactory
from tests.support.oidc import PASSWORD, Provider, person

pytestmark = pytest.mark.django_db

CALLBACK = "http://testserver/sso/callback/"
PEOPLE = {
    "wren": person("wren@kent.example.gov.uk", "oid-wren-0001", amr=("pwd", "mfa")),
    "pat": person("pat@kent.example.gov.uk", "oid-pat-0002", amr=("pwd",)),
    "acr": person("acr@kent.example.gov.uk", "oid-acr-0003", amr=(), acr="urn:council:mfa"),
    "stranger": person("stranger@kent.example.gov.uk", "oid-stranger-0004"),
    "outsider": person("someone@gmail.example.com", "oid-outsider-0005"),
}


@pytest.fixture(scope="module")
def provider(tmp_path_factory):
    started = Provider(tmp_path_factory.mktemp("oidc"), [CALLBACK], PEOPLE)
    yield started
    started.stop()


@pytest.fixture
def sso_on(provider, settings):
    sso._discovery_cache.clear()
    with override_settings(**provider.settings(), SOCIALCHECK_OIDC_ALLOWED_EMAIL_DOMAINS=["kent.example.gov.uk"]):
        yield provider


def sign_in_through_provider(client, username: str, next_url: str = ""):
    """The browser's part, step by step: the app sends it to the provider, the
    person signs in there, the provider sends it back with a code."""
    start = client.get("/sso/start/" + (f"?next={next_url}" if next_url else ""))
    assert start.status_code == 302
    authorize = start["Location"]
    assert authorize.startswith("http://127.0.0.1:")
    browser = requests.Session()
    login_page = browser.get(authorize, timeout=10)  # the provider asks who you are first
    assert "Council identity provider" in login_page.text
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', login_page.text).group(1)
    back = browser.post(
        login_page.url,
        data={
            "csrfmiddlewaretoken": token,
            "username": username,
            "password": PASSWORD,
            "next": parse_qs(urlsplit(login_page.url).query)["next"][0],
        },
        allow_redirects=False,
        timeout=10,
    )
    assert back.status_code == 302
    # Signed in there, back to its authorisation endpoint, which answers with the code for the app.
    to_app = browser.get(urljoin(login_page.url, back.headers["Location"]), allow_redirects=False, timeout=10)
    assert to_app.status_code == 302, to_app.text[:500]
    callback = to_app.headers["Location"]
    assert callback.startswith(CALLBACK)
    return client.get(callback.removeprefix("http://testserver"))


def test_a_person_with_an_account_signs_in_and_multi_factor_at_the_provider_skips_the_second_step(
    client, sso_on, settings, policy
):
    settings.SOCIALCHECK_REQUIRE_TWO_FACTOR = True
    wren = UserFactory(username="wren", email="wren@kent.example.gov.uk", sso_subject="oid-wren-0001")
    response = sign_in_through_provider(client, "wren", next_url="/policy/")
    assert response.status_code == 302 and response["Location"] == "/policy/"
    page = client.get("/")
    assert page.status_code == 200 and page.wsgi_request.user == wren
    event = AuditEvent.objects.filter(action=Action.SIGN_IN).latest("seq")
    assert event.data["method"] == "sso" and event.data["multi_factor"] is True
    assert event.data["second_step_due"] is False


def test_without_multi_factor_at_the_provider_the_apps_own_second_step_is_asked(client, sso_on, settings):
    settings.SOCIALCHECK_REQUIRE_TWO_FACTOR = True
    pat = UserFactory(username="pat", sso_subject="oid-pat-0002")
    response = sign_in_through_provider(client, "pat")
    assert response.status_code == 302 and response["Location"].startswith("/two-factor/")
    assert client.get("/")["Location"].startswith("/two-factor/")  # kept on the two-step pages
    assert client.get("/").wsgi_request.user == pat


def test_an_acr_the_council_names_as_multi_factor_counts_too(client, sso_on, settings):
    settings.SOCIALCHECK_REQUIRE_TWO_FACTOR = True
    settings.SOCIALCHECK_OIDC_MFA_ACR_VALUES = ["urn:council:mfa"]
    UserFactory(username="acr-user", sso_subject="oid-acr-0003")
    assert sign_in_through_provider(client, "acr")["Location"] == "/"


def test_an_unknown_person_is_refused_with_a_clear_page_and_no_account_is_made(client, sso_on, django_user_model):
    accounts = django_user_model.objects.count()
    response = sign_in_through_provider(client, "stranger")
    assert response.status_code == 403
    page = response.content.decode()
    assert "You cannot sign in to this service" in page
    assert "There is no account in this service for the person you signed in as." in page
    assert "ask an admin to add you" in page
    assert django_user_model.objects.count() == accounts
    assert not client.get("/").wsgi_request.user.is_authenticated
    refusal = AuditEvent.objects.filter(action=Action.SIGN_IN_FAILED).latest("seq")
    assert refusal.data == {"sso": "unknown"}


def test_matching_is_by_the_stable_claim_not_the_email(client, sso_on):
    """An account with the same email but another subject is not the person."""
    UserFactory(username="other-wren", email="wren@kent.example.gov.uk", sso_subject="oid-someone-else")
    assert sign_in_through_provider(client, "wren").status_code == 403


def test_an_email_outside_the_allowed_domains_is_refused(client, sso_on):
    UserFactory(username="outsider-account", sso_subject="oid-outsider-0005")
    response = sign_in_through_provider(client, "outsider")
    assert response.status_code == 403
    assert "email address this service does not accept" in response.content.decode()


def test_a_disabled_account_is_refused(client, sso_on):
    UserFactory(username="pat", sso_subject="oid-pat-0002", is_active=False)
    response = sign_in_through_provider(client, "pat")
    assert response.status_code == 403 and "switched off" in response.content.decode()


def test_with_link_by_email_a_new_account_is_linked_on_first_sign_in(client, sso_on, settings):
    settings.SOCIALCHECK_OIDC_LINK_BY_EMAIL = True
    pat = UserFactory(username="pat", email="PAT@kent.example.gov.uk")
    assert sign_in_through_provider(client, "pat").status_code == 302
    pat.refresh_from_db()
    assert pat.sso_subject == "oid-pat-0002"
    assert AuditEvent.objects.filter(action=Action.SIGN_IN, data__sso_linked=True).exists()


def test_roles_and_teams_stay_the_apps_own(client, sso_on, team_a):
    manager = UserFactory(username="wren", role=Role.MANAGER, sso_subject="oid-wren-0001")
    team_a.managers.add(manager)
    sign_in_through_provider(client, "wren")
    manager.refresh_from_db()
    assert manager.role == Role.MANAGER and list(manager.managed_teams.all()) == [team_a]


def test_the_sign_in_page_offers_single_sign_on_only_when_configured(client, sso_on, settings):
    page = client.get("/sign-in/").content.decode()
    assert 'id="sso-sign-in"' in page and 'href="/sso/start/"' in page
    settings.SOCIALCHECK_OIDC_ISSUER = ""
    settings.OIDC_RP_CLIENT_ID = ""
    assert "sso-sign-in" not in client.get("/sign-in/").content.decode()
    assert client.get("/sso/start/").status_code == 404
    assert client.get("/sso/callback/?code=x&state=y").status_code == 404


# --- Passwords: break-glass admins only, when switched so ---------------------------------------
@pytest.fixture
def passwords():
    def make(username, role):
        user = UserFactory(username=username, role=role)
        user.set_password("a-long-password-for-" + username)
        user.save()
        return user

    return make


def test_password_sign_in_can_be_kept_for_break_glass_admins_only(client, settings, passwords):
    worker = passwords("pw-worker", Role.WORKER)
    admin = passwords("pw-admin", Role.ADMIN)
    settings.SOCIALCHECK_PASSWORD_SIGN_IN = "admins"
    refused = client.post("/sign-in/", {"username": "pw-worker", "password": "a-long-password-for-pw-worker"})
    assert refused.status_code == 200 and not refused.wsgi_request.user.is_authenticated
    response = client.post("/sign-in/", {"username": "pw-admin", "password": "a-long-password-for-pw-admin"})
    assert response.status_code == 302 and client.get("/admin/").wsgi_request.user == admin
    client.logout()
    settings.SOCIALCHECK_PASSWORD_SIGN_IN = "everyone"
    response = client.post("/sign-in/", {"username": "pw-worker", "password": "a-long-password-for-pw-worker"})
    assert response.status_code == 302 and client.get("/").wsgi_request.user == worker
