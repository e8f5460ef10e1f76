"""The pooler leg of .ci/run really goes through PgBouncer in transaction pooling
mode (DATABASE_POOLER=transaction), with Django's server-side cursors off."""

import os

import psycopg2
import pytest
from django.conf import settings
from django.db import connection

POOLER = os.environ.get("DATABASE_POOLER", "").strip().lower() == "transaction"

pytestmark = [
    pytest.mark.skipif(
        not POOLER, reason="only with DATABASE_POOLER=transaction: runs in the PgBouncer leg of .ci/run"
    ),
    pytest.mark.django_db,
]


def test_server_side_cursors_are_off():
    assert settings.DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] is True
    assert connection.settings_dict["DISABLE_SERVER_SIDE_CURSORS"] is True


def test_the_connection_goes_through_pgbouncer_to_postgresql():
    configured = int(connection.settings_dict["PORT"] or 5432)
    with connection.cursor() as cursor:
        cursor.execute("SELECT inet_server_port()")
        (server_port,) = cursor.fetchone()
    # The server the statement ran on listens on another port than the one we dialled: a hop.
    assert configured != server_port == 5432
    # And what listens on the dialled port is a PgBouncer in transaction pooling mode.
    admin = psycopg2.connect(
        dbname="pgbouncer",
        user=connection.settings_dict["USER"],
        host=connection.settings_dict["HOST"],
        port=configured,
    )
    admin.autocommit = True  # the admin console takes no transactions
    try:
        with admin.cursor() as cursor:
            cursor.execute("SHOW VERSION")
            assert "PgBouncer" in cursor.fetchone()[0]
            cursor.execute("SHOW CONFIG")
            config = {row[0]: row[1] for row in cursor.fetchall()}
        assert config["pool_mode"] == "transaction"
    finally:
        admin.close()


@pytest.mark.django_db(transaction=True)  # autocommit: each statement its own transaction
def test_consecutive_transactions_meet_different_server_sessions():
    """scripts/start-pgbouncer keeps several server sessions and hands them out
    in turn: one client's consecutive transactions do not share a session, so
    nothing that relies on session state can pass by luck."""
    pids = set()
    for _ in range(12):
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid()")
            pids.add(cursor.fetchone()[0])
    assert len(pids) > 1, "every transaction met the same server session: is this a session pooler?"
