"""Shapes in and out. Input serializers check JSON types and lengths only;
what may be done, and with what, is decided by the services they feed."""

from django.db.models import Manager
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.serializers import Serializer

from audit.models import Action, AuditEvent
from audit.selectors import content_for
from cases.models import (
    LARGE_PRINT_MIN_POINTS,
    Applicant,
    CaseOutcome,
    CommunicationSupport,
    ContactMethod,
    Household,
    InformationFormat,
    LegalHoldChange,
    NeedsStatus,
    PanelRecommendation,
    Stage,
    StageMove,
)
from checks.models import CheckOutcome, CheckStatus, CheckVoid, SocialCheck
from checks.rules import RefusalCode
from checks.selectors import check_status, one_off_check_of
from consent.models import Consent, ConsentFormat, ConsentState
from incidents.models import Incident, IncidentKind
from platforms.models import SocialProfile
from platforms.selectors import profiles_of
from t4c_socialcheck.limits import max_length

from .fields import (
    BoundedDateField,
    BoundedDateTimeField,
    IdField,
    MomentField,
    QueryBooleanField,
    QueryIdField,
    StrictBooleanField,
    StrictCharField,
    UtcDateTimeField,
)
from .models import ApiToken
from .selectors import consent_status, teams_and_policy

# --- Small pieces -----------------------------------------------------------------------


