"""Managers double-clicking, or two managers at once: one record, and no error page (PostgreSQL leg of CI)."""

import pytest
from django.test import Client
from django.urls import reverse

from checks.models import RefusalReview
from incidents.models import Incident
from tests.conftest import postgres_only
from tests.support.race import race

pytestmark = [postgres_only, pytest.mark.django_db(transaction=True)]

TIMES = 8


def _race(user, method, url, data):
    """POST the same form from TIMES browsers at once; return their status codes and any exceptions."""
    clients = []
    for _ in range(TIMES):
        client = Client()
        client.force_login(user)
        clients.append(client)
    codes, errors = race([lambda client=client: getattr(client, method)(url, data).status_code for client in clients])
    return codes, errors


def test_simultaneous_reviews_of_a_refusal_record_one(manager, refusal):
    codes, errors = _race(manager, "post", reverse("refusal-review", args=[refusal.pk]), {"comment": "Seen."})
    assert errors == [] and len(codes) == TIMES
    assert codes.count(302) == 1 and set(codes) == {200, 302}
    assert RefusalReview.objects.count() == 1


def test_simultaneous_incidents_from_a_refusal_open_one(manager, refusal):
    codes, errors = _race(manager, "post", reverse("refusal-incident", args=[refusal.pk]), {"description": "Again."})
    assert errors == [] and codes == [302] * TIMES
    assert Incident.objects.count() == 1
