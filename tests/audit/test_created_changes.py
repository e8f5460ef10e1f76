"""The chained entry of a new record, and its INSERT, as django-auditlog and the ORM make them, made faster."""

import pytest
from auditlog.diff import model_instance_diff

from audit.signals import _insert_statement, compiled_insert, created_changes

pytestmark = pytest.mark.django_db


def test_a_new_records_changes_are_exactly_django_auditlogs(worker, teammate, applicant, consent, profile, start):
    social_check = start(worker, applicant, profile).social_check
    refusal = start(teammate, applicant, profile).refusal
    # A check, a refusal (lists and JSON), and records with masked fields (the applicant's date of birth).
    for record in (social_check, refusal, consent, profile, applicant, applicant.household, worker):
        assert created_changes(record) == model_instance_diff(None, record), record
    assert created_changes(social_check)["purpose"] == ("None", social_check.purpose)
    assert created_changes(social_check)["completed_at"] == ("None", "None")


def test_a_new_records_insert_is_exactly_the_orms(worker, teammate, applicant, consent, profile, start):
    social_check = start(worker, applicant, profile).social_check
    refusal = start(teammate, applicant, profile).refusal
    for record in (social_check, refusal):
        record.pk = 10**9
        (ours, our_values), (orms, orm_values) = _insert_statement(record), compiled_insert(record)
        assert ours == orms
        # JSON values are wrapped for the driver: compare what is wrapped.
        assert [getattr(v, "adapted", v) for v in our_values] == [getattr(v, "adapted", v) for v in orm_values]
