"""Querysets built once per thread.

A query asked on every request costs Django more to build (resolving each
filter and annotation) than the database to run. When its annotations name
no value of the request (only columns of the outer row, through `OuterRef`),
it can be built once and filtered per request: chaining a queryset copies it,
and the built one is never evaluated. Once per *thread*, because the built
expressions are shared by every copy, and compiling one is not guarded
against another thread compiling it at the same time.
"""

import functools
import threading


def built_once_per_thread(builder):
    """Decorate a function returning a queryset: it runs once per thread and
    arguments; each call returns a fresh copy of what it built."""
    local = threading.local()

    @functools.wraps(builder)
    def built(*args):
        cache = getattr(local, "querysets", None)
        if cache is None:
            cache = local.querysets = {}
        if args not in cache:
            cache[args] = builder(*args)
        return cache[args].all()

    return built
