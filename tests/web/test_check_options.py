"""Issue 22, point 2: don't walk into a refusal. The check form is built from the same rules
table (checks.preview asks checks.rules through checks.facts, writing nothing); the start
still decides, and a form posted anyway is refused and recorded as before."""

import uuid

import pytest
from django.urls import reverse

from checks import rules
from checks.models import Refusal, SocialCheck
from checks.preview import check_options
from consent.services import consent_withdraw
from notifications.models import Notification
from platforms.models import Platform, ViewingAccount, ViewingAccountKind
from platforms.services import profile_add
from tests.conftest import ALL_DECLARATIONS

pytestmark = pytest.mark.django_db

NOTHING_RECORDED = "nothing has been recorded"


def _form(client, applicant) -> str:
    return client.get(reverse("check-new", args=[applicant.pk])).content.decode()


def _nothing_written():
    assert not Refusal.objects.exists() and not Notification.objects.filter(kind="refusal").exists()


def test_only_checkable_platforms_and_their_approved_accounts_are_offered(
    as_user, worker, applicant, consent, profile, platforms, logged_out_view
):
    instagram = profile_add(user=worker, applicant=applicant, platform=platforms["instagram"], handle="alex.m")
    Platform.objects.filter(pk=platforms["instagram"].pk).update(checkable=False)
    retired = ViewingAccount.objects.create(
        platform=platforms["facebook"], label="Old team account", kind=ViewingAccountKind.ORGANISATION, active=False
    )
    response = as_user(worker).get(reverse("check-new", args=[applicant.pk]))
    form = response.context["form"]
    assert list(form.fields["profile"].queryset) == [profile]  # not the Instagram one
    assert instagram.applicant_id == applicant.pk
    offered = set(form.fields["viewing_account"].queryset)
    assert logged_out_view in offered and retired not in offered
    assert {account.platform_id for account in offered} == {platforms["facebook"].pk}
    _nothing_written()


def test_an_applicant_who_had_their_one_off_check_gets_a_page_saying_why_not_the_form(
    as_user, worker, applicant, consent, profile, start
):
    start(worker, applicant, profile)
    html = _form(as_user(worker), applicant)
    rule = rules.RULE_BY_CODE[rules.RefusalCode.APPLICANT_ALREADY_CHECKED]
    assert f"No check of {applicant.full_name} is possible" in html
    assert rule.message in html and rule.next_step.replace("'", "&#x27;") in html
    assert 'name="declarations"' not in html and NOTHING_RECORDED in html
    _nothing_written()


@pytest.mark.parametrize("state", ["none", "withdrawn"])
def test_no_live_consent_gets_the_page_with_what_to_do(as_user, worker, applicant, profile, consent_or_none, state):
    if state == "withdrawn":
        consent_withdraw(user=worker, applicant=applicant, reason="They changed their mind.")
    code = rules.RefusalCode.NO_CONSENT if state == "none" else rules.RefusalCode.CONSENT_WITHDRAWN
    html = _form(as_user(worker), applicant)
    assert rules.RULE_BY_CODE[code].message in html and 'name="declarations"' not in html
    _nothing_written()


@pytest.fixture
def consent_or_none(request, applicant, worker):
    if request.node.callspec.params["state"] == "withdrawn":
        return request.getfixturevalue("consent")
    return None


def test_a_rule_added_to_the_table_is_covered_without_changing_the_form(
    monkeypatch, as_user, worker, applicant, consent, profile
):
    """Rules other work adds (training, conflicts of interest) come through the same table."""
    added = rules.Rule(
        rules.RefusalCode.NOT_PERMITTED,
        "A rule added to the table.",
        "Do what the new rule says.",
        rules.FORBIDDEN,
        fails=lambda f: True,
    )
    monkeypatch.setattr(rules, "RULES", (*rules.RULES, added))
    html = _form(as_user(worker), applicant)
    assert "A rule added to the table." in html and "Do what the new rule says." in html
    assert not check_options(user=worker, applicant=applicant).possible


def test_different_reasons_per_profile_are_shown_per_profile(
    as_user, worker, applicant, consent, profile, platforms, start
):
    start(worker, applicant, profile)  # Facebook: already viewed (and the applicant checked)
    instagram = profile_add(user=worker, applicant=applicant, platform=platforms["instagram"], handle="alex.m")
    Platform.objects.filter(pk=platforms["instagram"].pk).update(checkable=False)
    options = check_options(user=worker, applicant=applicant)
    assert not options.possible
    assert [r.rule.code for r in options.reasons] == [rules.RefusalCode.APPLICANT_ALREADY_CHECKED]
    assert [(p.pk, [r.rule.code for r in rs]) for p, rs in options.reasons_by_profile] == [
        (profile.pk, [rules.RefusalCode.PROFILE_ALREADY_VIEWED]),
        (instagram.pk, [rules.RefusalCode.PLATFORM_NOT_CHECKABLE]),
    ]
    html = _form(as_user(worker), applicant)
    assert "instagram" in html.lower() and rules.RULE_BY_CODE[rules.RefusalCode.PLATFORM_NOT_CHECKABLE].message in html


def test_a_form_posted_anyway_is_still_refused_and_recorded(
    as_user, worker, applicant, consent, profile, logged_out_view, start
):
    start(worker, applicant, profile)
    data = {
        "profile": profile.pk,
        "viewing_account": logged_out_view.pk,
        "declarations": list(ALL_DECLARATIONS),
        "purpose": "Stage 1 social media check",
        "submission": str(uuid.uuid4()),
    }
    response = as_user(worker).post(reverse("check-start", args=[applicant.pk]), data)
    refusal = Refusal.objects.get()
    assert response["Location"] == reverse("refusal", args=[refusal.pk])
    assert refusal.code == rules.RefusalCode.APPLICANT_ALREADY_CHECKED
    assert SocialCheck.objects.count() == 1


def test_asking_the_rules_before_the_form_records_nothing(as_user, worker, applicant, consent, profile):
    from audit.models import Action, AuditEvent

    before = AuditEvent.objects.exclude(action=Action.VIEW).count()
    assert check_options(user=worker, applicant=applicant).possible
    assert AuditEvent.objects.exclude(action=Action.VIEW).count() == before
    _nothing_written()
