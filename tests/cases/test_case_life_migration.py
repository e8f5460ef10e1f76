"""cases 0003 and dataprotection 0002 move the older stages and outcomes to the contract's names."""

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from cases.models import Household
from dataprotection.models import RetentionPeriod

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("cases", "0002_applicant_anonymised_at"), ("dataprotection", "0001_initial")]


def _migrate(targets):
    MigrationExecutor(connection).migrate(targets)


def test_older_stages_become_the_contracts_stages_and_outcomes(household, team_a):
    received = datetime.date(2025, 3, 1)
    closed = datetime.date(2025, 9, 1)
    rows = [("ROI-OLD-1", "roi", None), ("ROI-OLD-2", "withdrawn", closed), ("ROI-OLD-3", "closed", closed)]
    try:
        _migrate(BEFORE)
        with connection.cursor() as cursor:
            for reference, stage, closed_on in rows:
                cursor.execute(
                    "INSERT INTO cases_household (reference, local_authority_id, team_id, received_on, stage,"
                    " closed_on, legal_hold, created_at) VALUES (%s, %s, %s, %s, %s, %s, %s, CURRENT_TIMESTAMP)",
                    [reference, household.local_authority_id, team_a.pk, received, stage, closed_on, False],
                )
            cursor.execute(
                "INSERT INTO dataprotection_retentionperiod (outcome, record_kind, months) VALUES ('approved', 'case', 60)"
            )
    finally:
        _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
    found = {h.reference: (h.stage, h.outcome, h.closed_on, h.stage_started_on) for h in Household.objects.all()}
    assert found["ROI-OLD-1"] == ("roi_received", "", None, received)
    assert found["ROI-OLD-2"] == ("roi_received", "withdrawn", closed, received)
    assert found["ROI-OLD-3"] == ("roi_received", "closed_other", closed, received)
    assert RetentionPeriod.objects.get().outcome == "approved_and_closed"
