"""Racing attempts against each other, each in its own thread and database connection."""

import threading

from django.db import connection


def race(attempts):
    """Run each attempt in its own thread and connection, all released together."""
    barrier = threading.Barrier(len(attempts))
    outcomes, errors = [], []
    lock = threading.Lock()

    def run(attempt):
        try:
            barrier.wait(timeout=30)
            outcome = attempt()
            with lock:
                outcomes.append(outcome)
        except Exception as error:  # the test asserts none escaped
            with lock:
                errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(attempt,)) for attempt in attempts]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return outcomes, errors
