"""Subject access: everything held about one applicant, in one export."""

from django.db.models import Q

from accounts.models import Role
from audit.models import Action, AuditEvent
from cases.models import Applicant
from cases.scope import applicants_visible_to
from checks.models import Refusal, SocialCheck
from incidents.models import Incident
from ripa.selectors import records_about_applicant
from t4c_socialcheck.errors import NotFound, NotPermitted


def applicant_for_subject_access(user, applicant_id) -> Applicant:
    """The data protection officer (the auditor role: any applicant) and managers
    (their teams') may export. Admins configure the service and read no case records."""
    if user.role in (Role.MANAGER, Role.AUDITOR):
        queryset = applicants_visible_to(user)
    else:
        raise NotPermitted("Only the data protection officer and managers can export a subject access request.")
    try:
        return queryset.select_related("household__local_authority", "household__team").get(pk=applicant_id)
    except (Applicant.DoesNotExist, ValueError, TypeError):
        raise NotFound("The applicant was not found.") from None


def _date(value):
    return value.isoformat() if value else None


def subject_access_data(applicant: Applicant) -> dict:
    household = applicant.household
    return {
        "applicant": {
            "id": applicant.pk,
            "first_name": applicant.first_name,
            "last_name": applicant.last_name,
            "date_of_birth": _date(applicant.date_of_birth),
            "communication_needs": applicant.communication_needs_labels(),
            "communication_notes": applicant.communication_notes,
            "needs_review_on": _date(applicant.needs_review_on),
        },
        "household": {
            "reference": household.reference,
            "local_authority (data controller)": household.local_authority.name,
            "received_on": _date(household.received_on),
            "stage": household.get_stage_display(),
            "closed_on": _date(household.closed_on),
            "outcome": household.get_outcome_display(),
        },
        "consents": [
            {
                "given": c.given,
                "signed_on": _date(c.signed_on),
                "form_reference": c.form_reference,
                "information_format": c.get_information_format_display(),
                "lawful_basis": c.lawful_basis,
                "recorded_at": _date(c.recorded_at),
                "withdrawn_on": _date(c.withdrawn_on),
                "withdrawal_reason": c.withdrawal_reason,
            }
            for c in applicant.consents.order_by("recorded_at")
        ],
        "social_media_profiles": [
            {"platform": p.platform.name, "profile": p.normalised, "recorded_at": _date(p.created_at)}
            for p in applicant.profiles.select_related("platform").order_by("created_at")
        ],
        "checks": [
            {
                "profile": c.profile.normalised,
                "worker": c.worker.get_full_name() or c.worker.username,
                "viewing_account": c.viewing_account.label,
                "purpose": c.purpose,
                "started_at": _date(c.started_at),
                "completed_at": _date(c.completed_at),
                "outcome": c.get_outcome_display() if c.outcome else "",
                "findings_summary": c.findings_summary,
                "under_ripa_authorisation": c.ripa_authorisation.reference if c.ripa_authorisation else None,
            }
            for c in SocialCheck.objects.filter(applicant=applicant)
            .select_related("profile__platform", "worker", "viewing_account", "ripa_authorisation")
            .order_by("started_at")
        ],
        "refused_attempts": [
            {"at": _date(r.at), "rules": r.codes, "reasons": r.messages}
            for r in Refusal.objects.filter(applicant=applicant).order_by("at")
        ],
        # Everything the RIPA register holds about them (ripa.selectors).
        "ripa_applications": records_about_applicant(applicant),
        "incidents": [
            {
                "kind": i.get_kind_display(),
                "status": i.get_status_display(),
                "occurred_at": _date(i.occurred_at),
                "description": i.description,
            }
            for i in Incident.objects.filter(applicant=applicant).order_by("occurred_at")
        ],
        "who_viewed_or_exported_the_record": [
            {"at": _date(e.at), "who": e.actor_username, "action": e.get_action_display()}
            for e in AuditEvent.objects.filter(
                Q(applicant_id=applicant.pk) & Q(action__in=[Action.VIEW, Action.EXPORT])
            ).order_by("seq")
        ],
    }
