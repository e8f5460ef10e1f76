"""Gathering everything held about one applicant for a subject access request.

Each item is a snapshot: a title and rows of (label, value, sensitive). Sensitive
rows hold staff or third parties' details, masked when the reviewer redacts the
item. RIPA records and communication needs are each read through one function
(`ripa_items`, `communication_needs`) so that the apps that own them can change
underneath without touching the rest of this module.
"""

from dataclasses import dataclass, field

from django.db.models import Q
from django.utils import timezone

from audit.models import Action, AuditEvent
from cases.models import Applicant, InformationFormat
from cases.selectors import communication_needs_summary
from ripa.selectors import records_about_applicant

from .models import ItemCategory


@dataclass
class Gathered:
    category: str
    source: str
    title: str
    rows: list[dict] = field(default_factory=list)

    def add(self, label: str, value, *, sensitive: bool = False) -> "Gathered":
        self.rows.append({"label": label, "value": _text(value), "sensitive": sensitive})
        return self


def _text(value) -> str:
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if hasattr(value, "tzinfo") and hasattr(value, "hour"):
        return timezone.localtime(value).strftime("%d/%m/%Y %H:%M")
    if hasattr(value, "isoformat"):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, list | tuple):
        return ", ".join(str(v) for v in value)
    return str(value)


def _person(user) -> str:
    return (user.get_full_name() or user.username) if user is not None else ""


def communication_needs(applicant: Applicant) -> dict:
    """The applicant's communication needs as the cases app shares them, in the pack's shape."""
    summary = communication_needs_summary(applicant)
    labels = summary["needs"] or ([summary["status_label"]] if summary["status"] else [])
    return {
        "labels": labels,
        "formats": summary["information_formats"],
        "notes": summary["notes"],
        "review_on": applicant.needs_review_on,
    }


def needs_large_print(applicant: Applicant) -> bool:
    return InformationFormat.LARGE_PRINT in communication_needs(applicant)["formats"]


def ripa_items(applicant: Applicant) -> list[Gathered]:
    """The RIPA register's records about the applicant (ripa.selectors), one item per application.
    Officers' names are staff details: redacted unless the reviewer discloses them."""
    items = []
    for record in records_about_applicant(applicant):
        item = Gathered(ItemCategory.RIPA, f"ripa:{record['reference']}", f"RIPA application {record['reference']}")
        item.add("Reference", record["reference"]).add("Status", record["status"])
        item.add("Offence", record["offence"]).add("Profiles", ", ".join(record["profiles"]))
        item.add("Applying officer", record["applicant_officer"], sensitive=True)
        item.add("Authorising officer", record["authorising_officer"], sensitive=True)
        item.add("Decided on", record["decision_on"]).add("Justice's approval", record["justice_approved_on"])
        item.add("Valid from", record["valid_from"]).add("Last valid day", record["last_valid_day"])
        item.add("Reviews", record["reviews"]).add("Cancelled on", record["cancelled_on"])
        item.add("Views under it", len(record["views"]))
        items.append(item)
    return items


def gather(applicant: Applicant) -> list[Gathered]:
    """Every item about the person, in the order the pack shows them."""
    from checks.models import Refusal, SocialCheck
    from consent.models import Consent
    from incidents.models import Incident

    household = applicant.household
    details = Gathered(ItemCategory.APPLICANT, f"applicant:{applicant.pk}", "Your personal details")
    details.add("First name", applicant.first_name).add("Last name", applicant.last_name)
    details.add("Date of birth", applicant.date_of_birth)
    details.add("Application reference", household.reference)
    details.add("Council (data controller)", household.local_authority.name)
    details.add("Application received", household.received_on)
    details.add("Stage", household.get_stage_display())
    details.add("Closed on", household.closed_on)
    details.add("Social worker", _person(household.allocated_worker), sensitive=True)
    items = [details]

    needs = communication_needs(applicant)
    item = Gathered(ItemCategory.COMMUNICATION_NEEDS, f"needs:{applicant.pk}", "Your communication needs")
    item.add("Needs", needs["labels"] or "None recorded")
    item.add("Notes", needs["notes"]).add("To be reviewed on", needs["review_on"])
    items.append(item)

    for consent in Consent.objects.filter(applicant=applicant).select_related("recorded_by").order_by("recorded_at"):
        item = Gathered(ItemCategory.CONSENT, f"consent:{consent.pk}", f"Consent form {consent.form_reference}")
        item.add("Your answer", "Consent given" if consent.given else "Consent refused")
        item.add("Signed on", consent.signed_on).add("Form reference", consent.form_reference)
        item.add("Information given in", consent.get_information_format_display())
        item.add("Lawful basis", consent.lawful_basis)
        item.add("Recorded by", _person(consent.recorded_by), sensitive=True)
        item.add("Withdrawn on", consent.withdrawn_on).add("Reason for withdrawal", consent.withdrawal_reason)
        items.append(item)

    for profile in applicant.profiles.select_related("platform").order_by("created_at", "pk"):
        item = Gathered(ItemCategory.PROFILE, f"profile:{profile.pk}", f"{profile.platform.name} profile")
        item.add("Platform", profile.platform.name).add("Profile", profile.normalised)
        item.add("Recorded", profile.created_at)
        items.append(item)

    checks = SocialCheck.objects.filter(applicant=applicant).select_related(
        "profile__platform", "worker", "viewing_account"
    )
    for check in checks.order_by("started_at", "pk"):
        item = Gathered(ItemCategory.CHECK, f"check:{check.pk}", f"Check of {check.profile.normalised}")
        item.add("Profile", check.profile.normalised).add("Purpose", check.purpose)
        item.add("Started", check.started_at).add("Completed", check.completed_at)
        item.add("Outcome", check.get_outcome_display() if check.outcome else "")
        item.add("Findings", check.findings_summary)
        item.add("Checked by", _person(check.worker), sensitive=True)
        item.add("Viewed with", check.viewing_account.label, sensitive=True)
        items.append(item)

    for refusal in Refusal.objects.filter(applicant=applicant).select_related("user").order_by("at", "pk"):
        item = Gathered(ItemCategory.REFUSAL, f"refusal:{refusal.pk}", "A check the rules refused")
        item.add("When", refusal.at).add("Why", refusal.messages)
        item.add("Tried by", _person(refusal.user), sensitive=True)
        items.append(item)

    # Incidents about them, and those about their household that name no one applicant.
    about_them = Q(applicant=applicant) | Q(household=household, applicant__isnull=True)
    for incident in Incident.objects.filter(about_them).select_related("reported_by").order_by("occurred_at", "pk"):
        item = Gathered(ItemCategory.INCIDENT, f"incident:{incident.pk}", incident.get_kind_display())
        item.add("When", incident.occurred_at).add("Status", incident.get_status_display())
        item.add("What happened", incident.description, sensitive=True)
        item.add("Reported by", _person(incident.reported_by), sensitive=True)
        items.append(item)

    items.extend(ripa_items(applicant))

    events = AuditEvent.objects.filter(
        Q(applicant_id=applicant.pk) & Q(action__in=[Action.VIEW, Action.EXPORT])
    ).order_by("seq")
    viewed = Gathered(ItemCategory.AUDIT, f"audit:{applicant.pk}", "Who viewed or exported your record")
    for event in events:
        viewed.add(f"{_text(event.at)} {event.get_action_display().lower()}", event.actor_username, sensitive=True)
    if not viewed.rows:
        viewed.add("Views", "None recorded")
    items.append(viewed)
    return items
