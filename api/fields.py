"""Serializer fields that take JSON as it is: an id is a JSON integer, a flag a
JSON boolean, a text a JSON string. DRF's own fields coerce ("12" -> 12,
"yes" -> True, 12 -> "12"); the contract says a wrong JSON type is 400 INVALID."""

import datetime
import re

from django.utils import timezone
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.fields import empty

from t4c_socialcheck.limits import MAX_ID
from t4c_socialcheck.validators import NoControlCharacters

_DATE_ONLY = re.compile(r"\d{4}-\d{2}-\d{2}")
# RFC 3339 date-times (the schema's `date-time`), with an offset: nothing DRF would also read.
_RFC3339 = re.compile(r"\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d{1,6})?([Zz]|[+-]\d{2}:\d{2})")
# The schema's statement of the years accepted, 1900 to 2199 (BoundedDateField).
YEARS_1900_TO_2199 = "^(19|20|21)[0-9]{2}-"
DATE_SCHEMA = {"type": "string", "format": "date", "pattern": YEARS_1900_TO_2199}
DATE_TIME_SCHEMA = {"type": "string", "format": "date-time", "pattern": YEARS_1900_TO_2199}
MOMENT_SCHEMA = {"type": "string", "anyOf": [DATE_SCHEMA, DATE_TIME_SCHEMA]}


class StrictIntegerField(serializers.IntegerField):
    default_error_messages = {"invalid": "Must be a whole number."}

    def to_internal_value(self, data):
        if isinstance(data, bool) or not isinstance(data, int):
            self.fail("invalid")
        return super().to_internal_value(data)


class IdField(StrictIntegerField):
    """A database id, 1 to MAX_ID. The bounds are checked here, not by
    validators: DRF would build two for every id field of every request."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.min_value, self.max_value = 1, MAX_ID  # for the schema, as IntegerField sets them

    def to_internal_value(self, data):
        value = super().to_internal_value(data)
        if value < self.min_value:
            self.fail("min_value", min_value=self.min_value)
        if value > self.max_value:
            self.fail("max_value", max_value=self.max_value)
        return value


class QueryIdField(serializers.IntegerField):
    """An id in the query string, where everything arrives as text."""

    def __init__(self, **kwargs):
        super().__init__(min_value=1, max_value=MAX_ID, required=False, **kwargs)


class QueryBooleanField(serializers.BooleanField):
    """A flag in the query string: `true` or `false`; left out, no filter (never null)."""

    default_empty_html = empty
    default_error_messages = {"invalid": "Must be true or false."}

    def __init__(self, **kwargs):
        super().__init__(required=False, **kwargs)

    def to_internal_value(self, data):
        if data not in ("true", "false"):
            self.fail("invalid")
        return data == "true"


class StrictBooleanField(serializers.BooleanField):
    default_error_messages = {"invalid": "Must be true or false."}

    def to_internal_value(self, data):
        if not isinstance(data, bool):
            self.fail("invalid")
        return data


class StrictCharField(serializers.CharField):
    """A JSON string, refusing control characters as the pages do (t4c_socialcheck.validators);
    `single_line` also refuses tabs and line breaks, as a one-line box does."""

    default_error_messages = {"invalid": "Must be a string."}

    def __init__(self, *, single_line: bool = False, **kwargs):
        super().__init__(**kwargs)
        # The schema's pattern also states that text which may not be blank has a character
        # other than white space (DRF trims it, then refuses it blank).
        self.validators.append(NoControlCharacters(multiline=not single_line, blank=self.allow_blank))

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid")
        return super().to_internal_value(data)


@extend_schema_field(DATE_SCHEMA)
class BoundedDateField(serializers.DateField):
    """A date the agency could mean: the services do calendar arithmetic (a RIPA
    authorisation's three months) that would overflow at the edge of the calendar."""

    EARLIEST = datetime.date(1900, 1, 1)
    LATEST = datetime.date(2199, 12, 31)
    default_error_messages = {"range": "Enter a date between 1900 and 2199."}

    def to_internal_value(self, value):
        if not isinstance(value, str):
            self.fail("invalid", format="YYYY-MM-DD")
        day = super().to_internal_value(value)
        if not self.EARLIEST <= day <= self.LATEST:
            self.fail("range")
        return day


class UtcDateTimeField(serializers.DateTimeField):
    """Date-times out in UTC ("...Z"): unambiguous, and RFC 3339 for any year
    (London's local time before 1847 has an offset in seconds, which is not)."""

    def __init__(self, **kwargs):
        super().__init__(default_timezone=datetime.UTC, **kwargs)


@extend_schema_field(DATE_TIME_SCHEMA)
class BoundedDateTimeField(serializers.DateTimeField):
    """An RFC 3339 date-time with its offset (as the schema's `date-time`), in 1900 to 2199
    as written (the schema's pattern)."""

    default_error_messages = {
        "range": "Enter a date and time between 1900 and 2199.",
        "rfc3339": "Enter a date and time as YYYY-MM-DDThh:mm:ss with its offset (Z or +hh:mm).",
    }

    def to_internal_value(self, value):
        if not isinstance(value, str) or not _RFC3339.fullmatch(value):
            self.fail("rfc3339")
        if not BoundedDateField.EARLIEST.year <= int(value[:4]) <= BoundedDateField.LATEST.year:
            self.fail("range")
        return super().to_internal_value(value.upper())


@extend_schema_field(MOMENT_SCHEMA)
class MomentField(BoundedDateTimeField):
    """A query bound: an RFC 3339 date-time, or a date meaning the start of
    that local day (or, with `end_of_day`, its last moment); 1900 to 2199."""

    def __init__(self, *, end_of_day=False, **kwargs):
        self.end_of_day = end_of_day
        super().__init__(**kwargs)

    def to_internal_value(self, value):
        if isinstance(value, str) and _DATE_ONLY.fullmatch(value):
            day = BoundedDateField().run_validation(value)
            moment = datetime.datetime.combine(day, datetime.time.max if self.end_of_day else datetime.time.min)
            return timezone.make_aware(moment)
        return super().to_internal_value(value)
