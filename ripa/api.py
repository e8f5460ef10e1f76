"""The RIPA endpoints of the JSON API (api.md, "Additions, December 2026: RIPA"):
thin views over ripa.services, plus the register's CSV and the 410 for the old path."""

import csv
import io

from django.http import HttpResponse
from django.utils import timezone
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.serializers import Serializer

from api.base import ApiView
from api.exceptions import error_body
from api.fields import BoundedDateField, BoundedDateTimeField, IdField, StrictBooleanField, StrictCharField
from api.schema import COMPONENT_RULES, error
from audit.models import Action
from audit.services import audit_record
from cases.scope import applicants_visible_to
from t4c_socialcheck.limits import max_length

from . import services
from .models import RipaApplication, RipaCancellation, RipaReview, ThresholdOffence
from .selectors import (
    CSV_HEADER,
    applications_visible_to,
    display_status,
    register_row,
    reviews_due,
    sees_subjects,
    with_register_details,
)

TEXT = max_length(RipaApplication, "necessity")


class ProportionalitySerializer(Serializer):
    balance = StrictCharField(max_length=TEXT, help_text="Size and scope against the gravity of the offence.")
    least_intrusive = StrictCharField(max_length=TEXT, help_text="How the least possible intrusion is caused.")
    appropriate_use = StrictCharField(max_length=TEXT, help_text="Why this is an appropriate use of the law.")
    alternatives = StrictCharField(max_length=TEXT, help_text="Other methods considered and why not used.")


class ApplicationCreateSerializer(Serializer):
    applicant = IdField()
    profiles = serializers.ListField(
        child=IdField(), min_length=1, max_length=50, help_text="The applicant's profiles in scope."
    )
    offence = StrictCharField(single_line=True, max_length=max_length(RipaApplication, "offence"))
    offence_max_sentence_months = serializers.IntegerField(min_value=0, max_value=1200)
    threshold_offence = serializers.ChoiceField(
        choices=ThresholdOffence.choices, required=False, default="", help_text="An offence the threshold names."
    )
    necessity = StrictCharField(max_length=TEXT)
    proportionality = ProportionalitySerializer(help_text="The code's four elements of proportionality (4.7).")
    collateral_intrusion = StrictCharField(max_length=TEXT)
    collateral_intrusion_minimised = StrictCharField(max_length=TEXT, required=False, default="", allow_blank=True)
    confidential_information_likely = StrictBooleanField()


# The local authority crime threshold, as the schema states it: a maximum sentence of at least six
# months, or one of the offences the threshold names (else 400 CRIME_THRESHOLD_NOT_MET).
COMPONENT_RULES["ApplicationCreateRequest"] = {
    "anyOf": [
        {"properties": {"offence_max_sentence_months": {"minimum": services.CRIME_THRESHOLD_MONTHS}}},
        {"properties": {"threshold_offence": {"minLength": 1}}, "required": ["threshold_offence"]},
    ]
}


class ApplicationSerializer(Serializer):
    id = serializers.IntegerField()
    reference = serializers.CharField()
    type = serializers.CharField(source="kind")
    status = serializers.CharField()
    register_status = serializers.SerializerMethodField()
    valid_from = serializers.DateField(allow_null=True)
    last_valid_day = serializers.DateField(allow_null=True)
    reviews_due = serializers.SerializerMethodField()

    def get_register_status(self, application) -> str:
        return display_status(application)

    def get_reviews_due(self, application) -> list[str]:
        return [day.isoformat() for day in reviews_due(application)]


class DecisionSerializer(Serializer):
    granted = StrictBooleanField()
    reasons = StrictCharField(max_length=max_length(RipaApplication, "decision_reasons"))
    officer_involved = StrictBooleanField(
        required=False, default=False, help_text="Whether you are directly involved in the investigation."
    )
    review_every_days = serializers.IntegerField(min_value=1, max_value=92, required=False, default=None)


class JusticeApprovalSerializer(Serializer):
    approved = StrictBooleanField()
    on = BoundedDateField()
    court = StrictCharField(single_line=True, max_length=max_length(RipaApplication, "court"))
    justice = StrictCharField(single_line=True, max_length=max_length(RipaApplication, "justice"))


class ReviewCreateSerializer(Serializer):
    on = BoundedDateField()
    outcome = serializers.ChoiceField(choices=RipaReview.Outcome.choices)
    reasons = StrictCharField(max_length=max_length(RipaReview, "reasons"))


class ReviewSerializer(Serializer):
    id = serializers.IntegerField()
    on = serializers.DateField()
    outcome = serializers.CharField()
    reasons = serializers.CharField()


class RenewalCreateSerializer(Serializer):
    reasons = StrictCharField(max_length=max_length(RipaApplication, "renewal_reasons"))
    obtained_so_far = StrictCharField(max_length=max_length(RipaApplication, "obtained_so_far"))


class CancelSerializer(Serializer):
    reasons = StrictCharField(max_length=max_length(RipaCancellation, "reasons"))
    ceased_at = BoundedDateTimeField(help_text="When the instruction to stop the surveillance was given.")
    product_handling = StrictCharField(max_length=max_length(RipaCancellation, "product_handling"))


class CancellationSerializer(Serializer):
    id = serializers.IntegerField()
    application = serializers.IntegerField(source="application_id")
    cancelled_on = serializers.DateField()
    ceased_at = serializers.DateTimeField()
    status = serializers.SerializerMethodField()

    def get_status(self, cancellation) -> str:
        return "cancelled"


