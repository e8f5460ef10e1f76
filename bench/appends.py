"""Audit appends from several connections at once, nothing else: the chain's ceiling.

Shared by the read benchmark (its append ceiling) and bench/audit_rate.py."""

import threading
import time

from django.db import connection

from audit.models import Action
from audit.services import audit_record


def timed_appends(connections: int, each: int) -> tuple[float, list[Exception]]:
    """Seconds for `connections` threads, each on its own connection, to append `each` entries,
    and the errors they raised. Outside a transaction audit_record opens its own, so each
    entry is committed on its own, as a request's is."""
    errors: list[Exception] = []

    def appender():
        try:
            for i in range(each):
                audit_record(actor=None, action=Action.VIEW, record_type="bench", record_id=i, summary="bench append")
        except Exception as error:  # counted, not hidden
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=appender) for _ in range(connections)]
    begin = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return time.perf_counter() - begin, errors
