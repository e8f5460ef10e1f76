"""Reading a long table in keyset batches.

`.iterator()` needs a server-side cursor to keep memory flat, and a
server-side cursor cannot outlive a transaction behind a transaction-mode
pooler (settings disables them there, and psycopg2 then fetches the whole
result at once). Keyset batches — `WHERE key > last ORDER BY key LIMIT n`, one
ordinary query each — hold one batch in memory whatever the pooler, and cost
the same at the millionth row as at the first (no OFFSET)."""

from django.db.models import Q, QuerySet
from django.http import QueryDict

PAGE_CURSORS = ("before", "after")  # a keyset list's position in its query string


def keyset_rows(queryset: QuerySet, *fields: str, key: str, descending: bool = False, size: int = 2000, named=False):
    """Yield `values_list(*fields)` rows of `queryset` in `key` order, one batch of `size` at a time.
    `key` must be unique and among `fields`."""
    at = fields.index(key)
    order, beyond = (f"-{key}", f"{key}__lt") if descending else (key, f"{key}__gt")
    ordered = queryset.order_by(order)
    last = None
    while True:
        page = ordered if last is None else ordered.filter(**{beyond: last})
        batch = list(page.values_list(*fields, named=named)[:size])
        yield from batch
        if len(batch) < size:
            return
        last = batch[-1][at]


def cursor_position(cursor: str | None, parse) -> tuple | None:
    """A page cursor ("<value>~<pk>") read back, or None if it is not one (a bad cursor is the first page)."""
    if not cursor or "~" not in cursor:
        return None
    value, _, pk = cursor.rpartition("~")
    try:
        number = int(pk)
        return (parse(value), number) if 0 < number < 2**62 else None
    except ValueError:
        return None


def rows_beyond(queryset: QuerySet, field: str, upwards: bool, position: tuple) -> QuerySet:
    """The rows above (or below) `position` in the order (field, pk): one index range, no OFFSET."""
    value, pk = position
    op = "gt" if upwards else "lt"
    return queryset.filter(Q(**{f"{field}__{op}": value}) | Q(**{field: value, f"pk__{op}": pk}))


def query_without(query: QueryDict, *names: str) -> QueryDict:
    """A copy of a page's query string without `names` (its position in a list, say), for links
    that keep the filters."""
    kept = query.copy()
    for name in names:
        kept.pop(name, None)
    return kept
