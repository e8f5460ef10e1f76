"""Every change to the RIPA register: one service per step of the code of practice.

Each step locks the application row (`select_for_update`), so two simultaneous
decisions, approvals or cancellations cannot both pass the status test: the
second waits, then sees the first one's status and gets INVALID_TRANSITION.
Every model here is registered with django-auditlog, so each write is on the
chained audit trail with its actor; refusals of the pre-screen are recorded too."""

import datetime

from django.db import transaction
from django.utils import timezone

from audit.models import Action
from audit.services import audit_record
from cases.models import Applicant, LocalAuthority
from cases.scope import can_act_on_household
from notifications.services import absolute_url, notify
from platforms.selectors import profiles_of
from t4c_socialcheck.dates import is_calendar_date
from t4c_socialcheck.errors import Invalid, InvalidTransition, NotFound, NotPermitted
from t4c_socialcheck.limits import as_id, max_length

from .dates import last_valid_day
from .models import AuthorisingOfficer, RipaApplication, RipaCancellation, RipaReview, Status, ThresholdOffence
from .selectors import applications_visible_to, chain_q, display_status, is_designated_officer, is_its_officer

CRIME_THRESHOLD_MONTHS = 6
DEFAULT_REVIEW_EVERY_DAYS = 28
PROPORTIONALITY = {
    "balance": "proportionality_balance",
    "least_intrusive": "proportionality_least_intrusive",
    "appropriate_use": "proportionality_appropriate_use",
    "alternatives": "proportionality_alternatives",
}
NOT_A_CRIMINAL_INVESTIGATION = (
    "A council can authorise directed surveillance only to prevent or detect a crime punishable by at least "
    f"{CRIME_THRESHOLD_MONTHS} months' imprisonment, or one of the underage alcohol and tobacco sale offences "
    "the threshold names. Assessing whether someone can adopt is not a criminal investigation, so RIPA cannot "
    "authorise repeat viewing for it. Record what the one-off check found and discuss any concern with the applicant."
)


class CrimeThresholdNotMet(Invalid):
    code = "CRIME_THRESHOLD_NOT_MET"


def _text(value, name: str, label: str, errors: dict, *, model=RipaApplication, required=True) -> str:
    value = value.strip() if isinstance(value, str) else ""
    limit = max_length(model, name)
    if required and not value:
        errors[name] = [f"Enter {label}."]
    elif len(value) > limit:
        errors[name] = [f"{label[0].upper()}{label[1:]} must be {limit} characters or fewer."]
    return value


def _past_date(value, name: str, label: str, errors: dict) -> datetime.date | None:
    if not is_calendar_date(value):
        errors[name] = [f"Enter {label}."]
        return None
    if value > timezone.localdate():
        errors[name] = [f"{label[0].upper()}{label[1:]} must be today or in the past."]
    return value


def _locked(user, application_id) -> RipaApplication:
    """The application, locked for this transaction, if the user may see it (else 404)."""
    pk = as_id(application_id)
    application = (
        applications_visible_to(user).select_for_update(of=("self",)).select_related("council").filter(pk=pk).first()
        if pk is not None
        else None
    )
    if application is None:
        raise NotFound("The RIPA application was not found.")
    return application


def _refuse(user, application, detail: str):
    """Entry points record the denial (api.base.ApiMixin.denial_recorded) once this
    transaction has rolled back, so the record survives."""
    raise NotPermitted(detail)


def _name(user) -> str:
    return user.get_full_name() or user.username


def _tell(application: RipaApplication, *, template: str, recipients: list[str], about: str, **context):
    recipients = [r for r in recipients if r]
    if recipients:
        notify(
            kind=f"ripa_{template}",
            template=f"ripa_{template}",
            context={"application": application, "url": absolute_url("ripa-detail", application.pk), **context},
            recipients=recipients,
            about=about,
            local_authority=application.council,
        )


