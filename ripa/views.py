"""The RIPA register's pages: the central record (per council or the whole agency),
a print-friendly copy, the Commissioner's yearly statistics, and one application's
record with its reviews, renewals, cancellation and the views made under it.
Read-only: managers, admins (without subjects' names) and auditors; changes go
through the API's endpoints, which call ripa.services."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from accounts.models import Role
from audit.models import Action
from audit.services import audit_access, audit_denied, audit_record
from cases.models import LocalAuthority
from oversight.access import require_oversight

from .forms import RegisterFilterForm, StatisticsForm
from .models import RipaApplication
from .selectors import (
    DISPLAY_STATUS,
    applications_visible_to,
    cancellation_of,
    chain_q,
    council_year_statistics,
    display_status,
    filter_register,
    overdue_reviews,
    register_row,
    reviews_due,
    sees_subjects,
    views_under,
    with_register_details,
)


def _rows(request):
    require_oversight(request.user)
    form = RegisterFilterForm(request.GET)
    wanted = form.wanted()
    today = timezone.localdate()
    applications = filter_register(applications_visible_to(request.user), wanted, today) if wanted else []
    subjects = sees_subjects(request.user)
    rows = [(a, register_row(a, subjects=subjects, today=today), bool(overdue_reviews(a, today))) for a in applications]
    return form, rows


def _context(request, form, rows) -> dict:
    return {
        "filter_form": form,
        "rows": rows,
        "statuses": DISPLAY_STATUS,
        "query": request.GET.urlencode(),
        "sees_subjects": sees_subjects(request.user),
        "page_has_errors": bool(form.errors),
    }


@login_required
@require_safe
def register(request: HttpRequest) -> HttpResponse:
    form, rows = _rows(request)
    return render(request, "ripa/register.html", _context(request, form, rows))


@login_required
@require_safe
def register_print(request: HttpRequest) -> HttpResponse:
    form, rows = _rows(request)
    audit_record(
        actor=request.user,
        action=Action.EXPORT,
        record_type="ripa_register",
        summary=f"RIPA register printed: {len(rows)} applications",
        data={"count": len(rows), "query": request.GET.urlencode()[:500]},
        request=request,
    )
    return render(request, "ripa/register_print.html", _context(request, form, rows))


@login_required
@require_safe
def statistics(request: HttpRequest) -> HttpResponse:
    require_oversight(request.user)
    form = StatisticsForm(request.GET)
    year = form.chosen_year()
    councils = LocalAuthority.objects.order_by("name")
    figures = [(council, council_year_statistics(council, year)) for council in councils] if year else []
    return render(
        request,
        "ripa/statistics.html",
        {"year": year, "figures": figures, "form": form, "page_has_errors": bool(form.errors)},
    )


@login_required
@require_safe
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    require_oversight(request.user)
    # Admins see the register's rows without names, but no application's record: it is a case record.
    queryset = (
        applications_visible_to(request.user) if request.user.role != Role.ADMIN else RipaApplication.objects.none()
    )
    application = with_register_details(queryset).select_related("applicant__household").filter(pk=pk).first()
    if application is None:
        existing = RipaApplication.objects.filter(pk=pk).first()
        if existing is not None:
            audit_denied(user=request.user, obj=existing, request=request)
        raise Http404
    if request.user.role not in (Role.MANAGER, Role.AUDITOR):
        raise PermissionDenied
    audit_access(user=request.user, obj=application, request=request)
    today = timezone.localdate()
    views = list(views_under(application))
    return render(
        request,
        "ripa/detail.html",
        {
            "application": application,
            "row": register_row(application, subjects=True, today=today),
            "status": display_status(application, today),
            "statuses": DISPLAY_STATUS,
            "reviews_due": reviews_due(application),
            "overdue": overdue_reviews(application, today),
            "cancellation": cancellation_of(application),
            "views": views,
            "surveillance_period": (views[0].started_at, views[-1].started_at) if views else None,
            "chain": RipaApplication.objects.filter(chain_q(application.root_id)).order_by("pk"),
        },
    )
