"""Recording an applicant's social media profile."""

from django.db import IntegrityError, transaction

from cases.models import Applicant
from cases.scope import can_act_on_household
from cases.services import require_open
from t4c_socialcheck.errors import Conflict, Invalid, NotPermitted
from t4c_socialcheck.limits import as_id, max_length

from .models import Platform, SocialProfile
from .normalise import ProfileInputError, normalise_profile, split_host


def _known_domains() -> dict[str, Platform]:
    return {domain: platform for platform in Platform.objects.filter(active=True) for domain in platform.domain_list}


def _platform_for_host(text: str, domains: dict[str, Platform]) -> Platform | None:
    host, _ = split_host(str(text or "").strip(), frozenset(domains))
    return domains.get(host) if host else None


def _joint_partner(applicant: Applicant, joint_with) -> Applicant | None:
    """The other applicant of the same household, for a couple's shared account."""
    if joint_with is None:
        return None
    partner_id = joint_with.pk if isinstance(joint_with, Applicant) else as_id(joint_with)
    partner = (
        Applicant.objects.filter(pk=partner_id, household_id=applicant.household_id).exclude(pk=applicant.pk).first()
        if partner_id is not None
        else None
    )
    if partner is None:
        message = "A shared account belongs to both applicants of this household: choose the other applicant."
        raise Invalid(message, fields={"joint_with": [message]})
    return partner


@transaction.atomic
def profile_add(*, user, applicant: Applicant, platform: Platform, handle: str, joint_with=None) -> SocialProfile:
    """Record a profile of the applicant or, with `joint_with` (the other applicant of
    the household), of both: a couple's shared account."""
    applicant = Applicant.objects.select_for_update().select_related("household").get(pk=applicant.pk)
    if not can_act_on_household(user, applicant.household):
        raise NotPermitted("You cannot add a profile for this applicant.")
    require_open(applicant.household)
    partner = _joint_partner(applicant, joint_with)
    if not platform.active:
        raise Invalid(f"{platform.name} has been retired.", fields={"platform": ["Choose an active platform."]})
    domains = _known_domains()
    try:
        identity = normalise_profile(handle, platform.rules(), frozenset(domains))
    except ProfileInputError as error:
        message = str(error)
        other = _platform_for_host(handle, domains)
        if other is not None and other != platform:
            message = f"That link is for {other.name}. Choose {other.name} as the platform, or enter a {platform.name} profile."
        raise Invalid(message, fields={"handle": [message]}) from None
    existing = SocialProfile.objects.filter(platform=platform, identity=identity).select_related("applicant").first()
    if existing is not None:
        if applicant.pk in existing.applicant_ids:
            detail = f"This profile is already recorded for {applicant.full_name} as {existing.normalised}."
        else:
            # Do not name another applicant: they may be outside the user's scope.
            detail = f"This profile ({existing.normalised}) is already recorded for another applicant."
        raise Conflict(detail, fields={"handle": [detail]})
    try:
        with transaction.atomic():
            return SocialProfile.objects.create(
                applicant=applicant,
                joint_with=partner,
                platform=platform,
                entered=str(handle).strip()[: max_length(SocialProfile, "entered")],
                identity=identity,
                created_by=user,
            )
    except IntegrityError:
        raise Conflict("This profile is already recorded.", fields={"handle": ["Already recorded."]}) from None
