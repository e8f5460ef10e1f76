"""Consent from the ROI form, its withdrawal, the consent information in
accessible formats, and the applicant's social media profiles."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from audit.services import audit_access
from consent import documents
from consent.models import ConsentState, ConsentText
from consent.receipts import privacy_notice_url
from consent.selectors import consent_state
from consent.services import consent_record, consent_withdraw
from platforms.services import profile_add
from web.forms import ConsentForm, ProfileForm, WithdrawConsentForm
from web.helpers import Done, applicant_or_404, posted, submit_once


def _household_url(applicant) -> str:
    return reverse("household", args=[applicant.household_id])


@login_required
def consent_record_view(request: HttpRequest, pk: int) -> HttpResponse:
    applicant = applicant_or_404(request, pk, act=True)
    state, consent = consent_state(applicant)
    form = ConsentForm(posted(request), applicant=applicant)
    if request.method == "POST":

        def record(data):
            recorded = consent_record(
                user=request.user,
                applicant=applicant,
                given=data["given"],
                signed_on=data["signed_on"],
                form_reference=data["form_reference"],
                information_format=data["information_format"],
                language=data["language"],
                support_used=data["support_used"],
                support_language=data["support_language"],
                support_reference=data["support_reference"],
            )
            outcome = "consent" if recorded.given else "that they refused consent"
            return Done(_household_url(applicant), f"You recorded {outcome} for {applicant.full_name}.")

        response = submit_once(request, form, record)
        if response is not None:
            return response
    return render(
        request,
        "web/consent_record.html",
        {"form": form, "applicant": applicant, "state": state, "consent": consent, "given": ConsentState.GIVEN},
    )


@login_required
def consent_withdraw_view(request: HttpRequest, pk: int) -> HttpResponse:
    applicant = applicant_or_404(request, pk, act=True)
    state, consent = consent_state(applicant)
    form = WithdrawConsentForm(posted(request), initial={"withdrawn_on": timezone.localdate()})
    if request.method == "POST":

        def withdraw(data):
            consent_withdraw(
                user=request.user, applicant=applicant, reason=data["reason"], withdrawn_on=data["withdrawn_on"]
            )
            return Done(
                _household_url(applicant),
                f"You recorded that {applicant.full_name} withdrew consent. No check can be started for them now.",
            )

        response = submit_once(request, form, withdraw)
        if response is not None:
            return response
    return render(
        request,
        "web/consent_withdraw.html",
        {"form": form, "applicant": applicant, "state": state, "consent": consent, "given": ConsentState.GIVEN},
    )


CONSENT_INFORMATION_FORMATS = {
    "large-print": ("Large print", "web/consent_information_large_print.html"),
    "easy-read": ("Easy read", "web/consent_information_easy_read.html"),
}


@login_required
def consent_information(request: HttpRequest, pk: int, version: str) -> HttpResponse:
    """The current consent wording, to print in the format the applicant needs."""
    if version not in CONSENT_INFORMATION_FORMATS:
        raise Http404("No such format.")
    applicant = applicant_or_404(request, pk)
    text = ConsentText.objects.current()
    audit_access(user=request.user, obj=applicant, request=request, data={"page": f"consent information, {version}"})
    label, template = CONSENT_INFORMATION_FORMATS[version]
    easy_read_lines = [line.strip() for line in (text.easy_read_body if text else "").splitlines() if line.strip()]
    return render(
        request,
        template,
        {"applicant": applicant, "text": text, "format_label": label, "easy_read_lines": easy_read_lines},
    )


@login_required
def consent_information_file(request: HttpRequest, pk: int, suffix: str) -> HttpResponse:
    """The consent information as a file to give or send: `/applicants/<id>/consent-information.<suffix>`
    (api.md, "Fixed page paths"). Made once per wording and format; a tool
    that is missing gives a page that says so, not a 500."""
    applicant = applicant_or_404(request, pk)
    if suffix not in documents.FORMATS:
        raise Http404("No such format.")
    language = request.GET.get("language", documents.ENGLISH)
    try:
        made, wording = documents.consent_information(
            ConsentText.objects.current(),
            suffix,
            language,
            privacy_notice=privacy_notice_url(applicant.household.local_authority),
        )
    except documents.DocumentUnavailable as unavailable:
        return render(
            request,
            "web/consent_information_unavailable.html",
            {"applicant": applicant, "message": unavailable.message, "format": documents.FORMATS.get(suffix)},
            status=unavailable.status,
        )
    audit_access(
        user=request.user,
        obj=applicant,
        request=request,
        data={"page": f"consent information, {suffix}", "language": wording.language, "version": wording.version},
    )
    response = HttpResponse(made.content, content_type=made.content_type)
    response["Content-Disposition"] = f'attachment; filename="{made.filename}"'
    return response


@login_required
def profile_add_view(request: HttpRequest, pk: int) -> HttpResponse:
    applicant = applicant_or_404(request, pk, act=True)
    partner = applicant.household.applicants.exclude(pk=applicant.pk).first()
    form = ProfileForm(posted(request), partner=partner)
    if request.method == "POST":

        def add(data):
            profile = profile_add(
                user=request.user,
                applicant=applicant,
                platform=data["platform"],
                handle=data["handle"],
                joint_with=form.joint_with(),
            )
            return Done(
                _household_url(applicant),
                f"Profile saved for {applicant.full_name} as {profile.normalised} ({profile.platform.name}).",
            )

        response = submit_once(request, form, add)
        if response is not None:
            return response
    return render(request, "web/profile_add.html", {"form": form, "applicant": applicant})
