"""Refusals are evidence: the database refuses to change or delete them."""

from django.db import migrations

from t4c_socialcheck.migration_sql import vendor_sql

PG_FORWARD = """
CREATE OR REPLACE FUNCTION checks_refusal_append_only() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'refusals are evidence and cannot be changed or deleted'
        USING ERRCODE = 'integrity_constraint_violation';
END
$$;
CREATE TRIGGER checks_refusal_append_only
    BEFORE UPDATE OR DELETE ON checks_refusal
    FOR EACH ROW EXECUTE FUNCTION checks_refusal_append_only();
"""
PG_REVERSE = """
DROP TRIGGER IF EXISTS checks_refusal_append_only ON checks_refusal;
DROP FUNCTION IF EXISTS checks_refusal_append_only();
"""
SQLITE_FORWARD = """
CREATE TRIGGER checks_refusal_append_only BEFORE UPDATE ON checks_refusal
BEGIN
    SELECT RAISE(ABORT, 'refusals are evidence and cannot be changed');
END;
"""
SQLITE_REVERSE = "DROP TRIGGER IF EXISTS checks_refusal_append_only;"


class Migration(migrations.Migration):
    dependencies = [("checks", "0003_reviews")]
    operations = [
        vendor_sql(
            {"postgresql": PG_FORWARD, "sqlite": SQLITE_FORWARD}, {"postgresql": PG_REVERSE, "sqlite": SQLITE_REVERSE}
        )
    ]
