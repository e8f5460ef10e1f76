from django.db.models import Q, QuerySet

from accounts.models import Role
from accounts.selectors import teams_of

from .models import AuditEvent


def audit_events_visible_to(user) -> QuerySet:
    """Managers read their teams' trail (and their own actions); admins and auditors read it all."""
    if not user.is_authenticated or not user.is_active:
        return AuditEvent.objects.none()
    if user.role in (Role.ADMIN, Role.AUDITOR):
        return AuditEvent.objects.all()
    if user.role == Role.MANAGER:
        # A subquery, not a list: the page costs no extra query.
        return AuditEvent.objects.filter(Q(team_id__in=teams_of(user)) | Q(actor=user))
    return AuditEvent.objects.none()
