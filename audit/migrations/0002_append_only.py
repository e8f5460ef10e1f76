"""The audit trail is append-only. The one exception is redaction by retention,
which may blank the personal content of an entry but never its hashes, order or
links; on PostgreSQL it must also set `socialcheck.redaction` for the
transaction (see audit.redaction). Deleting an entry is always refused."""

from django.db import migrations

from t4c_socialcheck.migration_sql import vendor_sql

IMMUTABLE = (
    "seq",
    "at",
    "action",
    "record_type",
    "record_id",
    "household_id",
    "applicant_id",
    "team_id",
    "content_hash",
    "prev_hash",
    "row_hash",
)

PG_FORWARD = """
CREATE OR REPLACE FUNCTION audit_auditevent_append_only() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE'
       AND coalesce(current_setting('socialcheck.redaction', true), '') = 'on'
       AND OLD.redacted_at IS NULL AND NEW.redacted_at IS NOT NULL
       AND NOT ({changed}) THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'the audit trail is append-only'
        USING ERRCODE = 'integrity_constraint_violation';
END
$$;
CREATE TRIGGER audit_auditevent_append_only
    BEFORE UPDATE OR DELETE ON audit_auditevent
    FOR EACH ROW EXECUTE FUNCTION audit_auditevent_append_only();
""".format(changed=" OR ".join(f"NEW.{c} IS DISTINCT FROM OLD.{c}" for c in IMMUTABLE))
PG_REVERSE = """
DROP TRIGGER IF EXISTS audit_auditevent_append_only ON audit_auditevent;
DROP FUNCTION IF EXISTS audit_auditevent_append_only();
"""
SQLITE_FORWARD = """
CREATE TRIGGER audit_auditevent_append_only BEFORE UPDATE ON audit_auditevent
WHEN OLD.redacted_at IS NOT NULL OR NEW.redacted_at IS NULL OR {changed}
BEGIN
    SELECT RAISE(ABORT, 'the audit trail is append-only');
END;
""".format(changed=" OR ".join(f"NEW.{c} IS NOT OLD.{c}" for c in IMMUTABLE))
SQLITE_REVERSE = "DROP TRIGGER IF EXISTS audit_auditevent_append_only;"


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_audit_trail")]
    operations = [
        vendor_sql(
            {"postgresql": PG_FORWARD, "sqlite": SQLITE_FORWARD}, {"postgresql": PG_REVERSE, "sqlite": SQLITE_REVERSE}
        )
    ]
