"""One call appends an entry to the chain on PostgreSQL (audit.chain.append).

Under the chain's advisory lock the function reads the head, stamps the time
and the next sequence number into the canonical JSON Python built around
them, hashes it exactly as audit.chain.content_hash and link_hash do, and
inserts the row. Statements in a PL/pgSQL function each take a new snapshot,
so the head read after the lock is the committed head.

Migrations must not change with the code: the lock key is written out here
(audit.chain.CHAIN_LOCK_KEY) and must stay the same there."""

from django.db import migrations

from t4c_socialcheck.migration_sql import vendor_sql

PG_FORWARD = """
CREATE OR REPLACE FUNCTION audit_append(
    before_at text, before_seq text, after_seq text,
    new_actor_id bigint, new_actor_username text, new_action text, new_record_type text, new_record_id text,
    new_household_id bigint, new_applicant_id bigint, new_team_id bigint, new_summary text,
    new_data jsonb, new_remote_addr inet
) RETURNS TABLE (id bigint, seq bigint, at timestamptz, prev_hash text, content_hash text, row_hash text)
LANGUAGE plpgsql AS $$
#variable_conflict use_column
DECLARE
    head_seq bigint;
    head_hash text;
    stamp timestamptz;
    content text;
    new_content_hash text;
BEGIN
    PERFORM pg_advisory_xact_lock(7304115);
    SELECT e.seq, e.row_hash INTO head_seq, head_hash FROM audit_auditevent e ORDER BY e.seq DESC LIMIT 1;
    IF NOT FOUND THEN
        head_seq := 0;
        head_hash := repeat('0', 64);
    END IF;
    stamp := clock_timestamp();
    -- The same text as Python's datetime.isoformat(timespec="microseconds") in UTC.
    content := before_at
        || '"' || to_char(stamp AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US') || '+00:00"'
        || before_seq || (head_seq + 1)::text || after_seq;
    new_content_hash := encode(sha256(convert_to(content, 'UTF8')), 'hex');
    RETURN QUERY
    INSERT INTO audit_auditevent AS e (
        seq, at, actor_id, actor_username, action, record_type, record_id, household_id, applicant_id,
        team_id, summary, data, remote_addr, content_hash, prev_hash, row_hash
    ) VALUES (
        head_seq + 1, stamp, new_actor_id, new_actor_username, new_action, new_record_type, new_record_id,
        new_household_id, new_applicant_id, new_team_id, new_summary, new_data, new_remote_addr,
        new_content_hash, head_hash, encode(sha256(convert_to(head_hash || new_content_hash, 'UTF8')), 'hex')
    )
    RETURNING e.id, e.seq, e.at, e.prev_hash::text, e.content_hash::text, e.row_hash::text;
END
$$;
"""
PG_REVERSE = """
DROP FUNCTION IF EXISTS audit_append(
    text, text, text, bigint, text, text, text, text, bigint, bigint, bigint, text, jsonb, inet
);
"""


class Migration(migrations.Migration):
    dependencies = [("audit", "0003_sign_in_security_actions")]
    operations = [vendor_sql({"postgresql": PG_FORWARD}, {"postgresql": PG_REVERSE})]
