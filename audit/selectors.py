import functools

from django.apps import apps
from django.db.models import Q, QuerySet

from accounts.models import Role
from accounts.selectors import teams_of

from .models import Action, AuditEvent


def audit_events_visible_to(user) -> QuerySet:
    """Managers read their teams' trail (and their own actions); admins and auditors read it all.
    Entries about a household restricted to others (governance) are left out for those who read
    case content; admins read no content, so theirs stays whole."""
    if not user.is_authenticated or not user.is_active:
        return AuditEvent.objects.none()
    if user.role == Role.ADMIN:
        return AuditEvent.objects.all()
    if user.role == Role.AUDITOR:
        return _unrestricted(user, AuditEvent.objects.all())
    if user.role == Role.MANAGER:
        # A subquery, not a list: the page costs no extra query.
        return _unrestricted(user, AuditEvent.objects.filter(Q(team_id__in=teams_of(user)) | Q(actor=user)))
    return AuditEvent.objects.none()


def _unrestricted(user, events: QuerySet) -> QuerySet:
    from governance.selectors import without_restricted  # governance builds on the apps audit records

    return without_restricted(user, events, "household_id")


# Entries about no model: views of the trail, housekeeping and retention runs.
SERVICE_RECORD_TYPES = frozenset({"audit_trail", "auditevent", "housekeeping_run", "retention_run"})


@functools.cache
def configuration_record_types() -> frozenset[str]:
    """Record types whose entries admins read in full: each app marks its
    configuration models (platforms, users and teams, tokens, policy versions,
    retention periods …) with `audit_configuration = True`."""
    marked = {model._meta.model_name for model in apps.get_models() if getattr(model, "audit_configuration", False)}
    return frozenset(marked) | SERVICE_RECORD_TYPES


def reads_case_content(user) -> bool:
    """Managers (in their scope) and auditors read what every entry says. Admins
    configure the service: of an entry about case records they read only who
    did what kind of thing to what kind of record, and when."""
    return user.role in (Role.MANAGER, Role.AUDITOR)


def content_for(user, *, action: str, record_type: str, record_id: str, summary: str, data) -> tuple[str, dict]:
    """The summary and data of one entry as this user may read them."""
    if reads_case_content(user) or record_type in configuration_record_types():
        return summary, data
    return f"{Action(action).label}: {record_type} {record_id}".strip(), {}
