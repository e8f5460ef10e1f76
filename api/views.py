"""JSON API v1: one small class per endpoint, each calling the services the pages call.

The contract is /work/shared/design/api.md; errors are shaped by api.exceptions.
"""

from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import status
from rest_framework.exceptions import NotFound as DrfNotFound
from rest_framework.permissions import AllowAny
from rest_framework.response import Response

from audit.models import Action
from audit.selectors import audit_events_visible_to
from audit.services import audit_denied, audit_record
from cases.models import LocalAuthority
from cases.scope import applicants_visible_to, households_visible_to
from cases.selectors import filter_households
from cases.services import applicant_add, household_close, household_create, household_move, legal_hold_change
from checks.rules import RefusalCode
from checks.selectors import checks_visible_to
from checks.services import NOT_FOUND, check_complete, check_start, check_void
from consent.services import consent_record, consent_withdraw
from incidents.services import incident_report
from platforms.models import Platform
from platforms.services import profile_add
from policy.gate import note_accepted
from policy.services import acknowledge_current_policy
from t4c_socialcheck.errors import Invalid, NotFound

from . import serializers as s
from .base import ApiListView, ApiView, ReadsOversight
from .exceptions import error_body
from .models import ApiToken
from .schema import RefusalErrorSerializer, error
from .selectors import (
    applicants_for,
    checks_for,
    colleagues_of,
    households_for,
    platforms_for_api,
    refusals_for,
    user_teams,
)
from .tokens import api_token_revoke

# --- Me, policy, platforms ------------------------------------------------------------------


class MeView(ApiView):
    """Who you are: role, teams, and whether you have accepted the current policy."""

    @extend_schema(responses=s.MeSerializer, summary="The signed-in user, their role, teams and policy status")
    def get(self, request):
        return Response(s.MeSerializer(request.user).data)


class PolicyAcknowledgeView(ApiView):
    """Accept the current policy version: needed before any check."""

    @extend_schema(
        request=None,
        responses={200: s.PolicyAcknowledgementSerializer, 404: error("NOT_FOUND: no policy is published yet.")},
        summary="Accept the current version of the social media policy",
    )
    def post(self, request):
        acknowledgement = acknowledge_current_policy(user=request.user)
        note_accepted(request)  # a signed-in browser is no longer sent to the policy page
        if acknowledgement is None:
            raise NotFound("No version of the policy has been published yet.")
        return Response(s.PolicyAcknowledgementSerializer(acknowledgement).data)


@extend_schema_view(
    get=extend_schema(summary="The platforms, each with whether it is checkable and its approved viewing accounts")
)
class PlatformListView(ApiListView):
    """The platforms, whether each is checkable, and the approved viewing accounts for it."""

    serializer_class = s.PlatformSerializer
    ordering = ("pk",)

    def get_queryset(self):
        return platforms_for_api()


# --- Households and applicants ----------------------------------------------------------------


@extend_schema_view(
    get=extend_schema(
        parameters=[s.HouseholdFilterSerializer],
        summary="Households in your scope, newest first, with where each is in its life",
        description="Your team's households and those allocated to you. `stage`, `overdue=true` and `q` "
        "(a reference or an applicant's name) filter them.",
    )
)
class HouseholdListView(ApiListView):
    """Households in your scope (your team's and those allocated to you), newest first, with where
    each is in its life; `stage`, `overdue=true` and `q` (reference or applicant name) filter them."""

    serializer_class = s.HouseholdLifeSerializer
    filter_serializer = s.HouseholdFilterSerializer

    def get_queryset(self):
        return _households_with_life(self.request.user)

    def apply_filters(self, queryset, filters):
        return filter_households(
            queryset, stage=filters.get("stage", ""), overdue=filters.get("overdue"), query=filters.get("q", "")
        )

    @extend_schema(
        request=s.HouseholdCreateSerializer,
        responses={201: s.HouseholdLifeSerializer, 409: error("DUPLICATE: a household with this reference exists.")},
        summary="Record a household (one Registration of Interest)",
    )
    def post(self, request):
        data = self.validated(s.HouseholdCreateSerializer)
        user = request.user
        team = allocated_worker = None
        if data.get("team") is not None:
            team = self.visible_or_404(user_teams(user), data["team"], "The team")
        if data.get("allocated_worker") is not None:
            allocated_worker = self.visible_or_404(
                colleagues_of(user), data["allocated_worker"], "The allocated worker"
            )
        household = household_create(
            user=user,
            reference=data["reference"],
            local_authority=self._local_authority(data.get("local_authority")),
            team=team,
            allocated_worker=allocated_worker,
            received_on=data.get("received_on"),
        )
        household = _households_with_life(user).get(pk=household.pk)
        return Response(s.HouseholdLifeSerializer(household).data, status=status.HTTP_201_CREATED)

    def _local_authority(self, pk) -> LocalAuthority:
        if pk is not None:
            return self.visible_or_404(LocalAuthority.objects.all(), pk, "The local authority")
        only = list(LocalAuthority.objects.all()[:2])
        if len(only) != 1:
            message = "Choose the local authority the household belongs to."
            raise Invalid(message, fields={"local_authority": [message]})
        return only[0]


