"""Data protection pages: subject access requests (the DPO and managers), legal holds,
the public privacy notices and the record of processing."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from audit.services import audit_access, audit_denied_if_exists
from cases.scope import applicants_visible_to
from t4c_socialcheck.errors import Conflict, NotFound, NotPermitted
from web.helpers import Done, post_only, posted, question_page, submit_once

from . import services
from .forms import ExtensionForm, ItemReviewForm, MakePackForm, SentForm, SubjectAccessRequestForm
from .models import Decision, SubjectAccessItem, SubjectAccessRequest


def _reviewer_or_403(request: HttpRequest, model=None, pk=None) -> None:
    if services.may_review(request.user):
        return
    audit_denied_if_exists(user=request.user, model=model, pk=pk, request=request)
    raise PermissionDenied(services.ONLY_REVIEWERS)


def _in_scope(request: HttpRequest, queryset, pk):
    _reviewer_or_403(request, queryset.model, pk)
    try:
        return queryset.get(pk=pk)
    except queryset.model.DoesNotExist:
        audit_denied_if_exists(user=request.user, model=queryset.model, pk=pk, request=request)
        raise Http404 from None


@login_required
def request_list(request: HttpRequest) -> HttpResponse:
    _reviewer_or_403(request)
    requests = services.requests_visible_to(request.user).order_by("completed_on", "due_on", "pk")
    return render(request, "dataprotection/request_list.html", {"requests": requests})


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def request_new(request: HttpRequest, applicant_id: int) -> HttpResponse:
    applicant = _in_scope(request, applicants_visible_to(request.user).select_related("household"), applicant_id)
    form = SubjectAccessRequestForm(posted(request))

    def record(data):
        sar = services.sar_open(
            user=request.user,
            applicant_id=applicant.pk,
            requested_by=data["requested_by"],
            identity_check=data["identity_check"],
            received_on=data["received_on"],
        )
        return Done(reverse("sar-detail", args=[sar.pk]), "Request recorded. Review each item before the pack is made.")

    return question_page(request, form, record, "dataprotection/request_new.html", {"applicant": applicant})


def _sar(request, pk) -> SubjectAccessRequest:
    return _in_scope(request, services.requests_visible_to(request.user), pk)


@login_required
def request_detail(request: HttpRequest, pk: int) -> HttpResponse:
    sar = _sar(request, pk)
    audit_access(user=request.user, obj=sar, request=request)
    return _show(request, sar)


def _show(request, sar, pack_form=None):
    items = list(sar.items.select_related("reviewed_by"))
    pending = sum(1 for item in items if item.decision == Decision.PENDING)
    return render(
        request,
        "dataprotection/request_detail.html",
        {
            "sar": sar,
            "items": items,
            "pending": pending,
            "pack_form": pack_form or MakePackForm(),
            "error_form": pack_form if pack_form is not None and pack_form.errors else None,
            "page_has_errors": pack_form is not None and bool(pack_form.errors),
        },
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def request_extend(request: HttpRequest, pk: int) -> HttpResponse:
    sar = _sar(request, pk)
    form = ExtensionForm(posted(request))

    def extend(data):
        services.sar_extend(
            user=request.user, request_id=sar.pk, months=data["months"], reason=data["reason"], told_on=data["told_on"]
        )
        return Done(reverse("sar-detail", args=[sar.pk]), "Deadline extended.")

    return question_page(request, form, extend, "dataprotection/request_extend.html", {"sar": sar})


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def item_review(request: HttpRequest, pk: int) -> HttpResponse:
    item: SubjectAccessItem = _in_scope(request, services.items_visible_to(request.user), pk)
    if request.method != "POST":
        audit_access(user=request.user, obj=item, request=request, data={"subject_access_request": item.request_id})
    initial = {"decision": item.decision, "exemption": item.exemption, "note": item.note}
    initial["redact_phrases"] = item.redact_phrases
    form = ItemReviewForm(posted(request), initial=initial if item.decision != Decision.PENDING else None)

    def review(data):
        services.sar_review_item(
            user=request.user,
            item_id=item.pk,
            decision=data["decision"],
            exemption=data["exemption"],
            note=data["note"],
            redact_phrases=data["redact_phrases"],
        )
        return Done(reverse("sar-detail", args=[item.request_id]), f"Review of “{item.title}” saved.")

    return question_page(request, form, review, "dataprotection/item_review.html", {"item": item, "sar": item.request})


@login_required
@post_only
def request_make_pack(request: HttpRequest, pk: int) -> HttpResponse:
    sar = _sar(request, pk)
    form = MakePackForm(request.POST)

    def make(data):
        services.sar_make_pack(user=request.user, request_id=sar.pk)
        return Done(reverse("sar-detail", args=[sar.pk]), "The pack has been made. Download it and send it.")

    response = submit_once(request, form, make)
    if response is not None:
        return response
    return _show(request, sar, form)


@login_required
def request_pack(request: HttpRequest, pk: int) -> HttpResponse:
    sar = _sar(request, pk)
    try:
        sar, data = services.sar_pack_for_download(user=request.user, request_id=sar.pk, request=request)
    except Conflict as refused:
        form = MakePackForm({})
        form.is_valid()
        form.add_error(None, refused.detail)
        response = _show(request, sar, form)
        response.status_code = 409
        return response
    except (NotFound, NotPermitted):
        raise Http404 from None
    response = HttpResponse(data, content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="subject-access-{sar.pk}.zip"'
    return response


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def request_sent(request: HttpRequest, pk: int) -> HttpResponse:
    sar = _sar(request, pk)
    form = SentForm(posted(request))

    def sent(data):
        services.sar_record_sent(
            user=request.user, request_id=sar.pk, sent_on=data["sent_on"], sent_how=data["sent_how"]
        )
        return Done(reverse("sar-detail", args=[sar.pk]), "Recorded as sent.")

    return question_page(request, form, sent, "dataprotection/request_sent.html", {"sar": sar})


@login_required
def legal_holds(request: HttpRequest) -> HttpResponse:
    """Every case on legal hold, for the data protection officer (and managers and admins)."""
    from .legal_holds import households_on_hold

    try:
        rows = households_on_hold(request.user)
    except NotPermitted as refused:
        raise PermissionDenied(refused.detail) from None
    return render(request, "dataprotection/legal_holds.html", {"rows": rows})
