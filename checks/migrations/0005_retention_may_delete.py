"""Retention is the one path that may delete checks and refusals: it sets
`socialcheck.retention` for its transaction (see dataprotection.retention),
which also redacts their audit entries so the chain stays verifiable."""

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
RETENTION = "coalesce(current_setting('socialcheck.retention', true), '') = 'on'"

PG_FORWARD = """
CREATE OR REPLACE FUNCTION checks_socialcheck_guard() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        IF {retention} THEN
            RETURN OLD;
        END IF;
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
CREATE OR REPLACE FUNCTION checks_refusal_append_only() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' AND {retention} THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION 'refusals are evidence and cannot be changed or deleted'
        USING ERRCODE = 'integrity_constraint_violation';
END
$$;
""".format(retention=RETENTION, changed=" OR ".join(f"NEW.{c} IS DISTINCT FROM OLD.{c}" for c in KEY_COLUMNS))


class Migration(migrations.Migration):
    dependencies = [("checks", "0004_refusals_append_only")]
    # Reversing leaves the more permissive functions in place; 0002/0004 reversal drops them.
    operations = [vendor_sql({"postgresql": PG_FORWARD})]
