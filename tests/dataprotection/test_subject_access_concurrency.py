"""Two reviewers at once: the pack is made once, and a review racing it either lands before
the pack (and is in it) or is refused; extensions racing never pass three months in all."""

import pytest
from django.utils import timezone

from dataprotection import services
from dataprotection.models import Decision, SubjectAccessRequest
from t4c_socialcheck.errors import ServiceError
from tests.conftest import postgres_only
from tests.support.race import race

pytestmark = [postgres_only, pytest.mark.django_db(transaction=True)]


def _attempt(action):
    def run():
        try:
            action()
            return "done"
        except ServiceError as refused:
            return refused.code

    return run


def test_the_pack_is_made_once(auditor, manager, applicant):
    sar = services.sar_open(
        user=auditor,
        applicant_id=applicant.pk,
        requested_by="Applicant",
        identity_check="ID",
        received_on=timezone.localdate(),
    )
    for item in sar.items.all():
        services.sar_review_item(user=auditor, item_id=item.pk, decision=Decision.DISCLOSE)
    outcomes, errors = race(
        [_attempt(lambda u=u: services.sar_make_pack(user=u, request_id=sar.pk)) for u in (auditor, manager) * 4]
    )
    assert not errors
    assert sorted(outcomes) == ["ALREADY_COMPLETED"] * 7 + ["done"]


def test_racing_extensions_never_pass_three_months(auditor, manager, applicant):
    sar = services.sar_open(
        user=auditor,
        applicant_id=applicant.pk,
        requested_by="Applicant",
        identity_check="ID",
        received_on=timezone.localdate(),
    )

    def extend(user):
        return lambda: services.sar_extend(
            user=user, request_id=sar.pk, months=1, reason="Complex.", told_on=timezone.localdate()
        )

    outcomes, errors = race([_attempt(extend(u)) for u in (auditor, manager) * 3])
    assert not errors
    assert outcomes.count("done") == 2
    assert SubjectAccessRequest.objects.get(pk=sar.pk).extension_months == 2
