"""A refusal of a record that exists is evidence in the trail; one of an id that
does not exist leaves nothing (so the trail cannot be filled by probing ids)."""

from audit.models import Action, AuditEvent
from audit.services import audit_denied_if_exists
from cases.models import Household


def denials():
    return AuditEvent.objects.filter(action=Action.ACCESS_DENIED)


def test_a_denied_record_that_exists_is_audited_by_type_and_id(outsider, household):
    audit_denied_if_exists(user=outsider, model=Household, pk=household.pk)

    entry = denials().get()
    assert (entry.actor_id, entry.record_type, entry.record_id) == (outsider.pk, "household", str(household.pk))
    assert household.reference not in entry.summary


def test_an_id_that_does_not_exist_leaves_no_entry(outsider, household):
    audit_denied_if_exists(user=outsider, model=Household, pk=household.pk + 1000)

    assert not denials().exists()