class HouseholdDetailView(ApiView):
    """One household with its applicants and its life. The view is recorded in the audit trail."""

    @extend_schema(responses=s.HouseholdLifeSerializer, summary="A household, its applicants and its life")
    def get(self, request, pk):
        household = self.visible_or_404(_households_with_life(request.user), pk, "The household")
        self.record_view(household)
        return Response(s.HouseholdLifeSerializer(household).data)


def _households_with_life(user):
    return households_for(user)  # with the stage history


class ApplicantCreateView(ApiView):
    """Add a prospective adopter to a household: at most two."""

    @extend_schema(
        request=s.ApplicantCreateSerializer,
        responses={201: s.ApplicantSerializer},
        summary="Add an applicant (at most two per household)",
    )
    def post(self, request, pk):
        household = self.visible_or_404(households_visible_to(request.user), pk, "The household")
        data = self.validated(s.ApplicantCreateSerializer)
        with self.denial_recorded(household):
            applicant = applicant_add(
                user=request.user,
                household=household,
                first_name=data["first_name"],
                last_name=data["last_name"],
                date_of_birth=data.get("date_of_birth"),
                communication_needs=data.get("communication_needs"),
                earlier_applicant=data.get("earlier_applicant"),
            )
        applicant = applicants_for(request.user).get(pk=applicant.pk)
        return Response(s.ApplicantSerializer(applicant).data, status=status.HTTP_201_CREATED)


class ApplicantDetailView(ApiView):
    """One applicant's record, with consent and check status. The view is recorded in the audit trail."""

    @extend_schema(responses=s.ApplicantSerializer, summary="An applicant, with consent and check status")
    def get(self, request, pk):
        applicant = self.visible_or_404(applicants_for(request.user), pk, "The applicant")
        self.record_view(applicant)
        return Response(s.ApplicantSerializer(applicant).data)


class ApplicantScopedView(ApiView):
    """An action on one applicant in the user's scope."""

    def applicant(self, pk):
        return self.visible_or_404(applicants_visible_to(self.request.user), pk, "The applicant")


class ConsentRecordView(ApplicantScopedView):
    """Record consent (or its refusal) given on the ROI form.

    A new consent after a withdrawal is allowed; it does not reset the one-off check."""

    @extend_schema(
        request=s.ConsentCreateSerializer,
        responses={201: s.ConsentSerializer, 409: error("DUPLICATE: consent is already recorded.")},
        summary="Record the applicant's answer to the consent question on the ROI form",
    )
    def post(self, request, pk):
        applicant = self.applicant(pk)
        data = self.validated(s.ConsentCreateSerializer)
        with self.denial_recorded(applicant):
            consent = consent_record(user=request.user, applicant=applicant, **data)
        return Response(s.ConsentSerializer(consent).data, status=status.HTTP_201_CREATED)


class ConsentWithdrawView(ApplicantScopedView):
    """Withdraw the applicant's live consent; no check can start after it."""

    @extend_schema(
        request=s.ConsentWithdrawSerializer,
        responses={200: s.ConsentSerializer},
        summary="Record that the applicant withdrew consent (final for checks after it)",
    )
    def post(self, request, pk):
        applicant = self.applicant(pk)
        data = self.validated(s.ConsentWithdrawSerializer)
        with self.denial_recorded(applicant):
            consent = consent_withdraw(
                user=request.user, applicant=applicant, reason=data["reason"], withdrawn_on=data.get("withdrawn_on")
            )
        return Response(s.ConsentSerializer(consent).data)