def _officer_emails(council_id: int) -> list[str]:
    """The council's designated officers, and its RIPA coordinator, who keeps the central record."""
    officers = AuthorisingOfficer.objects.filter(council_id=council_id, active=True)
    coordinator = LocalAuthority.objects.filter(pk=council_id).values_list("ripa_coordinator_email", flat=True).first()
    return [*officers.values_list("user__email", flat=True), coordinator or ""]


# --- Application --------------------------------------------------------------------------------------


def application_create(
    *,
    user,
    applicant_id,
    profile_ids,
    offence,
    offence_max_sentence_months,
    necessity,
    proportionality,
    collateral_intrusion,
    confidential_information_likely,
    collateral_intrusion_minimised="",
    threshold_offence="",
) -> RipaApplication:
    """A manager applies for one council's authorisation. The pre-screen refuses, and
    records, an application for an offence below the local authority crime threshold."""
    if not user.is_manager:
        raise NotPermitted("Only a manager can apply for a RIPA authorisation.")
    applicant = Applicant.objects.select_related("household__local_authority").filter(pk=as_id(applicant_id)).first()
    if applicant is None or not can_act_on_household(user, applicant.household):
        raise NotFound("The applicant was not found.")
    errors: dict[str, list[str]] = {}
    offence = _text(offence, "offence", "the offence being investigated", errors)
    months = offence_max_sentence_months
    if not isinstance(months, int) or isinstance(months, bool) or not 0 <= months <= 12 * 100:
        errors["offence_max_sentence_months"] = ["Enter the offence's maximum sentence in months (0 for none)."]
    if threshold_offence not in ThresholdOffence.values:
        errors["threshold_offence"] = ["Choose one of the offences the threshold names, or none."]
    if not isinstance(confidential_information_likely, bool):
        errors["confidential_information_likely"] = ["Say whether confidential or privileged information is likely."]
    if errors.keys() & {"offence_max_sentence_months", "threshold_offence"}:
        raise Invalid("Check the application.", fields=errors)
    crime_threshold_prescreen(
        user=user, applicant=applicant, offence=offence, months=months, threshold_offence=threshold_offence
    )
    necessity = _text(necessity, "necessity", "why the surveillance is necessary", errors)
    elements = proportionality if isinstance(proportionality, dict) else {}
    values = {
        field: _text(elements.get(key), field, f"the proportionality element '{key}'", errors)
        for key, field in PROPORTIONALITY.items()
    }
    collateral = _text(collateral_intrusion, "collateral_intrusion", "the collateral intrusion", errors)
    minimised = _text(
        collateral_intrusion_minimised, "collateral_intrusion_minimised", "how it is kept down", errors, required=False
    )
    if not isinstance(profile_ids, list | tuple | set | frozenset):  # one id, typed at the shell
        profile_ids = [profile_ids] if profile_ids else []
    profile_ids = list(dict.fromkeys(as_id(p) for p in profile_ids))
    # The applicant's own profiles and a couple's shared account recorded under their partner.
    profiles = list(profiles_of(applicant).filter(pk__in=[p for p in profile_ids if p]))
    if not profile_ids:
        errors["profiles"] = ["Choose at least one profile in scope."]
    elif len(profiles) != len(profile_ids):
        raise NotFound("A profile was not found for this applicant.")
    if errors:
        raise Invalid("Check the application.", fields=errors)
    with transaction.atomic():
        application = RipaApplication.objects.create(
            reference=_next_reference(applicant.household.local_authority_id),
            council_id=applicant.household.local_authority_id,
            applicant=applicant,
            offence=offence,
            offence_max_sentence_months=months,
            threshold_offence=threshold_offence,
            necessity=necessity,
            collateral_intrusion=collateral,
            collateral_intrusion_minimised=minimised,
            confidential_information_likely=confidential_information_likely,
            applied_by=user,
            applied_on=timezone.localdate(),
            **values,
        )
        application.profiles.set(profiles)
        _tell(
            application,
            template="decision_needed",
            recipients=_officer_emails(application.council_id),
            about=f"ripa:{application.pk}:decision",
        )
    return application


