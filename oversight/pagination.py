"""Keyset ("newest first, then older") pagination on the audit trail's sequence number.

Offset pagination gets slower the further back you go; a keyset page costs the
same at entry 10 and entry 1,000,000."""

from dataclasses import dataclass


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
