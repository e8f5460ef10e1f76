"""Fewer indexes on the audit trail, which every audited write inserts into:
the composite indexes already serve their leading column (actor, household,
at), and the hashes need no LIKE index. The unique hashes become named
constraints, so no LIKE index comes back.

The database side is written out: on SQLite, Django would otherwise remake the
table and lose its append-only trigger."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

from t4c_socialcheck.migration_sql import vendor_sql

PLAIN_INDEXES = {
    "audit_auditevent_actor_id_270bb4b7": "actor_id",
    "audit_auditevent_at_f461ba89": "at",
    "audit_auditevent_household_id_3ddbd893": "household_id",
}
LIKE_INDEXES = {
    "audit_auditevent_prev_hash_32dd1626_like": "prev_hash",
    "audit_auditevent_row_hash_ac094344_like": "row_hash",
}
CONSTRAINTS = {
    "audit_auditevent_prev_hash_key": "audit_one_entry_after_each",
    "audit_auditevent_row_hash_key": "audit_unique_row_hash",
}


def _drop(names) -> list[str]:
    return [f"DROP INDEX IF EXISTS {name}" for name in names]


def _create(indexes: dict, opclass: str = "") -> list[str]:
    return [f"CREATE INDEX {name} ON audit_auditevent ({column}{opclass})" for name, column in indexes.items()]


def _rename(pairs) -> list[str]:
    return [f"ALTER TABLE audit_auditevent RENAME CONSTRAINT {old} TO {new}" for old, new in pairs]


PG_FORWARD = _drop([*PLAIN_INDEXES, *LIKE_INDEXES]) + _rename(CONSTRAINTS.items())
PG_REVERSE = (
    _rename((new, old) for old, new in CONSTRAINTS.items())
    + _create(PLAIN_INDEXES)
    + _create(LIKE_INDEXES, " varchar_pattern_ops")
)
# SQLite keeps its inline UNIQUE on the hashes (the same rule under another name).
SQLITE_FORWARD = _drop(PLAIN_INDEXES)
SQLITE_REVERSE = _create(PLAIN_INDEXES)


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0004_append_function"),
        ("cases", "0002_applicant_anonymised_at"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="auditevent",
                    name="actor",
                    field=models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        db_index=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                migrations.AlterField(model_name="auditevent", name="at", field=models.DateTimeField()),
                migrations.AlterField(
                    model_name="auditevent",
                    name="household",
                    field=models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        db_index=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="cases.household",
                    ),
                ),
                migrations.AlterField(model_name="auditevent", name="prev_hash", field=models.CharField(max_length=64)),
                migrations.AlterField(model_name="auditevent", name="row_hash", field=models.CharField(max_length=64)),
                migrations.AddConstraint(
                    model_name="auditevent",
                    constraint=models.UniqueConstraint(fields=("prev_hash",), name="audit_one_entry_after_each"),
                ),
                migrations.AddConstraint(
                    model_name="auditevent",
                    constraint=models.UniqueConstraint(fields=("row_hash",), name="audit_unique_row_hash"),
                ),
            ],
            database_operations=[
                vendor_sql(
                    {"postgresql": PG_FORWARD, "sqlite": SQLITE_FORWARD},
                    {"postgresql": PG_REVERSE, "sqlite": SQLITE_REVERSE},
                )
            ],
        )
    ]