def crime_threshold_prescreen(*, user, applicant, offence: str, months: int, threshold_offence: str) -> None:
    """The pre-screen: an offence below the local authority crime threshold is refused, and the
    refusal recorded. Pages call it on its own too, outside the transaction that would undo the record."""
    if months < CRIME_THRESHOLD_MONTHS and not threshold_offence:
        audit_record(
            actor=user,
            action=Action.ACCESS_DENIED,
            record_type="ripaapplication",
            summary="RIPA application refused at the pre-screen: below the local authority crime threshold",
            obj=applicant,
            data={"code": CrimeThresholdNotMet.code, "offence": offence[:200], "max_sentence_months": months},
        )
        raise CrimeThresholdNotMet(
            NOT_A_CRIMINAL_INVESTIGATION,
            fields={"offence_max_sentence_months": [f"Below the crime threshold of {CRIME_THRESHOLD_MONTHS} months."]},
        )


def _next_reference(council_id: int) -> str:
    """RIPA-<COUNCIL>-<YEAR>-<n>: numbered per council and year, under the council's row lock."""
    council = LocalAuthority.objects.select_for_update().get(pk=council_id)
    year = timezone.localdate().year
    prefix = f"RIPA-{(council.slug or str(council.pk)).upper()[:30]}-{year}-"
    taken = RipaApplication.objects.filter(kind=RipaApplication.Kind.INITIAL, reference__startswith=prefix).count()
    return f"{prefix}{taken + 1:03d}"


# --- The authorising officer's decision ---------------------------------------------------------------


@transaction.atomic
def application_decide(
    *, user, application_id, granted, reasons, officer_involved=False, review_every_days=None
) -> RipaApplication:
    """A designated authorising officer of the application's council, never the applying
    officer, grants or refuses, with reasons. A refused application stays on the register."""
    application = _locked(user, application_id)
    if not is_designated_officer(user, application.council_id):
        _refuse(user, application, f"Only a designated authorising officer of {application.council} can decide.")
    if application.applied_by_id == user.pk:
        _refuse(user, application, "The officer who applied cannot decide their own application.")
    if application.status != Status.AWAITING_DECISION:
        raise InvalidTransition(f"This application has already been decided: {application.get_status_display()}.")
    if application.original_id and _chain_cancelled(application):
        raise InvalidTransition("The authorisation this renewal continues has been cancelled.")
    errors: dict[str, list[str]] = {}
    if not isinstance(granted, bool):
        errors["granted"] = ["Say whether you grant or refuse the application."]
    reasons = _text(reasons, "decision_reasons", "the reasons for your decision", errors)
    if not isinstance(officer_involved, bool):
        errors["officer_involved"] = ["Say whether you are directly involved in the investigation."]
    every = DEFAULT_REVIEW_EVERY_DAYS if review_every_days is None else review_every_days
    if not isinstance(every, int) or isinstance(every, bool) or not 1 <= every <= 92:
        errors["review_every_days"] = ["Enter how often to review it, in days (1 to 92)."]
    if errors:
        raise Invalid("Check the decision.", fields=errors)
    designation = AuthorisingOfficer.objects.get(user=user, council_id=application.council_id)
    application.decided_by = user
    application.authorising_officer_name = _name(user)
    application.authorising_officer_grade = designation.grade
    application.authorising_officer_involved = officer_involved
    application.decided_on = timezone.localdate()
    application.granted = granted
    application.decision_reasons = reasons
    application.review_every_days = every if granted else None
    application.status = Status.AWAITING_JUSTICE if granted else Status.REFUSED
    application.save()
    _tell(
        application,
        template="decided",
        recipients=[application.applied_by.email],
        about=f"ripa:{application.pk}:decided",
    )
    return application


def _chain_cancelled(application: RipaApplication) -> bool:
    return RipaCancellation.objects.filter(application_id=application.root_id).exists()


# --- The justice's approval ---------------------------------------------------------------------------


