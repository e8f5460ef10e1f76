"""Vendor-specific SQL in migrations (triggers, functions), as one RunPython operation.

Migrations import this: keep its behaviour stable."""

from django.db import migrations


def vendor_sql(forward: dict, reverse: dict | None = None) -> migrations.RunPython:
    """Run forward[vendor] (and reverse[vendor] when unapplied); other vendors do nothing.
    A vendor's SQL is one string, or a list of statements (SQLite runs one at a time).

    `params=None` stops psycopg2 from %-formatting the SQL (RAISE messages contain %)."""

    def run(sql_by_vendor):
        def apply(apps, schema_editor):
            sql = (sql_by_vendor or {}).get(schema_editor.connection.vendor)
            for statement in [sql] if isinstance(sql, str) else sql or []:
                schema_editor.execute(statement, params=None)

        return apply

    return migrations.RunPython(run(forward), run(reverse) if reverse is not None else migrations.RunPython.noop)
