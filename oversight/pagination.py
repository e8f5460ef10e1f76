"""Keyset ("newest first, then older") pagination on the audit trail's sequence number.

Offset pagination gets slower the further back you go; a keyset page costs the
same at entry 10 and entry 1,000,000."""

import datetime
from dataclasses import dataclass

from t4c_socialcheck.batches import cursor_position, rows_beyond


@dataclass(frozen=True)
class KeysetPage:
    rows: list
    older: int | None  # pass as ?before= for the next (older) page
    newer: int | None  # pass as ?after= for the previous (newer) page


def _cursor(value) -> int | None:
    try:
        number = int(value)
    except (TypeError, ValueError):
        return None
    return number if 0 < number < 2**62 else None


def keyset_page(queryset, params, *, size: int = 50, key: str = "seq") -> KeysetPage:
    before, after = _cursor(params.get("before")), _cursor(params.get("after"))
    if after is not None:
        rows = list(queryset.filter(**{f"{key}__gt": after}).order_by(key)[: size + 1])
        has_more_newer = len(rows) > size
        rows = list(reversed(rows[:size]))
        return KeysetPage(
            rows=rows,
            older=getattr(rows[-1], key) if rows else None,
            newer=getattr(rows[0], key) if rows and has_more_newer else None,
        )
    if before is not None:
        queryset = queryset.filter(**{f"{key}__lt": before})
    rows = list(queryset.order_by(f"-{key}")[: size + 1])
    has_more_older = len(rows) > size
    rows = rows[:size]
    return KeysetPage(
        rows=rows,
        older=getattr(rows[-1], key) if rows and has_more_older else None,
        newer=getattr(rows[0], key) if rows and before is not None else None,
    )


@dataclass(frozen=True)
class ListPage:
    """A page of a newest-first list keyed on (a time, pk); cursors are "<iso time>~<pk>"."""

    rows: list
    next_cursor: str | None  # older rows: pass as ?after=
    previous_cursor: str | None  # newer rows: pass as ?before=

    def __iter__(self):
        return iter(self.rows)

    def __len__(self):
        return len(self.rows)


LIST_PAGE = 50


def newest_first_page(queryset, params, *, field: str, size: int | None = None) -> ListPage:
    """One page of `queryset` newest first by (`field`, pk), after or before a cursor: one query
    (plus the queryset's own prefetches) whatever the page and however far back it is."""
    size = size or LIST_PAGE
    after = cursor_position(params.get("after"), datetime.datetime.fromisoformat)
    before = cursor_position(params.get("before"), datetime.datetime.fromisoformat)
    going_back = before is not None and after is None
    if going_back:
        queryset = rows_beyond(queryset, field, True, before).order_by(field, "pk")
    else:
        if after is not None:
            queryset = rows_beyond(queryset, field, False, after)
        queryset = queryset.order_by(f"-{field}", "-pk")
    rows = list(queryset[: size + 1])
    more, rows = len(rows) > size, rows[:size]
    if going_back:
        rows.reverse()
    if not rows:
        return ListPage([], None, None)

    def cursor(row):
        return f"{getattr(row, field).isoformat()}~{row.pk}"

    # Coming back there is always an older page (the one we came from); going on, always a newer one.
    return ListPage(
        rows,
        next_cursor=cursor(rows[-1]) if going_back or more else None,
        previous_cursor=cursor(rows[0]) if (more if going_back else after is not None) else None,
    )
