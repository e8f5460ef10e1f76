"""The designated authorising officers' admin page answers bad input with the form, never a 500."""

import pytest
from django.urls import reverse

from ripa.models import AuthorisingOfficer
from tests.factories import LocalAuthorityFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("user", ["abc", "a\x00b", "9" * 30, ""])
def test_a_designation_naming_no_user_is_refused_on_the_page(client, admin_user, user):
    client.force_login(admin_user)
    council = LocalAuthorityFactory()
    fields = {"council": council.pk, "grade": "Director", "active": "on", "designated_on": "2026-12-01"}
    response = client.post(reverse("admin:ripa_authorisingofficer_add"), {**fields, "user": user})
    assert response.status_code == 200 and "errornote" in response.content.decode()
    assert not AuthorisingOfficer.objects.exists()
    response = client.post(reverse("admin:ripa_authorisingofficer_add"), {**fields, "user": admin_user.pk})
    assert response.status_code == 302 and AuthorisingOfficer.objects.get().user == admin_user