class OnApplicationView(ApiView):
    """An action on one application the user may see (else 404), its denial recorded."""

    def application(self, pk) -> RipaApplication:
        return self.visible_or_404(applications_visible_to(self.request.user), pk, "The RIPA application")

    def act(self, pk, service, serializer_class, **extra):
        application = self.application(pk)
        data = self.validated(serializer_class)
        with self.denial_recorded(application):
            return service(user=self.request.user, application_id=application.pk, **data, **extra)


TRANSITION = error("INVALID_TRANSITION: not at the step this action belongs to (or too late).")
NOT_ITS_OFFICER = error("NOT_PERMITTED: not the officer this step needs.")


class ApplicationCreateView(ApiView):
    """Apply for a directed surveillance authorisation. For an adopter's assessment the
    honest answer is nearly always that RIPA cannot authorise it: the pre-screen says so."""

    @extend_schema(
        request=ApplicationCreateSerializer,
        responses={
            201: ApplicationSerializer,
            400: error("CRIME_THRESHOLD_NOT_MET (below the local authority crime threshold) or INVALID."),
        },
        summary="Apply for a RIPA directed surveillance authorisation (managers)",
    )
    def post(self, request):
        data = self.validated(ApplicationCreateSerializer)
        applicant = self.visible_or_404(applicants_visible_to(request.user), data.pop("applicant"), "The applicant")
        with self.denial_recorded(applicant):
            application = services.application_create(
                user=request.user, applicant_id=applicant.pk, profile_ids=data.pop("profiles"), **data
            )
        return Response(ApplicationSerializer(application).data, status=status.HTTP_201_CREATED)


class DecisionView(OnApplicationView):
    @extend_schema(
        request=DecisionSerializer,
        responses={200: ApplicationSerializer, 403: NOT_ITS_OFFICER, 409: TRANSITION},
        summary="The authorising officer grants or refuses (a designated officer of that council, not the applicant)",
    )
    def post(self, request, pk):
        return Response(ApplicationSerializer(self.act(pk, services.application_decide, DecisionSerializer)).data)


class JusticeApprovalView(OnApplicationView):
    @extend_schema(
        request=JusticeApprovalSerializer,
        responses={200: ApplicationSerializer, 409: TRANSITION},
        summary="Record the justice's approval or refusal (managers)",
    )
    def post(self, request, pk):
        application = self.act(pk, services.justice_approval_record, JusticeApprovalSerializer)
        return Response(ApplicationSerializer(application).data)


class ReviewCreateView(OnApplicationView):
    @extend_schema(
        request=ReviewCreateSerializer,
        responses={201: ReviewSerializer, 403: NOT_ITS_OFFICER, 409: TRANSITION},
        summary="Record a review (its authorising officer)",
    )
    def post(self, request, pk):
        review = self.act(pk, services.review_record, ReviewCreateSerializer)
        return Response(ReviewSerializer(review).data, status=status.HTTP_201_CREATED)


class RenewalCreateView(OnApplicationView):
    @extend_schema(
        request=RenewalCreateSerializer,
        responses={201: ApplicationSerializer, 409: TRANSITION},
        summary="Apply to renew, before the last valid day (managers); then decision and justice as before",
    )
    def post(self, request, pk):
        renewal = self.act(pk, services.renewal_apply, RenewalCreateSerializer)
        return Response(ApplicationSerializer(renewal).data, status=status.HTTP_201_CREATED)


class CancelView(OnApplicationView):
    @extend_schema(
        request=CancelSerializer,
        responses={200: CancellationSerializer, 403: NOT_ITS_OFFICER, 409: TRANSITION},
        summary="Cancel the authorisation (its authorising officer)",
    )
    def post(self, request, pk):
        cancellation = self.act(pk, services.authorisation_cancel, CancelSerializer)
        return Response(CancellationSerializer(cancellation).data)


def register_csv(user, applications, *, request=None) -> HttpResponse:
    """The central record as CSV (api.md's header first), its export on the audit trail."""
    today = timezone.localdate()
    rows = list(with_register_details(applications).order_by("council__name", "applied_on", "pk"))
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=CSV_HEADER, extrasaction="ignore")
    writer.writeheader()
    subjects = sees_subjects(user)
    for application in rows:
        writer.writerow({k: _safe(v) for k, v in register_row(application, subjects=subjects, today=today).items()})
    audit_record(
        actor=user,
        action=Action.EXPORT,
        record_type="ripa_register",
        summary=f"RIPA register exported as CSV: {len(rows)} applications",
        data={"count": len(rows), "ids": [a.pk for a in rows][:500]},
        request=request,
    )
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="ripa-register-{today.isoformat()}.csv"'
    return response


def _safe(value):
    """No spreadsheet formulas from free text (CSV injection)."""
    text = str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


class RegisterCsvView(ApiView):
    @extend_schema(
        responses={(200, "text/csv"): OpenApiResponse(description="One row per application.")},
        summary="The RIPA central record as CSV (managers, admins, auditors)",
    )
    def get(self, request):
        if request.user.role not in ("manager", "admin", "auditor"):
            return Response(
                error_body("NOT_PERMITTED", "Only managers, admins and auditors read the RIPA register."), status=403
            )
        return register_csv(request.user, applications_visible_to(request.user), request=request)


class OldAuthorisationView(ApiView):
    """The direct-entry path is gone: a manager's entry is not a RIPA authorisation."""

    @extend_schema(request=None, responses={410: error("GONE: use POST /api/v1/ripa-applications/.")}, summary="Gone")
    def post(self, request):
        return Response(
            error_body(
                "GONE",
                "Authorisations are no longer typed in. Apply with POST /api/v1/ripa-applications/: "
                "an authorising officer decides and a justice approves.",
            ),
            status=status.HTTP_410_GONE,
        )
