"""The RIPA register: the central record of directed surveillance authorisations, their
reviews, renewals and cancellations, and every view made under each."""

import datetime

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import Count, Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from audit.services import audit_access, audit_denied
from cases.models import Applicant
from cases.scope import applicants_visible_to, households_visible_to
from checks.models import RipaAuthorisation, RipaReview, SocialCheck
from checks.selectors import ripa_authorisations_visible_to
from checks.services import ripa_authorisation_record, ripa_max_valid_to, ripa_review_record
from platforms.models import SocialProfile
from t4c_socialcheck.errors import Conflict
from web.helpers import Done, submit_once

from .access import page_of, query_without_page, record_or_404, require_manager, require_oversight
from .dashboard import EXPIRING_DAYS, sees_case_records
from .forms import HouseholdLookupForm, RipaAuthorisationForm, RipaFilterForm, RipaReviewForm

REFERENCE_USED = "An authorisation with this reference is already recorded."
# The form's fields the register records as typed.
AUTHORISATION_FIELDS = ("reference", "authorising_officer", "magistrate_approved_on", "valid_from", "valid_to")


def ripa_status(authorisation: RipaAuthorisation, today: datetime.date) -> tuple[str, str]:
    """(key, words) for a tag: the words carry the meaning, the colour only repeats it."""
    if authorisation.cancelled_at is not None:
        return "cancelled", "Cancelled"
    if authorisation.valid_to < today:
        return "ended", "Ended"
    if authorisation.valid_from > today:
        return "not_started", "Not started"
    if authorisation.valid_to <= today + datetime.timedelta(days=EXPIRING_DAYS):
        return "expiring", f"Expires within {EXPIRING_DAYS} days"
    return "valid", "Valid"


@login_required
def ripa_list(request: HttpRequest) -> HttpResponse:
    require_oversight(request.user)
    filter_form = RipaFilterForm(request.GET)
    authorisations = filter_form.filtered(
        ripa_authorisations_visible_to(request.user)
        .select_related("applicant__household")
        .annotate(views=Count("social_checks"))
        .order_by("-valid_to", "-pk")
    )
    page = page_of(request, authorisations)
    today = timezone.localdate()
    return render(
        request,
        "oversight/ripa_list.html",
        {
            "filter_form": filter_form,
            "page": page,
            "rows": [(a, ripa_status(a, today)) for a in page],
            "query": query_without_page(request),
            "sees_cases": sees_case_records(request.user),
            "may_record": request.user.is_manager,
            "page_has_errors": bool(filter_form.errors),
        },
    )


def _authorisation(request, pk):
    return record_or_404(
        request,
        ripa_authorisations_visible_to(request.user)
        .select_related("applicant__household__team", "created_by", "cancelled_by")
        .prefetch_related(
            Prefetch("profiles", queryset=SocialProfile.objects.select_related("platform").order_by("pk")),
            Prefetch("reviews", queryset=RipaReview.objects.select_related("recorded_by").order_by("on", "pk")),
            Prefetch(
                "social_checks",
                queryset=SocialCheck.objects.select_related("worker", "profile__platform").order_by("started_at", "pk"),
            ),
        ),
        pk,
    )


def _show_authorisation(request, authorisation, form=None):
    audit_access(user=request.user, obj=authorisation, request=request)
    may_record = request.user.is_manager and authorisation.cancelled_at is None
    if form is None and may_record:
        form = RipaReviewForm()
    today = timezone.localdate()
    return render(
        request,
        "oversight/ripa_detail.html",
        {
            "authorisation": authorisation,
            "status": ripa_status(authorisation, today),
            "renewal_limit": ripa_max_valid_to(authorisation.valid_to),
            "review_form": form if form is not None and (may_record or form.errors) else None,
            "error_form": form if form is not None and form.errors else None,
            "page_has_errors": form is not None and bool(form.errors),
        },
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def ripa_detail(request: HttpRequest, pk: int) -> HttpResponse:
    authorisation = _authorisation(request, pk)
    if request.method != "POST":
        return _show_authorisation(request, authorisation)
    require_manager(request, authorisation)
    form = RipaReviewForm(request.POST)

    def record(data):
        review = ripa_review_record(
            user=request.user,
            authorisation_id=authorisation.pk,
            kind=data["kind"],
            on=data["on"],
            notes=data["notes"],
            renewed_to=data["renewed_to"],
        )
        return Done(reverse("ripa-detail", args=[authorisation.pk]), f"{review.get_kind_display()} recorded.")

    response = submit_once(request, form, record)
    if response is not None:
        return response
    return _show_authorisation(request, _authorisation(request, pk), form)


def _applicant_for_new(request) -> Applicant | None:
    raw = request.GET.get("applicant") or request.POST.get("applicant")
    if raw is None:
        return None
    try:
        pk = int(raw)
    except (TypeError, ValueError):
        raise Http404 from None
    try:
        return applicants_visible_to(request.user).select_related("household").get(pk=pk)
    except Applicant.DoesNotExist:
        existing = Applicant.objects.filter(pk=pk).first()
        if existing is not None:
            audit_denied(user=request.user, obj=existing, request=request)
        raise Http404 from None


def _choose_applicant(request) -> HttpResponse:
    """No applicant yet: find the household by its reference, then pick the applicant."""
    lookup = HouseholdLookupForm(request.GET if "household" in request.GET else None)
    household = None
    if lookup.is_bound and lookup.is_valid():
        household = (
            households_visible_to(request.user)
            .filter(reference__iexact=lookup.cleaned_data["household"].strip())
            .prefetch_related("applicants")
            .first()
        )
        if household is None:
            lookup.add_error("household", "No household with this reference is in your teams")
    return render(
        request,
        "oversight/ripa_choose_applicant.html",
        {
            "lookup_form": lookup,
            "household": household,
            "error_form": lookup if lookup.errors else None,
            "page_has_errors": bool(lookup.errors),
        },
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def ripa_new(request: HttpRequest) -> HttpResponse:
    """Record an authorisation a magistrate approved. Managers only."""
    if not request.user.is_manager:
        raise PermissionDenied
    applicant = _applicant_for_new(request)
    if applicant is None:
        if request.method == "POST":
            raise Http404
        return _choose_applicant(request)
    profiles = list(applicant.profiles.select_related("platform").order_by("pk"))
    form = RipaAuthorisationForm(request.POST if request.method == "POST" else None, profiles=profiles)

    def record(data):
        try:
            with transaction.atomic():
                authorisation = ripa_authorisation_record(
                    user=request.user,
                    applicant_id=applicant.pk,
                    profile_ids=data["profiles"],
                    **{name: data[name] for name in AUTHORISATION_FIELDS},
                )
        except IntegrityError:
            # Two submissions at once: the unique reference lets the first in.
            raise Conflict(REFERENCE_USED, fields={"reference": [REFERENCE_USED]}) from None
        return Done(
            reverse("ripa-detail", args=[authorisation.pk]), f"RIPA authorisation {authorisation.reference} recorded."
        )

    if request.method == "POST":
        response = submit_once(request, form, record)
        if response is not None:
            return response
    return render(
        request,
        "oversight/ripa_new.html",
        {
            "applicant": applicant,
            "profiles": profiles,
            "authorisation_form": form,
            "error_form": form if form.errors else None,
            "page_has_errors": bool(form.errors),
        },
    )
