"""Limits that are not a model field's own: a field's limit lives on the field,
and forms and serializers ask for it with `max_length`."""

# Ids are 64-bit database keys: anything larger cannot exist, and would be a
# database error rather than "not found" if it reached a query.
MAX_ID = 2**63 - 1


def max_length(model, field_name: str) -> int:
    """The limit a model field declares, for the form or serializer that fills it."""
    return model._meta.get_field(field_name).max_length


def as_id(value) -> int | None:
    """A database id from a number or its text, or None if it cannot be one."""
    try:
        value = int(value)
    except (TypeError, ValueError):
        return None
    return value if 0 < value <= MAX_ID else None