@transaction.atomic
def justice_approval_record(*, user, application_id, approved, on, court, justice) -> RipaApplication:
    """A manager records the justice's decision (RIPA s.32A). Approved: in force from that
    day through its last valid day; a renewal from the day after the current last valid day."""
    if not user.is_manager:
        raise NotPermitted("Only a manager can record a justice's decision.")
    application = _locked(user, application_id)
    if not can_act_on_household(user, application.applicant.household):
        _refuse(user, application, "Only a manager of the household's team can record a justice's decision.")
    if application.status != Status.AWAITING_JUSTICE:
        raise InvalidTransition(
            f"Only an application granted by an authorising officer goes to a justice: "
            f"this one is {application.get_status_display().lower()}."
        )
    errors: dict[str, list[str]] = {}
    if not isinstance(approved, bool):
        errors["approved"] = ["Say whether the justice approved or refused."]
    on = _past_date(on, "on", "the date of the justice's decision", errors)
    if on is not None and "on" not in errors and on < application.decided_on:
        errors["on"] = [
            f"The justice's decision cannot be before the authorising officer's grant "
            f"({application.decided_on:%d %B %Y})."
        ]
    court = _text(court, "court", "the court", errors)
    justice = _text(justice, "justice", "the justice's name", errors)
    if errors:
        raise Invalid("Check the justice's decision.", fields=errors)
    if application.original_id and approved:
        current = RipaApplication.objects.select_for_update(of=("self",)).get(pk=application.renews_id)
        if _chain_cancelled(application) or current.stopped_on is not None or on > current.last_valid_day:
            raise InvalidTransition(
                f"A renewal must be approved by {current.last_valid_day:%d %B %Y}, the current last valid day, "
                "while the authorisation is in force. Without it the authorisation ends; apply afresh if still needed."
            )
        valid_from = current.last_valid_day + datetime.timedelta(days=1)
    else:
        valid_from = on
    application.justice_decided_on = on
    application.justice_approved = approved
    application.court = court
    application.justice = justice
    application.justice_recorded_by = user
    if approved:
        application.status = Status.ACTIVE
        application.valid_from = valid_from
        application.last_valid_day = last_valid_day(valid_from)
    else:
        application.status = Status.JUSTICE_REFUSED
    application.save()
    return application


# --- Reviews, renewal and cancellation -----------------------------------------------------------------


def _require_its_officer(user, application: RipaApplication, what: str):
    if not is_its_officer(user, application):
        _refuse(user, application, f"Only the authorising officer who granted this authorisation can {what}.")


@transaction.atomic
def review_record(*, user, application_id, on, outcome, reasons) -> RipaReview:
    """The authorising officer reviews the authorisation in force (code 5.14). "Cancel" stops
    it at once; the cancellation (what happens to the material) is recorded next."""
    application = _locked(user, application_id)
    _require_its_officer(user, application, "review it")
    if display_status(application) != "in_force":
        raise InvalidTransition(
            f"Only an authorisation in force is reviewed: this one is {application.get_status_display().lower()}."
        )
    errors: dict[str, list[str]] = {}
    on = _past_date(on, "on", "the date of the review", errors)
    if on is not None and "on" not in errors and on < application.valid_from:
        errors["on"] = [f"A review cannot be before the authorisation took effect ({application.valid_from:%d %B %Y})."]
    if outcome not in RipaReview.Outcome.values:
        errors["outcome"] = ["Choose continue or cancel."]
    reasons = _text(reasons, "reasons", "the reasons", errors, model=RipaReview)
    if errors:
        raise Invalid("Check the review.", fields=errors)
    review = RipaReview.objects.create(
        application=application, on=on, outcome=outcome, reasons=reasons, reviewed_by=user
    )
    if outcome == RipaReview.Outcome.CANCEL:
        application.stopped_on = on
        application.save(update_fields=["stopped_on"])
    return review


