from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("cases", "0004_case_life_data")]

    operations = [
        migrations.AddConstraint(
            model_name='household',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('outcome', ''), ('closed_on__isnull', True)), models.Q(models.Q(('outcome', ''), _negated=True), ('closed_on__isnull', False)), _connector='OR'), name='closed_household_has_outcome_and_closed_on'),
        ),
    ]
