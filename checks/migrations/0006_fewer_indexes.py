"""The worker's checks are found through the (worker, -started_at) index, so
the foreign key's own index only slowed every check's insert. Written out so
that SQLite does not remake the table and lose its guard trigger."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

from t4c_socialcheck.migration_sql import vendor_sql

INDEX = "checks_socialcheck_worker_id_21f64e25"
FORWARD = f"DROP INDEX IF EXISTS {INDEX};"
REVERSE = f"CREATE INDEX {INDEX} ON checks_socialcheck (worker_id);"


class Migration(migrations.Migration):
    dependencies = [
        ("checks", "0005_retention_may_delete"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="socialcheck",
                    name="worker",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="social_checks",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            database_operations=[
                vendor_sql({"postgresql": FORWARD, "sqlite": FORWARD}, {"postgresql": REVERSE, "sqlite": REVERSE})
            ],
        )
    ]
