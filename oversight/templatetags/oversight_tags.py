"""Small helpers for times, navigation and rule codes on the managers' pages (forms render through crispy-forms-gds)."""

import datetime

from django import template
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import mark_safe

register = template.Library()


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
    ("void-list", "Voided checks"),
    ("ripa-list", "RIPA register"),
    ("audit-trail", "Audit trail"),
    ("training-status", "Training"),
    ("policy-acceptance", "Policy acceptance"),
    ("annual-report-choose", "Annual report"),
)


@register.simple_tag
def oversight_nav():
    return OVERSIGHT_NAV


@register.filter
def breakable_code(code) -> str:
    """A rule code such as APPLICANT_ALREADY_CHECKED may wrap after each underscore on a narrow screen."""
    return mark_safe(escape(code).replace("_", "_<wbr>"))  # noqa: S308 - escaped just before


@register.filter
def rule_label(code) -> str:
    """A rule's code in words (checks.rules: each Rule's `label`); a code no rule has, as it is."""
    from checks.rules import RULE_BY_CODE, RefusalCode

    try:
        return RULE_BY_CODE[RefusalCode(code)].label
    except (ValueError, KeyError):
        return str(code)