class ProfileCreateView(ApplicantScopedView):
    """Record a profile, normalised so the same profile cannot be entered twice under two spellings."""

    @extend_schema(
        request=s.ProfileCreateSerializer,
        responses={
            201: s.ProfileSerializer,
            409: error("DUPLICATE: the same profile, under any spelling, is already recorded."),
        },
        summary="Record one of the applicant's social media profiles",
    )
    def post(self, request, pk):
        applicant = self.applicant(pk)
        data = self.validated(s.ProfileCreateSerializer)
        platform = self.visible_or_404(Platform.objects.all(), data["platform"], "The platform")
        joint_with = None
        if data.get("joint_with") is not None:
            joint_with = self.visible_or_404(
                applicants_visible_to(request.user), data["joint_with"], "The other applicant"
            )
        with self.denial_recorded(applicant):
            profile = profile_add(
                user=request.user, applicant=applicant, platform=platform, handle=data["handle"], joint_with=joint_with
            )
        return Response(s.ProfileSerializer(profile).data, status=status.HTTP_201_CREATED)


# --- Checks ------------------------------------------------------------------------------------


@extend_schema_view(get=extend_schema(summary="Checks in your scope, newest first"))
class CheckListView(ApiListView):
    """Checks in your scope, newest first; POST asks the rules to start one."""

    serializer_class = s.CheckSerializer

    def get_queryset(self):
        return checks_for(self.request.user)

    @extend_schema(
        request=s.CheckStartSerializer,
        responses={
            201: s.CheckStartedSerializer,
            403: error("A rule refused the check for a reason of permission or consent.", RefusalErrorSerializer),
            404: error("NOT_FOUND: an id does not exist or is outside your scope.", RefusalErrorSerializer),
            409: error(
                "RECENTLY_CHECKED (with possible_from), APPLICANT_ALREADY_CHECKED or PROFILE_ALREADY_VIEWED.",
                RefusalErrorSerializer,
            ),
        },
        summary="Start the one-off check (or a repeat view under a RIPA authorisation)",
    )
    def post(self, request):
        data = self.validated(s.CheckStartSerializer)
        outcome = check_start(
            user=request.user,
            applicant_id=data["applicant"],
            profile_id=data["profile"],
            viewing_account_id=data["viewing_account"],
            declarations=data.get("declarations", {}),
            purpose=data["purpose"],
            ripa_authorisation_id=data.get("ripa_authorisation"),
        )
        if outcome.allowed:
            return Response(s.CheckStartedSerializer(outcome.social_check).data, status=status.HTTP_201_CREATED)
        if outcome.hidden:
            # Outside the user's scope: say nothing about the applicant, not even which rules failed.
            raise NotFound(NOT_FOUND)
        first = outcome.decision.first
        if first.code == RefusalCode.NOT_PERMITTED:
            audit_denied(user=request.user, obj=outcome.refusal.applicant, request=request)
        body = {
            **error_body(first.code, outcome.decision.messages[0]),
            "codes": list(outcome.decision.codes),
            "refusal": outcome.refusal.pk,
            "next_step": first.next_step,
        }
        if RefusalCode.RECENTLY_CHECKED in outcome.decision.codes:
            possible_from = outcome.decision.possible_from
            body["possible_from"] = possible_from.isoformat() if possible_from else None
        return Response(body, status=first.status)


class CheckDetailView(ApiView):
    """One check; PATCH records its findings, once. The view is recorded in the audit trail."""

    @extend_schema(responses=s.CheckSerializer, summary="A check")
    def get(self, request, pk):
        social_check = self.visible_or_404(checks_for(request.user), pk, "The check")
        self.record_view(social_check)
        return Response(s.CheckSerializer(social_check).data)

    @extend_schema(
        request=s.CheckCompleteSerializer,
        responses={200: s.CheckSerializer, 409: error("ALREADY_COMPLETED: the findings are already recorded.")},
        summary="Complete a check with its findings (once only)",
    )
    def patch(self, request, pk):
        social_check = self.visible_or_404(checks_visible_to(request.user), pk, "The check")
        data = self.validated(s.CheckCompleteSerializer)
        with self.denial_recorded(social_check):
            check_complete(user=request.user, social_check_id=social_check.pk, **data)
        return Response(s.CheckSerializer(checks_for(request.user).get(pk=pk)).data)


