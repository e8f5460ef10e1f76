from django.db.models import QuerySet

from accounts.models import Role
from cases.scope import teams_of

from .models import AuditEvent


def audit_events_visible_to(user) -> QuerySet:
    """Managers read their teams' trail (and their own actions); admins and auditors read it all."""
    if not user.is_authenticated or not user.is_active:
        return AuditEvent.objects.none()
    if user.role in (Role.ADMIN, Role.AUDITOR):
        return AuditEvent.objects.all()
    if user.role == Role.MANAGER:
        team_ids = list(teams_of(user).values_list("pk", flat=True))
        return AuditEvent.objects.filter(team_id__in=team_ids) | AuditEvent.objects.filter(actor=user)
    return AuditEvent.objects.none()
