"""The public privacy notices (no sign-in) and the Article 30 record of processing."""

import csv

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from accounts.models import Role
from cases.models import LocalAuthority

from .notice import privacy_notice_context
from .notice import record_of_processing as processing_rows

RECORD_READERS = (Role.MANAGER, Role.ADMIN, Role.AUDITOR)


def privacy_index(request: HttpRequest) -> HttpResponse:
    return render(request, "dataprotection/privacy_index.html", {"councils": LocalAuthority.objects.order_by("name")})


def privacy_notice(request: HttpRequest, slug: str) -> HttpResponse:
    council = get_object_or_404(LocalAuthority, slug=slug)
    return render(request, "dataprotection/privacy_notice.html", privacy_notice_context(council))


def _council_for_record(request, slug) -> LocalAuthority:
    if request.user.role not in RECORD_READERS:
        raise PermissionDenied("Only managers, admins and the data protection officer read the record of processing.")
    return get_object_or_404(LocalAuthority, slug=slug)


@login_required
def record_of_processing(request: HttpRequest, slug: str) -> HttpResponse:
    council = _council_for_record(request, slug)
    return render(
        request, "dataprotection/record_of_processing.html", {"council": council, "rows": processing_rows(council)}
    )


@login_required
def record_of_processing_csv(request: HttpRequest, slug: str) -> HttpResponse:
    council = _council_for_record(request, slug)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="record-of-processing-{council.slug}.csv"'
    writer = csv.writer(response)
    writer.writerow(["field", "value"])
    writer.writerows(processing_rows(council))
    return response
