"""Redaction may blank an entry's content columns and nothing else.

Under the `socialcheck.redaction` flag the PostgreSQL trigger now allows an
UPDATE only when every other column (actor, time, action, object, sequence,
hashes) is unchanged and the content columns take exactly their blank values;
SQLite's trigger says the same without the flag. SQLite also refuses DELETE,
as PostgreSQL always has. Triggers are replaced in place: no table rebuild."""

from importlib import import_module

from django.db import migrations, models

from t4c_socialcheck.migration_sql import vendor_sql

APPEND_ONLY = import_module("audit.migrations.0002_append_only")
REDACTED_SUMMARY = "[redacted under the retention policy]"  # audit.chain.REDACTED_SUMMARY, frozen here

# 0002 left the actor changeable under the flag: no longer.
FRAME = ("id", "actor_id", *APPEND_ONLY.IMMUTABLE)

PG_FUNCTION = """
CREATE OR REPLACE FUNCTION audit_auditevent_append_only() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE'
       AND coalesce(current_setting('socialcheck.redaction', true), '') = 'on'
       AND OLD.redacted_at IS NULL AND NEW.redacted_at IS NOT NULL
       AND NOT ({changed})
       AND NEW.summary = '{summary}' AND NEW.data = '{{}}'::jsonb
       AND NEW.remote_addr IS NULL AND NEW.actor_username = '' THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'the audit trail is append-only (redaction may only blank its content columns)'
        USING ERRCODE = 'integrity_constraint_violation';
END
$$;
""".format(changed=" OR ".join(f"NEW.{c} IS DISTINCT FROM OLD.{c}" for c in FRAME), summary=REDACTED_SUMMARY)
PG_REVERSE = [*APPEND_ONLY.PG_REVERSE.strip().splitlines(), APPEND_ONLY.PG_FORWARD]

SQLITE_FORWARD = [
    "DROP TRIGGER IF EXISTS audit_auditevent_append_only",
    """
CREATE TRIGGER audit_auditevent_append_only BEFORE UPDATE ON audit_auditevent
WHEN OLD.redacted_at IS NOT NULL OR NEW.redacted_at IS NULL OR {changed}
     OR NEW.summary IS NOT '{summary}' OR NEW.data IS NOT '{{}}'
     OR NEW.remote_addr IS NOT NULL OR NEW.actor_username IS NOT ''
BEGIN
    SELECT RAISE(ABORT, 'the audit trail is append-only (redaction may only blank its content columns)');
END;
""".format(changed=" OR ".join(f"NEW.{c} IS NOT OLD.{c}" for c in FRAME), summary=REDACTED_SUMMARY),
    """
CREATE TRIGGER audit_auditevent_no_delete BEFORE DELETE ON audit_auditevent
BEGIN
    SELECT RAISE(ABORT, 'the audit trail is append-only');
END;
""",
]
SQLITE_REVERSE = [
    "DROP TRIGGER IF EXISTS audit_auditevent_no_delete",
    APPEND_ONLY.SQLITE_REVERSE,
    APPEND_ONLY.SQLITE_FORWARD,
]


class Migration(migrations.Migration):
    dependencies = [("audit", "0006_drop_append_function")]
    operations = [
        migrations.AlterField(
            model_name="auditevent",
            name="action",
            field=models.CharField(
                choices=[
                    ("create", "Created"),
                    ("update", "Changed"),
                    ("delete", "Deleted"),
                    ("view", "Viewed"),
                    ("export", "Exported"),
                    ("sign_in", "Signed in"),
                    ("sign_in_failed", "Failed sign-in"),
                    ("locked_out", "Sign-in locked"),
                    ("two_factor", "Two-step verification"),
                    ("access_denied", "Access denied"),
                    ("check_started", "Check started"),
                    ("check_completed", "Check completed"),
                    ("check_refused", "Check refused"),
                    ("redact", "Redacted"),
                    ("chain_format", "Audit chain format changed"),
                    ("other", "Other"),
                ],
                max_length=20,
            ),
        ),
        vendor_sql({"postgresql": PG_FUNCTION, "sqlite": SQLITE_FORWARD}, {"postgresql": PG_REVERSE, "sqlite": SQLITE_REVERSE}),
    ]
