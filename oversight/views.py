"""Managers', admins' and auditors' pages: thin views over selectors and services.

This module holds the dashboard and the audit trail; refusals, incidents and the
RIPA register have a module each."""

import csv

from django.contrib.auth.decorators import login_required
from django.db.models import OuterRef, Subquery
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, StreamingHttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.dateformat import format as date_format

from audit.models import Action
from audit.selectors import audit_events_visible_to, content_for
from audit.services import audit_record
from cases.scope import households_visible_to
from t4c_socialcheck.batches import PAGE_CURSORS, keyset_rows, query_without

from .access import require_oversight
from .charts import bar_chart
from .dashboard import EXPIRING_DAYS, dashboard_figures, sees_case_records
from .filters import AuditEventFilter
from .pagination import keyset_page
from .templatetags.oversight_tags import rule_label
from .trail import collapse_views, name_records

EXPORT_COLUMNS = (
    "seq",
    "at",
    "actor_username",
    "action",
    "record_type",
    "record_id",
    "household_id",
    "applicant_id",
    "summary",
    "remote_addr",
    "row_hash",
)


_require_oversight = require_oversight


def with_household_reference(entries, user):
    """Entries with `household_reference`: the household's reference when the user may
    see that household, otherwise empty (the page then shows its id): never a
    reference, nor so a name, out of the user's scope."""
    visible = households_visible_to(user).filter(pk=OuterRef("household_id")).values("reference")[:1]
    return entries.annotate(household_reference=Subquery(visible))


def _filtered_trail(request: HttpRequest) -> tuple[AuditEventFilter, object]:
    """The filter form and its entries; none at all while a filter value is invalid,
    so a mistyped filter never passes for a complete answer."""
    trail_filter = AuditEventFilter(request.GET, queryset=audit_events_visible_to(request.user), request=request)
    entries = trail_filter.qs if trail_filter.form.is_valid() else trail_filter.queryset.none()
    return trail_filter, entries


def _filters_used(trail_filter: AuditEventFilter) -> dict:
    if not trail_filter.is_bound or not trail_filter.form.is_valid():
        return {}
    return {k: str(v) for k, v in trail_filter.form.cleaned_data.items() if v not in (None, "")}


@login_required
def audit_trail(request: HttpRequest) -> HttpResponse:
    _require_oversight(request.user)
    trail_filter, entries = _filtered_trail(request)
    page = keyset_page(with_household_reference(entries, request.user).select_related("actor"), request.GET)
    name_records(request.user, page.rows)
    for event in page.rows:
        event.shown_summary, _ = content_for(
            request.user,
            action=event.action,
            record_type=event.record_type,
            record_id=event.record_id,
            summary=event.summary,
            data=event.data,
        )
    audit_record(
        actor=request.user,
        action=Action.VIEW,
        record_type="audit_trail",
        summary="Viewed the audit trail",
        data={"filters": _filters_used(trail_filter), "before": request.GET.get("before", "")},
        request=request,
    )
    return render(
        request,
        "oversight/audit_trail.html",
        {
            "filter": trail_filter,
            "page": page,
            "rows": collapse_views(page.rows),
            "query": query_without(request.GET, *PAGE_CURSORS).urlencode(),
            "selected": trail_filter.form.selected(request.GET),
            "page_has_errors": bool(trail_filter.form.errors),
        },
    )


class _Lines:
    """A file-like object csv.writer writes to: it keeps the lines written since they were last taken."""

    def __init__(self):
        self.lines: list[str] = []

    def write(self, line: str) -> None:
        self.lines.append(line)

    def take(self) -> str:
        text = "".join(self.lines)
        self.lines.clear()
        return text


SUMMARY = EXPORT_COLUMNS.index("summary")
# Rows per keyset batch and per chunk sent: the export holds one such batch at a time, whatever the trail's length.
EXPORT_BATCH = 500


def _export_rows(queryset, user):
    """The CSV, one chunk per batch of rows (not one per row: a write each would cost more than the row)."""
    lines = _Lines()
    writer = csv.writer(lines)
    writer.writerow(EXPORT_COLUMNS)
    for row in keyset_rows(queryset, *EXPORT_COLUMNS, key="seq", descending=True, size=EXPORT_BATCH):
        values = list(row)
        values[1] = values[1].isoformat()
        values[SUMMARY], _ = content_for(
            user, action=row[3], record_type=row[4], record_id=row[5], summary=row[SUMMARY], data=None
        )
        # Neutralise spreadsheet formulas in free text (CSV injection).
        writer.writerow([f"'{v}" if isinstance(v, str) and v[:1] in ("=", "+", "-", "@") else v for v in values])
        if len(lines.lines) >= EXPORT_BATCH:
            yield lines.take()
    if lines.lines:
        yield lines.take()