class CheckVoidView(ApiView):
    """A manager other than the check's worker voids a completed check that saw nothing of
    the applicant (`profile_not_found`, `wrong_person`), once per applicant per application."""

    @extend_schema(
        request=s.CheckVoidRequestSerializer,
        responses={
            200: s.CheckSerializer,
            403: error("NOT_PERMITTED: not a manager, or the check's own worker."),
            409: error("NOT_VOIDABLE: not completed, private, another outcome, or already voided once."),
        },
        summary="Void a check that found no profile or someone else's (managers; a countersignature)",
    )
    def post(self, request, pk):
        social_check = self.visible_or_404(checks_visible_to(request.user), pk, "The check")
        data = self.validated(s.CheckVoidRequestSerializer)
        with self.denial_recorded(social_check):
            check_void(user=request.user, social_check_id=social_check.pk, reason=data["reason"])
        return Response(s.CheckSerializer(checks_for(request.user).get(pk=pk)).data)


class IncidentCreateView(ApplicantScopedView):
    """Report an incident; your line manager is told at once."""

    @extend_schema(
        request=s.IncidentCreateSerializer,
        responses={201: s.IncidentSerializer},
        summary="Report an incident: a breach, or a service user trolling or threatening you",
    )
    def post(self, request):
        data = self.validated(s.IncidentCreateSerializer)
        applicant = self.applicant(data["applicant"]) if data.get("applicant") is not None else None
        incident = incident_report(
            user=request.user,
            kind=data["kind"],
            description=data["description"],
            occurred_at=data["occurred_at"],
            applicant_id=applicant.pk if applicant else None,
        )
        return Response(s.IncidentSerializer(incident).data, status=status.HTTP_201_CREATED)


# --- Oversight ------------------------------------------------------------------------------------


@extend_schema(
    parameters=[s.RefusalFilterSerializer],
    summary="Refused check attempts, newest first (managers: their teams'; admins and auditors: all)",
)
class RefusalListView(ApiListView):
    """Refused check attempts, newest first: managers see their teams', admins and auditors all."""

    serializer_class = s.RefusalSerializer
    permission_classes = [ReadsOversight]
    filter_serializer = s.RefusalFilterSerializer

    def get_queryset(self):
        return refusals_for(self.request.user)

    def apply_filters(self, queryset, filters):
        if "applicant" in filters:
            queryset = queryset.filter(applicant_id=filters["applicant"])
        if "code" in filters:
            # Codes are whole words none of which contains another, so a text match is exact.
            queryset = queryset.filter(codes__icontains=filters["code"])
        if "since" in filters:
            queryset = queryset.filter(at__gte=filters["since"])
        return queryset


@extend_schema(
    parameters=[s.AuditFilterSerializer],
    summary="The audit trail, newest first, as far as your role may read it",
    description="Reading the audit trail is itself recorded in it.",
)
class AuditEventListView(ApiListView):
    """The audit trail, newest first, as far as your role may read it. Reading it is itself audited."""

    serializer_class = s.AuditEventSerializer
    permission_classes = [ReadsOversight]
    filter_serializer = s.AuditFilterSerializer
    ordering = ("-seq",)

    def get_queryset(self):
        return audit_events_visible_to(self.request.user)

    def apply_filters(self, queryset, filters):
        actor = filters.get("actor")
        if actor:
            by_id = actor.isascii() and actor.isdigit() and len(actor) <= 18
            queryset = queryset.filter(actor_id=int(actor)) if by_id else queryset.filter(actor_username=actor)
        if "applicant" in filters:
            queryset = queryset.filter(applicant_id=filters["applicant"])
        if "action" in filters:
            queryset = queryset.filter(action=filters["action"])
        if "since" in filters:
            queryset = queryset.filter(at__gte=filters["since"])
        if "until" in filters:
            queryset = queryset.filter(at__lte=filters["until"])
        return queryset

    def list(self, request, *args, **kwargs):
        response = super().list(request, *args, **kwargs)
        # Reading the audit trail is itself audited (domain.md).
        audit_record(
            actor=request.user,
            action=Action.VIEW,
            record_type="auditevent",
            summary="Viewed the audit trail through the API",
            data={"filters": {key: str(value) for key, value in self.filters.items()}},
            request=request,
        )
        return response


# --- API tokens --------------------------------------------------------------------------------


