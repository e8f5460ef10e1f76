"""The chain is appended by the ORM (audit.chain.append): the PL/pgSQL
`audit_append` function of 0004 is no longer called."""

from importlib import import_module

from django.db import migrations

from t4c_socialcheck.migration_sql import vendor_sql

APPEND_FUNCTION = import_module("audit.migrations.0004_append_function")


class Migration(migrations.Migration):
    dependencies = [("audit", "0005_fewer_indexes")]
    operations = [
        vendor_sql({"postgresql": APPEND_FUNCTION.PG_REVERSE}, {"postgresql": APPEND_FUNCTION.PG_FORWARD}),
    ]