@login_required
def audit_export(request: HttpRequest) -> HttpResponse:
    """The filtered trail as CSV, streamed in keyset batches so memory stays flat (t4c_socialcheck.batches)."""
    _require_oversight(request.user)
    trail_filter, entries = _filtered_trail(request)
    if not trail_filter.form.is_valid():
        return HttpResponseBadRequest("A filter value is not valid. Correct it on the audit trail page, then export.")
    audit_record(
        actor=request.user,
        action=Action.EXPORT,
        record_type="audit_trail",
        summary="Exported the audit trail as CSV",
        data={"filters": _filters_used(trail_filter)},
        request=request,
    )
    response = StreamingHttpResponse(_export_rows(entries, request.user), content_type="text/csv; charset=utf-8")
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response["Content-Disposition"] = f'attachment; filename="audit-trail-{stamp}.csv"'
    return response


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    """Summary cards and charts, each chart followed by a table of the same figures."""
    require_oversight(request.user)
    figures = dashboard_figures(request.user)
    charts = {
        "refusals": bar_chart(
            chart_id="chart-refusals",
            title="Refused checks by the first rule that refused them",
            rows=[(rule_label(code), n) for code, n, _ in figures.refusals_by_code],
        ),
        "incidents": bar_chart(
            chart_id="chart-incidents",
            title="Open incidents by kind",
            rows=[(label, n) for _, label, n in figures.open_incidents_by_kind],
        ),
    }
    if sees_case_records(request.user):
        charts["checks"] = bar_chart(
            chart_id="chart-checks",
            title="Checks started per month, last 12 months",
            rows=[(date_format(month, "M Y"), n) for month, n in figures.checks_by_month],
        )
        charts["consents"] = bar_chart(
            chart_id="chart-consents",
            title="Applicants by consent to a social media check",
            rows=[(label, n) for _, label, n in figures.consents],
        )
    return render(
        request,
        "oversight/dashboard.html",
        {
            "figures": figures,
            "charts": charts,
            "cards": _cards(figures, sees_cases=sees_case_records(request.user)),
            "sees_cases": sees_case_records(request.user),
        },
    )


def _plural(n: int, one: str, many: str) -> str:
    return one if n == 1 else many


def _cards(figures, *, sees_cases: bool) -> list[dict]:
    n = figures.refusals_unreviewed
    cards = [
        {
            "title": "Refusals to review",
            "number": n,
            "words": _plural(n, "refused check not yet reviewed", "refused checks not yet reviewed"),
            "href": reverse("refusal-list") + "?review=not_reviewed",
            "link": "See refusals to review",
        },
        {
            "title": "Open incidents",
            "number": figures.open_incidents,
            "words": _plural(
                figures.open_incidents, "incident open or being investigated", "incidents open or being investigated"
            ),
            "extra": f"{figures.ico_overdue} past the 72-hour deadline to report to the ICO"
            if figures.ico_overdue
            else "",
            "href": reverse("incident-list") + "?status=active",
            "link": "See open incidents",
        },
    ]
    if sees_cases:
        n = figures.late_checks_count
        cards += [
            {
                "title": "Checks not completed",
                "number": n,
                "words": f"{_plural(n, 'check', 'checks')} in progress for more than {figures.late_after_hours} hours",
                "href": "#late-checks",
                "link": "See which checks",
            },
            {
                "title": "Voided checks",
                "number": figures.voided_checks,
                "words": _plural(
                    figures.voided_checks, "check voided by a second manager", "checks voided by a second manager"
                ),
                "href": reverse("void-list"),
                "link": "See voided checks",
            },
            {
                "title": "RIPA authorisations",
                "number": figures.ripa_expiring,
                "words": f"expiring within {EXPIRING_DAYS} days",
                "href": reverse("ripa-list") + "?status=in_force",
                "link": "See the RIPA register",
            },
        ]
    return cards
