"""Small helpers for the page tests."""

import datetime
import re

from django.utils import timezone

from audit.models import Action, AuditEvent


def date_fields(name: str, day: datetime.date | None = None, *, d=None, m=None, y=None) -> dict:
    """The three boxes of a GOV.UK date input."""
    if day is not None:
        d, m, y = day.day, day.month, day.year
    return {
        f"{name}_0": "" if d is None else str(d),
        f"{name}_1": "" if m is None else str(m),
        f"{name}_2": "" if y is None else str(y),
    }


def yesterday() -> datetime.date:
    return timezone.localdate() - datetime.timedelta(days=1)


def tomorrow() -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=1)


def denials_of(obj) -> int:
    return AuditEvent.objects.filter(
        action=Action.ACCESS_DENIED, record_type=obj._meta.model_name, record_id=str(obj.pk)
    ).count()


def error_summary(response) -> str:
    """The text of the error summary, or "" when there is none."""
    html = response.content.decode()
    start = html.find('class="govuk-error-summary"')
    if start == -1:
        return ""
    return html[start : html.find("</ul>", start)]


def main_of(html: str) -> str:
    """The page's main landmark, where its content, Back link and breadcrumbs are."""
    start = html.index('<main class="govuk-main-wrapper" id="main-content">')
    return html[start : html.index("</main>", start)]


def breadcrumbs_of(html: str) -> list[tuple[str, str]]:
    """The page's GOV.UK breadcrumbs inside main, as (address, text) pairs; none if it has none."""
    main = main_of(html)
    if '<nav class="govuk-breadcrumbs" aria-label="Breadcrumb">' not in main:
        return []
    trail = main[main.index('<nav class="govuk-breadcrumbs"') : main.index("</nav>")]
    return re.findall(r'<a class="govuk-breadcrumbs__link" href="([^"]+)">([^<]+)</a>', trail)
