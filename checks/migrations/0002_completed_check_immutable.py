"""The database itself refuses to change a completed check, or to move a started
one to another applicant, profile, consent, worker or account; on PostgreSQL it
also refuses to delete a check (retention takes a separate, audited path)."""

from django.db import migrations

from t4c_socialcheck.migration_sql import vendor_sql

KEY_COLUMNS = (
    "applicant_id",
    "profile_id",
    "consent_id",
    "worker_id",
    "viewing_account_id",
    "ripa_authorisation_id",
    "started_at",
    "purpose",
)

PG_FORWARD = """
CREATE OR REPLACE FUNCTION checks_socialcheck_guard() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        RAISE EXCEPTION 'social media checks are evidence and cannot be deleted'
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    IF OLD.completed_at IS NOT NULL THEN
        RAISE EXCEPTION 'a completed check cannot be changed; record a correction instead'
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    IF {changed} THEN
        RAISE EXCEPTION 'a started check keeps its applicant, profile, consent, worker and account'
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    RETURN NEW;
END
$$;
CREATE TRIGGER checks_socialcheck_guard
    BEFORE UPDATE OR DELETE ON checks_socialcheck
    FOR EACH ROW EXECUTE FUNCTION checks_socialcheck_guard();
""".format(changed=" OR ".join(f"NEW.{c} IS DISTINCT FROM OLD.{c}" for c in KEY_COLUMNS))

PG_REVERSE = """
DROP TRIGGER IF EXISTS checks_socialcheck_guard ON checks_socialcheck;
DROP FUNCTION IF EXISTS checks_socialcheck_guard();
"""

# SQLite (the embedded default): updates only, since its test flush deletes rows.
SQLITE_FORWARD = """
CREATE TRIGGER checks_socialcheck_guard BEFORE UPDATE ON checks_socialcheck
WHEN OLD.completed_at IS NOT NULL OR {changed}
BEGIN
    SELECT RAISE(ABORT, 'a completed check cannot be changed; record a correction instead');
END;
""".format(changed=" OR ".join(f"NEW.{c} IS NOT OLD.{c}" for c in KEY_COLUMNS))

SQLITE_REVERSE = "DROP TRIGGER IF EXISTS checks_socialcheck_guard;"


class Migration(migrations.Migration):
    dependencies = [("checks", "0001_initial")]
    operations = [
        vendor_sql(
            {"postgresql": PG_FORWARD, "sqlite": SQLITE_FORWARD}, {"postgresql": PG_REVERSE, "sqlite": SQLITE_REVERSE}
        )
    ]
