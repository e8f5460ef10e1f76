"""Small helpers for rendering GOV.UK form fields and times on the managers' pages."""

import datetime

from django import forms, template
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import mark_safe

from oversight.forms import DatePartsWidget

register = template.Library()

PART_LABELS = {"day": "Day", "month": "Month", "year": "Year", "hour": "Hour", "minute": "Minute"}
PART_WIDTHS = {"year": "govuk-input--width-4"}


@register.filter
def field_type(bound_field) -> str:
    widget = bound_field.field.widget
    if isinstance(widget, DatePartsWidget):
        return "date"
    if isinstance(widget, forms.CheckboxSelectMultiple):
        return "checkboxes"
    if isinstance(widget, forms.RadioSelect):
        return "radios"
    if isinstance(widget, forms.Textarea):
        return "textarea"
    if isinstance(widget, forms.Select):
        return "select"
    return "text"


@register.filter
def date_parts(bound_field) -> list[dict]:
    """Each box of a GOV.UK date (and time) input with what to show in it."""
    widget = bound_field.field.widget
    value = bound_field.value()
    if not isinstance(value, list | tuple):
        value = widget.decompress(value)
    values = [str(v or "") for v in value] + [""] * len(widget.parts)
    return [
        {
            "name": f"{bound_field.html_name}_{part}",
            "id": f"{bound_field.auto_id}_{part}",
            "label": PART_LABELS[part],
            "value": values[index],
            "width": PART_WIDTHS.get(part, "govuk-input--width-2"),
        }
        for index, part in enumerate(widget.parts)
    ]


@register.filter
def error_anchor(bound_field) -> str:
    """The id an error summary link points at: the first box, radio or checkbox of the field."""
    kind = field_type(bound_field)
    if kind == "date":
        return f"{bound_field.auto_id}_{bound_field.field.widget.parts[0]}"
    if kind in ("radios", "checkboxes"):
        return f"{bound_field.auto_id}_0"
    return bound_field.auto_id


@register.filter
def time_left(delta: datetime.timedelta | None) -> str:
    """ "2 days 3 hours", "5 hours 10 minutes", "12 minutes": plain words, no colour needed."""
    if delta is None:
        return ""
    minutes = max(int(abs(delta).total_seconds() // 60), 0)
    days, minutes = divmod(minutes, 24 * 60)
    hours, minutes = divmod(minutes, 60)
    words = []
    for number, unit in ((days, "day"), (hours, "hour"), (minutes, "minute")):
        if number:
            words.append(f"{number} {unit}{'' if number == 1 else 's'}")
    return " ".join(words[:2]) or "less than a minute"


@register.simple_tag
def now_local():
    return timezone.localtime()


OVERSIGHT_NAV = (
    ("oversight-dashboard", "Dashboard"),
    ("refusal-list", "Refusals"),
    ("incident-list", "Incidents"),
    ("ripa-list", "RIPA register"),
    ("audit-trail", "Audit trail"),
)


@register.simple_tag
def oversight_nav():
    return OVERSIGHT_NAV


@register.filter
def breakable_code(code) -> str:
    """A rule code such as APPLICANT_ALREADY_CHECKED may wrap after each underscore on a narrow screen."""
    return mark_safe(escape(code).replace("_", "_<wbr>"))  # noqa: S308 - escaped just before
