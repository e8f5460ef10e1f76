"""JSON API of governance (api.md, "Additions, December 2026: Governance"): declaring a
conflict of interest and the annual report's figures. Mounted by api/urls.py."""

from django.utils import timezone
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.serializers import Serializer

from api.base import ApiView, ReadsOversight
from api.fields import QueryIdField, StrictCharField
from api.schema import error
from audit.models import Action
from audit.services import audit_record
from cases.models import LocalAuthority
from cases.scope import households_visible_to
from t4c_socialcheck.errors import NotFound
from t4c_socialcheck.limits import max_length

from .annual import KEYS, annual_report
from .models import ConflictDeclaration
from .services import conflict_declare


class ConflictRequestSerializer(Serializer):
    reason = StrictCharField(max_length=max_length(ConflictDeclaration, "reason"))


class ConflictSerializer(Serializer):
    id = serializers.IntegerField()
    household = serializers.IntegerField(source="household_id")
    reason = serializers.CharField()
    declared_at = serializers.DateTimeField()


class ConflictCreateView(ApiView):
    """The user themself declares a personal connection with a household (clause 6.1)."""

    @extend_schema(
        request=ConflictRequestSerializer,
        responses={
            201: ConflictSerializer,
            400: error("INVALID: the reason is missing or too long."),
            404: error("NOT_FOUND: the household is not in your scope."),
            409: error("DUPLICATE: already declared."),
        },
        summary="Declare a personal connection with a household",
    )
    def post(self, request, pk):
        data = self.validated(ConflictRequestSerializer)
        household = self.visible_or_404(households_visible_to(request.user), pk, "The household")
        declaration = conflict_declare(user=request.user, household_id=household.pk, reason=data["reason"])
        return Response(ConflictSerializer(declaration).data, status=status.HTTP_201_CREATED)


class AnnualQuerySerializer(Serializer):
    council = QueryIdField(help_text="A council's id; left out, the whole agency.")
    year = serializers.IntegerField(min_value=2000, help_text="A calendar year, 2000 to this year.")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].max_value = timezone.localdate().year  # the schema's maximum; checked below

    def validate_year(self, year):
        if year > timezone.localdate().year:
            raise serializers.ValidationError("The year cannot be in the future.")
        return year


AnnualReportSerializer = inline_serializer("AnnualReport", {key: serializers.JSONField() for key in KEYS})


class AnnualReportView(ApiView):
    """The annual report's figures for a council (or the agency) and a calendar year."""

    permission_classes = [ReadsOversight]

    @extend_schema(
        parameters=[AnnualQuerySerializer],
        responses={
            200: AnnualReportSerializer,
            400: error("INVALID: the year is missing, not a number, or outside 2000 to this year."),
            404: error("NOT_FOUND: no council has that id."),
        },
        summary="The annual report (managers, admins, auditors)",
    )
    def get(self, request):
        query = self.query(AnnualQuerySerializer)
        council = None
        if query.get("council") is not None:
            council = LocalAuthority.objects.filter(pk=query["council"]).first()
            if council is None:
                raise NotFound("The council was not found.")
        report = annual_report(council, query["year"])
        audit_record(
            actor=request.user,
            action=Action.EXPORT,
            record_type="annual_report",
            record_id=f"{council.slug if council else 'agency'}/{query['year']}",
            summary=f"Annual report read through the API: {council.name if council else 'the whole agency'}",
            request=request,
        )
        return Response(report)
