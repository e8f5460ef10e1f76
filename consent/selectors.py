"""The applicant's consent now, asked once: the pages, the API, the dashboard
and the check rules all read it from `consent_state_of`."""

from django.db.models import Case, OuterRef, QuerySet, Subquery, Value, When
from django.db.models.functions import Coalesce

from cases.models import Applicant

from .models import LIVE, Consent, ConsentState


def _resting_first(applicant=None) -> QuerySet:
    """One applicant's consents (default: the outer query's applicant), each with
    the state it gives, the one the state rests on first: the live consent if
    there is one, otherwise the newest answer."""
    consents = Consent.objects.filter(applicant=applicant if applicant is not None else OuterRef("pk"))
    return consents.annotate(
        state=Case(
            When(LIVE, then=Value(ConsentState.GIVEN.value)),
            When(given=False, then=Value(ConsentState.REFUSED.value)),
            default=Value(ConsentState.WITHDRAWN.value),
        ),
        rank=Case(When(LIVE, then=Value(0)), default=Value(1)),
    ).order_by("rank", "-recorded_at", "-pk")


def consent_state_of(applicant=None):
    """An expression for one applicant's consent state: given while a consent
    is live; otherwise refused or withdrawn as the newest answer says; none."""
    return consent_expressions(applicant)[0]


def consent_resting_on(applicant=None):
    """An expression for the id of the consent record the state rests on."""
    return consent_expressions(applicant)[1]


def consent_expressions(applicant=None) -> tuple:
    """Both, from one queryset: (consent state, id of the record it rests on)."""
    resting = _resting_first(applicant)
    return (
        Coalesce(Subquery(resting.values("state")[:1]), Value(ConsentState.NONE.value)),
        Subquery(resting.values("pk")[:1]),
    )


def with_consent_state(applicants: QuerySet) -> QuerySet:
    """Applicants annotated with `consent_state` and `current_consent_id` (one query for a whole list)."""
    state, resting_on = consent_expressions()
    return applicants.annotate(consent_state=state, current_consent_id=resting_on)


def _state_and_record_id(applicant: Applicant) -> tuple[str, int | None]:
    if getattr(applicant, "consent_state", None) is not None:
        return applicant.consent_state, applicant.current_consent_id
    fresh = with_consent_state(Applicant.objects.filter(pk=applicant.pk))
    return fresh.values_list("consent_state", "current_consent_id").get()


def current_consent_state(applicant: Applicant) -> ConsentState:
    """Free for an applicant from `with_consent_state`; otherwise one query."""
    return ConsentState(_state_and_record_id(applicant)[0])


def consent_state(applicant: Applicant) -> tuple[ConsentState, Consent | None]:
    """The applicant's consent now, and the record it rests on: free for an
    applicant from `with_consent_state` with its consents prefetched."""
    state, consent_id = _state_and_record_id(applicant)
    consent = None
    if consent_id is not None:
        consent = next((c for c in applicant.consents.all() if c.pk == consent_id), None)
    return ConsentState(state), consent
