"""Vendor-specific SQL in migrations (triggers, functions), as one RunPython operation.

Migrations import this: keep its behaviour stable."""

from django.db import migrations


def vendor_sql(forward: dict[str, str], reverse: dict[str, str] | None = None) -> migrations.RunPython:
    """Run forward[vendor] (and reverse[vendor] when unapplied); other vendors do nothing.

    `params=None` stops psycopg2 from %-formatting the SQL (RAISE messages contain %)."""

    def run(sql_by_vendor):
        def apply(apps, schema_editor):
            sql = (sql_by_vendor or {}).get(schema_editor.connection.vendor)
            if sql:
                schema_editor.execute(sql, params=None)

        return apply

    return migrations.RunPython(run(forward), run(reverse) if reverse is not None else migrations.RunPython.noop)