@transaction.atomic
def renewal_apply(*, user, application_id, reasons, obtained_so_far) -> RipaApplication:
    """A manager applies, before the last valid day, to renew the authorisation: a new
    application, decided and approved by a justice as the first was."""
    if not user.is_manager:
        raise NotPermitted("Only a manager can apply to renew a RIPA authorisation.")
    application = _locked(user, application_id)
    if not can_act_on_household(user, application.applicant.household):
        _refuse(user, application, "Only a manager of the household's team can apply to renew it.")
    status = display_status(application)
    if status not in ("in_force", "approved"):
        raise InvalidTransition(
            "A renewal is applied for before the authorisation expires, while it is in force: "
            f"this one is {application.get_status_display().lower() if status != 'lapsed' else 'lapsed'}."
        )
    if RipaApplication.objects.filter(
        renews=application, status__in=[Status.AWAITING_DECISION, Status.AWAITING_JUSTICE, Status.ACTIVE]
    ).exists():
        raise InvalidTransition("A renewal of this application is already in progress or approved.")
    errors: dict[str, list[str]] = {}
    reasons = _text(reasons, "renewal_reasons", "why it is still necessary", errors)
    obtained = _text(obtained_so_far, "obtained_so_far", "what has been obtained so far", errors)
    if errors:
        raise Invalid("Check the renewal.", fields=errors)
    copied = [
        "council_id",
        "applicant_id",
        "offence",
        "offence_max_sentence_months",
        "threshold_offence",
        "necessity",
        "proportionality_balance",
        "proportionality_least_intrusive",
        "proportionality_appropriate_use",
        "proportionality_alternatives",
        "collateral_intrusion",
        "collateral_intrusion_minimised",
        "confidential_information_likely",
    ]
    renewal = RipaApplication.objects.create(
        reference=f"{application.original.reference if application.original_id else application.reference}"
        f"-R{RipaApplication.objects.filter(original_id=application.root_id).count() + 1}",
        kind=RipaApplication.Kind.RENEWAL,
        original_id=application.root_id,
        renews=application,
        renewal_reasons=reasons,
        obtained_so_far=obtained,
        applied_by=user,
        applied_on=timezone.localdate(),
        not_recorded=[f for f in application.not_recorded if f not in ("decided_by", "decided_on")],
        **{name: getattr(application, name) for name in copied},
    )
    renewal.profiles.set(application.profiles.all())
    _tell(
        renewal,
        template="decision_needed",
        recipients=_officer_emails(renewal.council_id),
        about=f"ripa:{renewal.pk}:decision",
    )
    return renewal


@transaction.atomic
def authorisation_cancel(*, user, application_id, reasons, ceased_at, product_handling) -> RipaCancellation:
    """Its authorising officer cancels the authorisation as soon as it is no longer necessary
    (code 5.22): reasons, when the instruction to stop was given, what happens to the material."""
    application = _locked(user, application_id)
    _require_its_officer(user, application, "cancel it")
    chain = list(
        RipaApplication.objects.select_for_update(of=("self",)).filter(
            chain_q(application.root_id), status=Status.ACTIVE
        )
    )
    if not chain or _chain_cancelled(application):
        raise InvalidTransition("Only an authorisation approved by a justice, and not cancelled, can be cancelled.")
    errors: dict[str, list[str]] = {}
    reasons = _text(reasons, "reasons", "the reasons", errors, model=RipaCancellation)
    handling = _text(
        product_handling,
        "product_handling",
        "what happens to the material obtained (kept where, or destroyed when and by whom)",
        errors,
        model=RipaCancellation,
    )
    if not isinstance(ceased_at, datetime.datetime):
        errors["ceased_at"] = ["Enter when the instruction to stop was given."]
    else:
        if timezone.is_naive(ceased_at):  # typed at the shell: the agency's time, as the pages read it
            ceased_at = timezone.make_aware(ceased_at)
        if ceased_at > timezone.now():
            errors["ceased_at"] = ["When the instruction to stop was given must be now or in the past."]
    if errors:
        raise Invalid("Check the cancellation.", fields=errors)
    cancellation = RipaCancellation.objects.create(
        application_id=application.root_id,
        cancelled_on=timezone.localdate(),
        reasons=reasons,
        ceased_at=ceased_at,
        product_handling=handling,
        cancelled_by=user,
    )
    for member in chain:
        member.status = Status.CANCELLED
        member.save(update_fields=["status"])
    return cancellation
