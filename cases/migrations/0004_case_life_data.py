"""The older stages to the contract's names (a migration of its own: on PostgreSQL the
rows it updates leave trigger events that an ALTER TABLE in the same transaction refuses)."""

from django.db import migrations


def to_contract_stages(apps, schema_editor):
    """The older stages to the contract's: `roi` is `roi_received`; `withdrawn` and
    `closed` were closings, so they become the outcomes `withdrawn` and
    `closed_other` on a case left at `roi_received` (the older model kept no
    earlier stage). An approved case with a closing date was approved and closed."""
    Household = apps.get_model("cases", "Household")
    Household.objects.filter(stage="roi").update(stage="roi_received")
    for old, outcome in (("withdrawn", "withdrawn"), ("closed", "closed_other")):
        Household.objects.filter(stage=old).update(stage="roi_received", outcome=outcome)
    Household.objects.filter(stage="approved", closed_on__isnull=False, outcome="").update(
        outcome="approved_and_closed"
    )
    Household.objects.filter(closed_on__isnull=False, outcome="").update(outcome="closed_other")
    for household in Household.objects.filter(stage_started_on__isnull=True):
        Household.objects.filter(pk=household.pk).update(stage_started_on=household.received_on)



class Migration(migrations.Migration):
    dependencies = [("cases", "0003_case_life")]

    operations = [migrations.RunPython(to_contract_stages, migrations.RunPython.noop)]