@extend_schema_view(
    get=extend_schema(
        summary="Your own API tokens, newest first: active, expired and revoked",
        description="Personal tokens are issued on the API tokens page (/account/tokens/); "
        "integration tokens by an admin.",
    )
)
class TokenListView(ApiListView):
    """The signed-in user's own tokens, newest first: active, expired and revoked.
    Personal tokens are issued on the API tokens page (/account/tokens/); integration
    tokens by an admin."""

    serializer_class = s.ApiTokenSerializer

    def get_queryset(self):
        return ApiToken.objects.filter(user=self.request.user).select_related("issued_by")


class TokenDetailView(ApiView):
    """One of the user's own tokens; DELETE revokes it at once (the token making
    the request included). Anyone else's token: 404."""

    def token(self, pk) -> ApiToken:
        token = ApiToken.objects.filter(user=self.request.user, pk=pk).select_related("user", "issued_by").first()
        if token is None:
            raise NotFound("The token was not found.")
        return token

    @extend_schema(responses=s.ApiTokenSerializer, summary="One of your API tokens")
    def get(self, request, pk):
        return Response(s.ApiTokenSerializer(self.token(pk), context={"request": request}).data)

    @extend_schema(
        responses={204: OpenApiResponse(description="Revoked (or already revoked): the token no longer works.")},
        summary="Revoke one of your API tokens",
    )
    def delete(self, request, pk):
        api_token_revoke(token=self.token(pk), by=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


# --- Anything else under /api/v1/ --------------------------------------------------------------------


class UnknownPathView(ApiView):
    """A JSON 404 for any path the API does not have (and for ids that are not numbers)."""

    authentication_classes = []
    permission_classes = [AllowAny]
    schema = None

    def http_method_not_allowed(self, request, *args, **kwargs):
        raise DrfNotFound("There is no such API endpoint.")

    options = http_method_not_allowed


# --- The case's life: stage moves, closing, legal hold ---------------------------------------


class HouseholdActionView(ApiView):
    """A change to a household through one service; answers the household as it now is."""

    def changed(self, pk, change):
        household = self.visible_or_404(households_visible_to(self.request.user), pk, "The household")
        with self.denial_recorded(household):
            change(household)
        return Response(s.HouseholdLifeSerializer(_households_with_life(self.request.user).get(pk=pk)).data)


class HouseholdStageView(HouseholdActionView):
    @extend_schema(
        request=s.StageMoveRequestSerializer,
        responses={200: s.HouseholdLifeSerializer, 409: error("INVALID_TRANSITION: the process does not allow it.")},
        summary="Move a household to its next stage",
    )
    def post(self, request, pk):
        data = self.validated(s.StageMoveRequestSerializer)
        return self.changed(
            pk,
            lambda household: household_move(
                user=request.user,
                household_id=household.pk,
                stage=data["stage"],
                on=data["on"],
                reason=data.get("reason", ""),
                panel_recommendation=data.get("panel_recommendation", ""),
                decision_maker=data.get("decision_maker", ""),
            ),
        )


class HouseholdCloseView(HouseholdActionView):
    @extend_schema(
        request=s.HouseholdCloseSerializer,
        responses={200: s.HouseholdLifeSerializer, 409: error("ALREADY_CLOSED: the case was closed before.")},
        summary="Close a case with its outcome (managers)",
    )
    def post(self, request, pk):
        data = self.validated(s.HouseholdCloseSerializer)
        return self.changed(
            pk,
            lambda household: household_close(
                user=request.user,
                household_id=household.pk,
                outcome=data["outcome"],
                on=data["on"],
                reason=data["reason"],
            ),
        )


class LegalHoldView(ApiView):
    """Set (POST) or lift (DELETE) a legal hold, with a reason: managers of the household and admins."""

    def _change(self, request, pk, held: bool):
        data = self.validated(s.LegalHoldRequestSerializer)
        household = legal_hold_change(user=request.user, household_id=pk, held=held, reason=data["reason"])
        return Response(s.LegalHoldSerializer(household).data)

    @extend_schema(
        request=s.LegalHoldRequestSerializer,
        responses={200: s.LegalHoldSerializer, 409: error("INVALID_TRANSITION: the case is already on hold.")},
        summary="Set a legal hold",
    )
    def post(self, request, pk):
        return self._change(request, pk, True)

    @extend_schema(
        request=s.LegalHoldRequestSerializer,
        responses={
            200: s.LegalHoldSerializer,
            400: error("INVALID: the reason is missing or too long."),
            409: error("INVALID_TRANSITION: the case is not on hold."),
        },
        summary="Lift a legal hold",
    )
    def delete(self, request, pk):
        return self._change(request, pk, False)
