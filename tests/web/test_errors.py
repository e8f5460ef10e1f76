"""The pages for things going wrong: clear words, the service's look, never a 500."""

from django.template.loader import render_to_string
from django.test import Client
from django.urls import reverse

from consent.models import Consent

from .helpers import date_fields, yesterday


def test_a_form_sent_without_its_csrf_token_gets_a_friendly_page_and_saves_nothing(worker, applicant):
    client = Client(enforce_csrf_checks=True)
    client.force_login(worker)
    data = {
        "given": "yes",
        "form_reference": "F",
        "information_format": "standard",
        **date_fields("signed_on", yesterday()),
    }
    response = client.post(reverse("consent-record", args=[applicant.pk]), data)
    assert response.status_code == 403
    html = response.content.decode()
    assert "Sorry, that form has expired" in html
    assert "Nothing was saved." in html
    assert "govuk-template" in html
    assert not Consent.objects.exists()


def test_an_unknown_address_gets_the_not_found_page(as_user, worker):
    response = as_user(worker).get("/no-such-page/")
    assert response.status_code == 404
    assert "<title>Page not found – Social media checks</title>" in response.content.decode()


def test_the_server_error_page_renders_without_a_request():
    html = render_to_string("500.html")
    assert "Sorry, there is a problem with the service" in html
    assert "Sign out" not in html


def test_a_non_numeric_id_in_an_address_is_not_found(as_user, worker):
    assert as_user(worker).get("/households/abc/").status_code == 404


def test_sign_in_errors_are_in_the_error_summary(client, worker):
    response = client.post(reverse("login"), {"username": "worker", "password": "wrong"})
    html = response.content.decode()
    assert "<title>Error: Sign in" in html
    assert "Enter a correct username and password" in html
    empty = client.post(reverse("login"), {}).content.decode()
    assert 'href="#id_username"' in empty and "Enter your username" in empty


def test_signing_in_goes_to_the_caseload(client, worker):
    response = client.post(reverse("login"), {"username": "worker", "password": "correct horse battery staple"})
    assert response["Location"] == reverse("caseload")
