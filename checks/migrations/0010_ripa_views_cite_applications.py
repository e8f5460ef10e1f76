"""Views and refusals under RIPA cite the new register's applications (ripa.RipaApplication,
which ripa 0002 filled with the old authorisations' ids), and the direct-entry models go.

Only the foreign keys' targets change; no row of these append-only tables is updated.
SQLite remakes both tables for it, which drops their triggers: they are written again
(the same statements as checks 0009 and 0004)."""

import importlib

import django.db.models.deletion
from django.db import migrations, models

from t4c_socialcheck.migration_sql import vendor_sql

_guard = importlib.import_module("checks.migrations.0009_one_off_in_real_households")
_refusals = importlib.import_module("checks.migrations.0004_refusals_append_only")


class Migration(migrations.Migration):
    dependencies = [
        ("checks", "0009_one_off_in_real_households"),
        ("ripa", "0002_from_direct_entry"),
    ]

    operations = [
        migrations.RemoveField(
            model_name="ripareview",
            name="authorisation",
        ),
        migrations.AlterField(
            model_name="socialcheck",
            name="ripa_authorisation",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="social_checks",
                to="ripa.ripaapplication",
            ),
        ),
        migrations.AlterField(
            model_name="refusal",
            name="ripa_authorisation",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="refusals",
                to="ripa.ripaapplication",
            ),
        ),
        migrations.RemoveField(
            model_name="ripareview",
            name="recorded_by",
        ),
        migrations.DeleteModel(
            name="RipaAuthorisation",
        ),
        migrations.DeleteModel(
            name="RipaReview",
        ),
        vendor_sql({"sqlite": [*_guard.SQLITE_GUARD, _refusals.SQLITE_REVERSE, _refusals.SQLITE_FORWARD]}),
    ]
