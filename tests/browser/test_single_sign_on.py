"""Single sign-on in a real browser (issue 21): Chromium follows the real
redirects from the app to the tests' OpenID provider (django-oauth-toolkit on a
loopback port) and back, with axe-core on every page of the app."""

import pytest

from tests.support.oidc import PASSWORD, Provider, person

from .support import arrive, seed

pytestmark = pytest.mark.django_db(transaction=True)

PEOPLE = {
    "wren.adeyemi": person("wren@kent.example.gov.uk", "oid-wren-0001", amr=("pwd", "mfa")),
    "priya.chandler": person("priya@kent.example.gov.uk", "oid-priya-0002", amr=("pwd",)),
    "stranger": person("stranger@kent.example.gov.uk", "oid-stranger-0003", amr=("pwd", "mfa")),
}


@pytest.fixture
def provider(tmp_path, live_server, live_settings):
    started = Provider(tmp_path / "oidc", [f"{live_server.url}/sso/callback/"], PEOPLE)
    for name, value in started.settings().items():
        setattr(live_settings, name, value)
    live_settings.SOCIALCHECK_OIDC_ALLOWED_EMAIL_DOMAINS = ["kent.example.gov.uk"]
    live_settings.SOCIALCHECK_REQUIRE_TWO_FACTOR = True
    from accounts import sso

    sso._discovery_cache.clear()
    yield started
    started.stop()


def through_the_provider(page, username: str) -> None:
    page.goto("/sign-in/")
    arrive(page, "Sign in")
    page.click("#sso-sign-in")
    page.wait_for_url("http://127.0.0.1:*/login/**")
    assert "Council identity provider" in page.inner_text("h1")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button:has-text('Sign in at the provider')")


def test_staff_sign_in_through_their_organisation_and_a_stranger_is_refused(watched, provider):
    people = seed()
    worker, manager = people["worker"], people["manager"]
    worker.sso_subject = "oid-wren-0001"
    worker.save()
    manager.sso_subject = "oid-priya-0002"
    manager.save()
    also = (f"http://127.0.0.1:{provider.port}",)

    # Multi-factor at the provider: straight in, no second step here.
    page = watched(also=also).context.new_page()
    through_the_provider(page, "wren.adeyemi")
    arrive(page, "Your caseload")
    assert "Signed in as Wren Adeyemi (Social worker)" in page.inner_text("header")

    # A password alone at the provider: the app asks for its own second step.
    page = watched(also=also).context.new_page()
    through_the_provider(page, "priya.chandler")
    arrive(page, "Enter your set-up code")

    # Someone the provider knows but this service does not: a clear page, not signed in.
    page = watched(also=also).context.new_page()
    through_the_provider(page, "stranger")
    arrive(page, "You cannot sign in to this service")
    assert "There is no account in this service for the person you signed in as." in page.inner_text("main")
    page.goto("/")
    arrive(page, "Sign in")
