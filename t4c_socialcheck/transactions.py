"""An atomic block whose BEGIN and COMMIT travel with its own statements.

psycopg2 sends BEGIN, and Django's commit sends COMMIT, each as a round trip
of its own. Starting a check needs only two statements (read under the lock,
then write), and is measured against a bare form POST (bench/), so there the
two extra round trips were a third of its database time. Inside
`atomic_in_statements`:

- Django sees an ordinary outermost atomic block: nested atomics are
  savepoints, on_commit hooks run after the commit, errors roll back.
- psycopg2 is told not to send its own BEGIN and COMMIT. Instead, BEGIN goes
  in front of the block's first statement, and COMMIT either after the
  statement the caller names with `commit_with_next_statement()` or, if the
  caller named none, on its own when the block ends.
- Whatever goes wrong, the block ends with the transaction rolled back (or the
  connection closed), never left open for the next request.

Elsewhere (SQLite, already inside a transaction, or an isolation level other
than the default) it is `transaction.atomic`.
"""

import contextlib

from django.db import DEFAULT_DB_ALIAS, Error, connections, transaction
from django.db.transaction import TransactionManagementError

BEGIN = "BEGIN;\n"
COMMIT = "\n;COMMIT"


class _Plain:
    """The block is an ordinary `transaction.atomic`: nothing to carry."""

    def commit_with_next_statement(self) -> None:
        pass


class _CarriedTransaction:
    """An execute wrapper (Django's hook on every statement) that adds BEGIN and COMMIT."""

    def __init__(self, connection):
        self.connection = connection
        self.begun = self.committed = self.commit_next = False

    def commit_with_next_statement(self) -> None:
        """The next statement is the block's last write: it carries the COMMIT.
        Its result is then the COMMIT's, so it returns no rows."""
        self.commit_next = True

    def __call__(self, execute, sql, params, many, context):
        if self.committed:
            raise TransactionManagementError("A statement was sent after the transaction was committed.")
        if not self.begun:
            self.begun = True
            if many:
                execute(BEGIN, None, False, context)
            else:
                sql = BEGIN + sql
        if not self.commit_next or many:
            return execute(sql, params, many, context)
        result = execute(sql + COMMIT, params, many, context)
        self.committed = True  # only now: a statement that failed before its COMMIT left the transaction open
        return result

    def _send(self, statement: str) -> None:
        # The driver's cursor: Django refuses any statement once it has marked
        # the transaction for rollback, and the ROLLBACK must still be sent.
        with self.connection.wrap_database_errors, self.connection.connection.cursor() as cursor:
            cursor.execute(statement)

    def finish(self) -> None:
        if self.begun and not self.committed:
            self._send("COMMIT")
            self.committed = True

    def abandon(self) -> None:
        if not self.begun or self.committed:
            return
        try:
            self._send("ROLLBACK")
        except Error:
            # The connection is gone (the server rolled back) or unusable: drop it.
            self.connection.close()


@contextlib.contextmanager
def atomic_in_statements(using: str = DEFAULT_DB_ALIAS):
    """`transaction.atomic()`, in two fewer round trips on PostgreSQL. Yields an
    object whose `commit_with_next_statement()` lets the last write carry the COMMIT."""
    connection = connections[using]
    if (
        connection.vendor != "postgresql"
        or connection.in_atomic_block
        or not connection.get_autocommit()
        # psycopg2 would begin with the isolation level asked for; a bare BEGIN cannot.
        or connection.settings_dict["OPTIONS"].get("isolation_level") is not None
    ):
        with transaction.atomic(using=using):
            yield _Plain()
        return
    with transaction.atomic(using=using):
        carried = _CarriedTransaction(connection)
        driver = connection.connection
        driver.autocommit = True  # psycopg2 sends no BEGIN; Django's commit finds nothing to send
        try:
            with connection.execute_wrapper(carried):
                yield carried
            carried.finish()
        except BaseException:
            carried.abandon()
            raise
        finally:
            if not driver.closed:
                driver.autocommit = False
