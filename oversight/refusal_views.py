"""Refused checks: the list, one refusal's evidence, a manager's review and opening an incident from it."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from audit.services import audit_access
from cases.models import Applicant
from checks.rules import DECLARATIONS, rule_for
from checks.selectors import refusals_visible_to
from checks.services import refusal_review
from incidents.models import Incident
from incidents.services import incident_open_from_refusal
from t4c_socialcheck.errors import Conflict
from web.helpers import Done, post_only, submit_once

from .access import query_without_page, record_or_404, require_manager, require_oversight
from .forms import RefusalFilterForm, RefusalIncidentForm, RefusalReviewForm
from .pagination import newest_first_page

ALREADY_REVIEWED = "This refusal has already been reviewed."


@login_required
def refusal_list(request: HttpRequest) -> HttpResponse:
    require_oversight(request.user)
    filter_form = RefusalFilterForm(request.GET)
    refusals = filter_form.filtered(
        refusals_visible_to(request.user).select_related("user", "applicant__household", "review__reviewed_by")
    )
    return render(
        request,
        "oversight/refusal_list.html",
        {
            "filter_form": filter_form,
            "page": newest_first_page(refusals, request.GET, field="at"),
            "query": query_without_page(request),
            "page_has_errors": bool(filter_form.errors),
        },
    )


def _refusal(request, pk):
    return record_or_404(
        request,
        refusals_visible_to(request.user).select_related(
            "user",
            "applicant__household__team",
            "profile__platform",
            "platform",
            "viewing_account",
            "ripa_authorisation",
            "review__reviewed_by",
        ),
        pk,
    )


def _show_refusal(request, refusal, *, review_form=None, incident_form=None):
    audit_access(user=request.user, obj=refusal, request=request)
    stored = refusal.messages if isinstance(refusal.messages, list) else []
    rules = [
        {"code": code, "message": stored[i] if i < len(stored) else rule_for(code).message}
        for i, code in enumerate(refusal.codes or [refusal.code])
    ]
    declarations = [
        {"text": text, "made": (refusal.request.get("declarations") or {}).get(name) is True}
        for name, text in DECLARATIONS.items()
    ]
    incidents = list(refusal.incidents.order_by("reported_at", "pk"))
    review = getattr(refusal, "review", None)
    may_change = request.user.is_manager
    error_form = next((f for f in (review_form, incident_form) if f is not None and f.errors), None)
    return render(
        request,
        "oversight/refusal_detail.html",
        {
            "refusal": refusal,
            "rules": rules,
            "declarations": declarations,
            "purpose": refusal.request.get("purpose", ""),
            "review": review,
            "incidents": incidents,
            # A form with errors stays on the page even if someone else acted meanwhile,
            # so the manager sees what they typed next to the message.
            "review_form": review_form
            if review_form is not None and review_form.errors
            else (RefusalReviewForm() if may_change and review is None else None),
            "incident_form": incident_form or (RefusalIncidentForm() if may_change and not incidents else None),
            "error_form": error_form,
            "page_has_errors": error_form is not None,
        },
    )


@login_required
def refusal_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _show_refusal(request, _refusal(request, pk))


@login_required
@post_only(back=("refusal-detail", "Go to the refused check to review it"))
def refusal_review_view(request: HttpRequest, pk: int) -> HttpResponse:
    refusal = _refusal(request, pk)
    require_manager(request, refusal)
    form = RefusalReviewForm(request.POST)

    def review(data):
        try:
            with transaction.atomic():
                refusal_review(user=request.user, refusal_id=refusal.pk, comment=data["comment"])
        except IntegrityError:
            # Two managers at once: the one-to-one review lets the first in; say so to the second.
            raise Conflict(ALREADY_REVIEWED, fields={"comment": [ALREADY_REVIEWED]}) from None
        return Done(reverse("refusal-detail", args=[refusal.pk]), "Refusal marked as reviewed.")

    response = submit_once(request, form, review)
    if response is not None:
        return response
    refusal = _refusal(request, pk)  # fresh: another manager's review may have landed meanwhile
    return _show_refusal(request, refusal, review_form=form)


@login_required
@post_only(back=("refusal-detail", "Go to the refused check to open an incident from it"))
def refusal_incident_view(request: HttpRequest, pk: int) -> HttpResponse:
    refusal = _refusal(request, pk)
    require_manager(request, refusal)
    form = RefusalIncidentForm(request.POST)

    def open_incident(data):
        # Lock the applicant (refusals themselves are append-only) so that two managers
        # at once cannot open two incidents for the same refusal.
        list(Applicant.objects.select_for_update().filter(pk=refusal.applicant_id).values_list("pk"))
        incident = Incident.objects.filter(refusal=refusal).order_by("pk").first()
        if incident is not None:
            messages.info(request, "An incident had already been opened from this refusal. Nothing new was recorded.")
            return Done(reverse("incident-detail", args=[incident.pk]))
        incident = incident_open_from_refusal(user=request.user, refusal_id=refusal.pk, description=data["description"])
        told = "the line managers"
        if incident.local_authority and incident.local_authority.dpo_email:
            told += " and the council's data protection officer"
        return Done(reverse("incident-detail", args=[incident.pk]), f"Incident opened. We have emailed {told}.")

    response = submit_once(request, form, open_incident)
    if response is not None:
        return response
    return _show_refusal(request, _refusal(request, pk), incident_form=form)
