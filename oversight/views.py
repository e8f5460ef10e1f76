"""Managers', admins' and auditors' pages: thin views over selectors and services."""

import csv

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone

from accounts.models import Role
from audit.models import Action
from audit.selectors import audit_events_visible_to
from audit.services import audit_record
from checks.selectors import refusals_visible_to

from .filters import AuditEventFilter
from .pagination import keyset_page

OVERSIGHT_ROLES = (Role.MANAGER, Role.ADMIN, Role.AUDITOR)
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


def _require_oversight(user):
    if user.role not in OVERSIGHT_ROLES:
        raise PermissionDenied


def _filtered_trail(request: HttpRequest) -> tuple[AuditEventFilter, object]:
    """The filter form and its entries; none at all while a filter value is invalid,
    so a mistyped filter never passes for a complete answer."""
    trail_filter = AuditEventFilter(request.GET, queryset=audit_events_visible_to(request.user))
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
    page = keyset_page(entries.select_related("household"), request.GET)
    audit_record(
        actor=request.user,
        action=Action.VIEW,
        record_type="audit_trail",
        summary="Viewed the audit trail",
        data={"filters": _filters_used(trail_filter), "before": request.GET.get("before", "")},
        request=request,
    )
    query = request.GET.copy()
    for name in ("before", "after"):
        query.pop(name, None)
    return render(
        request,
        "oversight/audit_trail.html",
        {
            "filter": trail_filter,
            "page": page,
            "query": query.urlencode(),
        },
    )


class _Echo:
    """A file-like object csv.writer can write to, returning each line instead of storing it."""

    def write(self, value):
        return value


def _export_rows(queryset):
    writer = csv.writer(_Echo())
    yield writer.writerow(EXPORT_COLUMNS)
    for row in queryset.order_by("-seq").values_list(*EXPORT_COLUMNS).iterator(chunk_size=5000):
        values = list(row)
        values[1] = values[1].isoformat()
        # Neutralise spreadsheet formulas in free text (CSV injection).
        values = [f"'{v}" if isinstance(v, str) and v[:1] in ("=", "+", "-", "@") else v for v in values]
        yield writer.writerow(values)


@login_required
def audit_export(request: HttpRequest) -> HttpResponse:
    """The filtered trail as CSV, streamed row by row so memory stays flat."""
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
    response = StreamingHttpResponse(_export_rows(entries), content_type="text/csv; charset=utf-8")
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response["Content-Disposition"] = f'attachment; filename="audit-trail-{stamp}.csv"'
    return response


@login_required
def refusal_list(request: HttpRequest) -> HttpResponse:
    _require_oversight(request.user)
    refusals = refusals_visible_to(request.user).select_related(
        "user", "applicant__household", "profile__platform", "review"
    )[:200]
    return render(request, "oversight/refusal_list.html", {"refusals": refusals})
