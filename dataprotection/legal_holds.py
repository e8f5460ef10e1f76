"""Which cases are on legal hold, and why: the data protection officer's list."""

from dataclasses import dataclass

from accounts.models import Role
from cases.models import Household, LegalHoldChange
from cases.scope import households_visible_to
from t4c_socialcheck.errors import NotPermitted


@dataclass
class HeldCase:
    household: Household
    set_by: LegalHoldChange | None


def households_on_hold(user) -> list[HeldCase]:
    """Auditors and admins see every held case; managers those in their scope; workers none."""
    if user.role in (Role.AUDITOR, Role.ADMIN):
        households = Household.objects.all()
    elif user.role == Role.MANAGER:
        households = households_visible_to(user)
    else:
        raise NotPermitted("Only the data protection officer, managers and admins see the legal holds.")
    held = list(households.filter(legal_hold=True).select_related("local_authority", "team").order_by("reference"))
    latest: dict[int, LegalHoldChange] = {}
    for change in LegalHoldChange.objects.filter(household__in=held, held=True).select_related("by").order_by("at"):
        latest[change.household_id] = change
    return [HeldCase(household, latest.get(household.pk)) for household in held]