class NamedSerializer(Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class UserRefSerializer(Serializer):
    id = serializers.IntegerField()
    username = serializers.CharField()


class ViewingAccountSerializer(Serializer):
    id = serializers.IntegerField()
    label = serializers.CharField()
    kind = serializers.CharField()


class ProfileSerializer(Serializer):
    id = serializers.IntegerField()
    applicant = serializers.IntegerField(source="applicant_id")
    platform = serializers.IntegerField(source="platform_id")
    platform_name = serializers.CharField(source="platform.name")
    normalised = serializers.CharField(help_text="The one canonical spelling of the profile.")
    joint_with = serializers.IntegerField(
        source="joint_with_id",
        allow_null=True,
        help_text="A couple's shared account: the household's other applicant, whose profile it is too.",
    )


# --- Me, policy, platforms --------------------------------------------------------------


class MeSerializer(Serializer):
    id = serializers.IntegerField()
    username = serializers.CharField()
    full_name = serializers.CharField(source="get_full_name")
    role = serializers.CharField()
    teams = serializers.SerializerMethodField()
    policy_acknowledged = serializers.SerializerMethodField()

    def to_representation(self, user):
        self.teams_and_policy = teams_and_policy(user)  # one query for both fields
        return super().to_representation(user)

    @extend_schema_field(NamedSerializer(many=True))
    def get_teams(self, user):
        return NamedSerializer(self.teams_and_policy[0], many=True).data

    def get_policy_acknowledged(self, user) -> bool:
        """Whether the user accepted the current policy version."""
        return self.teams_and_policy[1]


class PolicyAcknowledgementSerializer(Serializer):
    policy_version = serializers.CharField(source="policy_version.version")
    title = serializers.CharField(source="policy_version.title")
    accepted_at = UtcDateTimeField()


class PlatformSerializer(Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    slug = serializers.CharField()
    checkable = serializers.BooleanField(source="is_checkable", help_text="Active, and checks may be made on it.")
    handle_hint = serializers.CharField()
    viewing_accounts = ViewingAccountSerializer(
        many=True, source="approved_accounts", help_text="The approved accounts a check may be made through."
    )


# --- Households and applicants ----------------------------------------------------------


class CommunicationNeedsSerializer(Serializer):
    """Accessible Information Standard needs; the service checks that they fit together."""

    needs_status = serializers.ChoiceField(
        choices=NeedsStatus.choices,
        required=False,
        help_text="`not_asked`, `no_needs` or `has_needs`; when left out it follows from the needs listed.",
    )
    information_formats = serializers.ListField(
        child=serializers.ChoiceField(choices=InformationFormat.choices), required=False, max_length=10
    )
    translation_language = StrictCharField(
        single_line=True, max_length=max_length(Applicant, "translation_language"), required=False, allow_blank=True
    )
    large_print_points = serializers.IntegerField(
        required=False, allow_null=True, min_value=LARGE_PRINT_MIN_POINTS, max_value=72
    )
    contact_method = serializers.ChoiceField(choices=ContactMethod.choices, required=False, allow_blank=True)
    communication_support = serializers.ListField(
        child=serializers.ChoiceField(choices=CommunicationSupport.choices), required=False, max_length=10
    )
    interpreter_language = StrictCharField(
        single_line=True, max_length=max_length(Applicant, "interpreter_language"), required=False, allow_blank=True
    )
    communication_notes = StrictCharField(
        max_length=max_length(Applicant, "communication_notes"), required=False, allow_blank=True
    )
    needs_review_on = BoundedDateField(required=False, allow_null=True)


class ApplicantSummarySerializer(Serializer):
    id = serializers.IntegerField()
    position = serializers.IntegerField()
    first_name = serializers.CharField()
    last_name = serializers.CharField()
    has_communication_needs = serializers.BooleanField()
    needs_status = serializers.ChoiceField(
        choices=NeedsStatus.choices, help_text="Whether their communication needs were asked (and found)."
    )
    consent_status = serializers.SerializerMethodField()
    check_status = serializers.SerializerMethodField()

    @extend_schema_field(serializers.ChoiceField(choices=ConsentState.values))
    def get_consent_status(self, applicant) -> str:
        return consent_status(applicant)

    @extend_schema_field(serializers.ChoiceField(choices=CheckStatus.values))
    def get_check_status(self, applicant) -> str:
        return check_status(applicant).value


class OneOffCheckSerializer(Serializer):
    state = serializers.ChoiceField(
        choices=["available", "in_progress", "used", "voided", "possible_from", "not_possible"]
    )
    text = serializers.CharField(help_text="The state in a sentence, as the applicant's page says it.")
    check = serializers.IntegerField(source="check.pk", allow_null=True, default=None)
    possible_from = serializers.DateField(allow_null=True)


class ApplicantSerializer(ApplicantSummarySerializer):
    household = serializers.IntegerField(source="household_id")
    household_reference = serializers.CharField(source="household.reference")
    date_of_birth = serializers.DateField(allow_null=True)
    communication_needs = CommunicationNeedsSerializer(source="*")
    communication_needs_labels = serializers.ListField(child=serializers.CharField())
    profiles = serializers.SerializerMethodField(help_text="Their profiles, shared (joint) accounts included.")
    earlier_applicant = serializers.IntegerField(
        source="earlier_applicant_id", allow_null=True, help_text="The same person in an earlier, closed application."
    )
    one_off_check = serializers.SerializerMethodField()
    created_at = UtcDateTimeField()

    @extend_schema_field(ProfileSerializer(many=True))
    def get_profiles(self, applicant):
        return ProfileSerializer(profiles_of(applicant), many=True).data

    @extend_schema_field(OneOffCheckSerializer)
    def get_one_off_check(self, applicant):
        return OneOffCheckSerializer(one_off_check_of(applicant)).data


class HouseholdSerializer(Serializer):
    id = serializers.IntegerField()
    reference = serializers.CharField()
    local_authority = NamedSerializer()
    team = NamedSerializer()
    allocated_worker = UserRefSerializer(allow_null=True)
    received_on = serializers.DateField()
    stage = serializers.ChoiceField(choices=Stage.choices)
    closed_on = serializers.DateField(allow_null=True)
    created_at = UtcDateTimeField()
    applicants = ApplicantSummarySerializer(many=True, source="applicant_list")  # api.selectors.households_for


class HouseholdCreateSerializer(Serializer):
    reference = StrictCharField(single_line=True, max_length=max_length(Household, "reference"))
    team = IdField(required=False, allow_null=True, help_text="One of your teams; defaults to your first team.")
    allocated_worker = IdField(required=False, allow_null=True, help_text="A member of the household's team.")
    received_on = BoundedDateField(required=False, allow_null=True, help_text="Defaults to today.")
    local_authority = IdField(
        required=False,
        allow_null=True,
        help_text="The council that is the data controller; may be left out only when there is exactly one.",
    )


class ApplicantCreateSerializer(Serializer):
    first_name = StrictCharField(single_line=True, max_length=max_length(Applicant, "first_name"))
    last_name = StrictCharField(single_line=True, max_length=max_length(Applicant, "last_name"))
    date_of_birth = BoundedDateField(required=False, allow_null=True)
    communication_needs = CommunicationNeedsSerializer(required=False, allow_null=True)
    earlier_applicant = IdField(
        required=False,
        allow_null=True,
        help_text="A returning applicant: the same person in an earlier, closed application you may see.",
    )


# --- Consent and profiles ----------------------------------------------------------------


class ConsentCreateSerializer(Serializer):
    given = StrictBooleanField(help_text="Whether the applicant consented on the ROI form.")
    signed_on = BoundedDateField()
    form_reference = StrictCharField(single_line=True, max_length=max_length(Consent, "form_reference"))
    information_format = serializers.ChoiceField(
        choices=ConsentFormat.choices, required=False, help_text="The format the consent information was given in."
    )
    language = StrictCharField(
        single_line=True,
        max_length=max_length(Consent, "language"),
        required=False,
        help_text="`en`, or the code of the translation given (see the consent text's translations).",
    )
    support_used = serializers.ChoiceField(
        choices=CommunicationSupport.choices,
        required=False,
        allow_blank=True,
        help_text="Communication support used at signing.",
    )
    support_language = StrictCharField(
        single_line=True, max_length=max_length(Consent, "support_language"), required=False, allow_blank=True
    )
    support_reference = StrictCharField(
        single_line=True,
        max_length=max_length(Consent, "support_reference"),
        required=False,
        allow_blank=True,
        help_text="The interpreter's name or booking reference.",
    )


class ConsentWithdrawSerializer(Serializer):
    reason = StrictCharField(max_length=max_length(Consent, "withdrawal_reason"))
    withdrawn_on = BoundedDateField(required=False, allow_null=True, help_text="Defaults to today.")


class ConsentSerializer(Serializer):
    id = serializers.IntegerField()
    applicant = serializers.IntegerField(source="applicant_id")
    given = serializers.BooleanField()
    signed_on = serializers.DateField()
    form_reference = serializers.CharField()
    information_format = serializers.CharField()
    language = serializers.CharField()
    wording_version = serializers.CharField(
        help_text="The version of the wording given (easy read and translations have their own)."
    )
    text_sha256 = serializers.CharField(help_text="The hash of the wording given.")
    support_used = serializers.CharField()
    support_language = serializers.CharField()
    support_reference = serializers.CharField()
    recorded_at = UtcDateTimeField()
    withdrawn_on = serializers.DateField(allow_null=True)
    consent_status = serializers.SerializerMethodField(help_text="The applicant's consent status after this change.")

    @extend_schema_field(serializers.ChoiceField(choices=ConsentState.values))
    def get_consent_status(self, consent) -> str:
        return consent_status(consent.applicant)


class ProfileCreateSerializer(Serializer):
    platform = IdField()
    handle = StrictCharField(
        single_line=True,
        max_length=max_length(SocialProfile, "entered"),
        help_text="A handle (`@name`) or a profile link.",
    )
    joint_with = IdField(
        required=False,
        allow_null=True,
        help_text="A couple's shared account: the household's other applicant. Its check needs both consents.",
    )


# --- Checks --------------------------------------------------------------------------------


class DeclarationsSerializer(Serializer):
    """All four must be true; one missing or false is refused DECLARATION_MISSING (403)."""

    no_personal_connection = StrictBooleanField(required=False)
    no_dummy_or_personal_account = StrictBooleanField(required=False)
    no_interaction = StrictBooleanField(required=False)
    this_profile_only = StrictBooleanField(required=False)


class CheckStartSerializer(Serializer):
    applicant = IdField()
    profile = IdField()
    viewing_account = IdField()
    declarations = DeclarationsSerializer(required=False)
    purpose = StrictCharField(max_length=max_length(SocialCheck, "purpose"))
    ripa_authorisation = IdField(
        required=False, allow_null=True, help_text="Only for a repeat view: the RIPA authorisation it relies on."
    )


class CheckStartedSerializer(Serializer):
    id = serializers.IntegerField()
    applicant = serializers.IntegerField(source="applicant_id")
    profile = serializers.IntegerField(source="profile_id")
    profile_url = serializers.CharField(source="profile.profile_url", help_text="The link to open, once.")
    started_at = UtcDateTimeField()
    ripa_authorisation = serializers.IntegerField(source="ripa_authorisation_id", allow_null=True)


class CheckCompleteSerializer(Serializer):
    findings_summary = StrictCharField(max_length=max_length(SocialCheck, "findings_summary"))
    outcome = serializers.ChoiceField(choices=CheckOutcome.choices)
    no_third_party_details = StrictBooleanField(help_text="Must be true: no other people's details were recorded.")


class CheckVoidSerializer(Serializer):
    voided_at = UtcDateTimeField()
    voided_by = UserRefSerializer()
    reason = serializers.CharField()


class CheckVoidRequestSerializer(Serializer):
    reason = StrictCharField(max_length=max_length(CheckVoid, "reason"))


class CheckSerializer(Serializer):
    id = serializers.IntegerField()
    applicant = serializers.IntegerField(source="applicant_id")
    profile = ProfileSerializer()
    worker = UserRefSerializer()
    viewing_account = ViewingAccountSerializer()
    ripa_authorisation = serializers.IntegerField(source="ripa_authorisation_id", allow_null=True)
    purpose = serializers.CharField()
    started_at = UtcDateTimeField()
    status = serializers.SerializerMethodField()
    findings_summary = serializers.CharField()
    outcome = serializers.CharField(help_text="Empty until the check is completed.")
    no_third_party_details = serializers.BooleanField()
    completed_at = UtcDateTimeField(allow_null=True)
    joint_applicant = serializers.IntegerField(
        source="joint_applicant_id", allow_null=True, help_text="A joint profile's check: the other applicant."
    )
    void = serializers.SerializerMethodField(help_text="A manager's void of the check, if any.")

    @extend_schema_field(CheckVoidSerializer(allow_null=True))
    def get_void(self, social_check):
        try:
            void = social_check.void  # select_related by api.selectors.checks_for
        except CheckVoid.DoesNotExist:
            return None
        return CheckVoidSerializer(void).data

    @extend_schema_field(serializers.ChoiceField(choices=[CheckStatus.IN_PROGRESS, CheckStatus.COMPLETED]))
    def get_status(self, social_check) -> str:
        return CheckStatus.COMPLETED if social_check.is_completed else CheckStatus.IN_PROGRESS


# --- Oversight --------------------------------------------------------------------------------


class RefusalSerializer(Serializer):
    id = serializers.IntegerField()
    at = UtcDateTimeField()
    user = UserRefSerializer()
    applicant = serializers.IntegerField(source="applicant_id")
    household_reference = serializers.CharField(source="applicant.household.reference")
    profile = serializers.IntegerField(source="profile_id", allow_null=True)
    code = serializers.CharField(help_text="The first failing rule: what the user was told.")
    codes = serializers.ListField(child=serializers.CharField(), help_text="Every failing rule, in order.")
    messages = serializers.ListField(child=serializers.CharField())


class RefusalFilterSerializer(Serializer):
    applicant = QueryIdField()
    code = serializers.ChoiceField(
        choices=RefusalCode.values, required=False, help_text="Refusals where this rule failed."
    )
    since = MomentField(required=False, help_text="A date or date-time: refusals at or after it.")


class AuditEventSerializer(Serializer):
    id = serializers.IntegerField()
    seq = serializers.IntegerField(help_text="Position in the hash chain.")
    at = UtcDateTimeField()
    actor = serializers.IntegerField(source="actor_id", allow_null=True)
    actor_username = serializers.CharField()
    action = serializers.ChoiceField(choices=Action.choices)
    record_type = serializers.CharField()
    record_id = serializers.CharField()
    household = serializers.IntegerField(source="household_id", allow_null=True)
    applicant = serializers.IntegerField(source="applicant_id", allow_null=True)
    summary = serializers.CharField(help_text="For an admin, of an entry about case records: only its kind and id.")
    data = serializers.JSONField(help_text="For an admin, of an entry about case records: empty.")
    remote_addr = serializers.CharField(allow_null=True)

    def to_representation(self, event):
        """What the reader may see of the entry: admins read no case content (audit.selectors.content_for)."""
        shown = super().to_representation(event)
        shown["summary"], shown["data"] = content_for(
            self.context["request"].user,
            action=event.action,
            record_type=event.record_type,
            record_id=event.record_id,
            summary=shown["summary"],
            data=shown["data"],
        )
        return shown


class AuditFilterSerializer(Serializer):
    actor = StrictCharField(
        single_line=True,
        max_length=max_length(AuditEvent, "actor_username"),
        required=False,
        help_text="A user id or a username.",
    )
    applicant = QueryIdField()
    action = serializers.ChoiceField(choices=Action.choices, required=False)
    since = MomentField(required=False, help_text="A date or date-time: entries at or after it.")
    until = MomentField(required=False, end_of_day=True, help_text="A date (the whole day) or date-time: up to it.")


class IncidentCreateSerializer(Serializer):
    kind = serializers.ChoiceField(choices=IncidentKind.choices)
    description = StrictCharField(max_length=max_length(Incident, "description"))
    applicant = IdField(required=False, allow_null=True)
    occurred_at = BoundedDateTimeField()


class IncidentSerializer(Serializer):
    id = serializers.IntegerField()
    kind = serializers.CharField()
    status = serializers.CharField()
    applicant = serializers.IntegerField(source="applicant_id", allow_null=True)
    occurred_at = UtcDateTimeField()
    reported_at = UtcDateTimeField()
    ico_deadline = UtcDateTimeField(allow_null=True, help_text="Personal data breaches: tell the ICO by then.")


# --- API tokens -----------------------------------------------------------------------------


class ApiTokenSerializer(Serializer):
    """A token as its owner sees it: never the key, which is shown once when issued."""

    id = serializers.IntegerField()
    name = serializers.CharField()
    kind = serializers.ChoiceField(
        choices=ApiToken.Kind.choices, help_text="`personal` (the user's own) or `integration` (issued by an admin)."
    )
    scope = serializers.ChoiceField(
        choices=ApiToken.Scope.choices, help_text="`read` may only read; `write` may also change."
    )
    status = serializers.ChoiceField(choices=[("active", "Active"), ("expired", "Expired"), ("revoked", "Revoked")])
    created_at = UtcDateTimeField()
    expires_at = UtcDateTimeField()
    last_used_at = UtcDateTimeField(allow_null=True, help_text="To the minute; null if never used.")
    revoked_at = UtcDateTimeField(allow_null=True)
    issued_by = serializers.CharField(
        source="issued_by.username", allow_null=True, default=None, help_text="The admin who issued it, if one did."
    )
    current = serializers.SerializerMethodField(help_text="Whether this is the token making the request.")

    @extend_schema_field(serializers.BooleanField())
    def get_current(self, token) -> bool:
        request = self.context.get("request")
        return request is not None and isinstance(request.auth, ApiToken) and request.auth.pk == token.pk


# --- The case's life (issue 15) ------------------------------------------------------------------


class StageMoveSerializer(Serializer):
    stage = serializers.CharField()
    on = serializers.DateField()
    by = UserRefSerializer(allow_null=True)
    reason = serializers.CharField()
    panel_recommendation = serializers.CharField(
        allow_null=True, help_text="On the move to panel: `approve` or `do_not_approve`; otherwise null."
    )
    decision_maker = serializers.CharField(
        allow_null=True, help_text="On the move to approved: the agency decision maker; otherwise null."
    )

    def to_representation(self, instance):
        data = super().to_representation(instance)
        for field in ("panel_recommendation", "decision_maker"):
            data[field] = data[field] or None
        return data


class HouseholdLifeListSerializer(serializers.ListSerializer):
    """A page of households: their retention dates worked out together, not with queries per household."""

    def to_representation(self, data):
        households = list(data.all() if isinstance(data, Manager) else data)
        from dataprotection.retention import retention_until_each

        self.context["retention_until"] = retention_until_each(households)
        return super().to_representation(households)


class HouseholdLifeSerializer(HouseholdSerializer):
    """A household with where it is in its life: stage, clock, closing, legal hold, retention."""

    class Meta:
        list_serializer_class = HouseholdLifeListSerializer

    stage_started_on = serializers.DateField(source="current_stage_began")
    due_on = serializers.DateField(allow_null=True)
    overdue = serializers.BooleanField()
    outcome = serializers.CharField(allow_null=True)
    legal_hold = serializers.BooleanField()
    retention_until = serializers.SerializerMethodField()
    history = StageMoveSerializer(many=True, source="history_list")  # api.selectors.households_for

    def to_representation(self, instance):
        data = super().to_representation(instance)
        data["outcome"] = instance.outcome or None
        return data

    @extend_schema_field(serializers.DateField(allow_null=True))
    def get_retention_until(self, household):
        from dataprotection.retention import retention_until

        each = self.context.get("retention_until")  # a page: HouseholdLifeListSerializer
        return each[household.pk] if each is not None and household.pk in each else retention_until(household)


class StageMoveRequestSerializer(Serializer):
    stage = serializers.ChoiceField(choices=Stage.choices)
    on = BoundedDateField()
    reason = StrictCharField(required=False, allow_blank=True, max_length=max_length(StageMove, "reason"))
    panel_recommendation = serializers.ChoiceField(
        choices=PanelRecommendation.choices, required=False, help_text="Required for the move to panel."
    )
    decision_maker = StrictCharField(
        single_line=True,
        required=False,
        max_length=max_length(StageMove, "decision_maker"),
        help_text="Required for the move to approved: who made the agency's decision.",
    )


class HouseholdCloseSerializer(Serializer):
    outcome = serializers.ChoiceField(choices=CaseOutcome.choices)
    on = BoundedDateField()
    reason = StrictCharField(max_length=max_length(Household, "closed_reason"))


class LegalHoldRequestSerializer(Serializer):
    reason = StrictCharField(max_length=max_length(LegalHoldChange, "reason"))


class LegalHoldSerializer(Serializer):
    id = serializers.IntegerField()
    reference = serializers.CharField()
    legal_hold = serializers.BooleanField()


class HouseholdFilterSerializer(Serializer):
    stage = serializers.ChoiceField(choices=Stage.choices, required=False)
    overdue = QueryBooleanField()
    q = StrictCharField(single_line=True, required=False, allow_blank=True, max_length=100)
