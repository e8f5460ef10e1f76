"""Password changes in the audit trail: who set whose password, never the password or its hash."""

from auditlog.context import auditlog_value

from audit.models import Action
from audit.services import audit_record


def record_password_change(user, change: str) -> None:
    """The actor and address are the request's, as django-auditlog's middleware
    noted them (t4c_socialcheck.middleware); none outside a request (a command)."""
    context = auditlog_value.get(None) or {}
    actor = context.get("actor")
    actor = actor if getattr(actor, "pk", None) else None
    if change == "unusable":
        what = f"turned off password sign-in for {user.username}"
    elif actor is not None and actor.pk == user.pk:
        what = "changed their password"
    else:
        what = f"set a new password for {user.username}"
    who = actor.username if actor is not None else "A command or the system"
    audit_record(
        actor=actor,
        action=Action.UPDATE,
        record_type="user",
        record_id=user.pk,
        summary=f"{who} {what}",
        data={"password": change},
        remote_addr=context.get("remote_addr"),
    )
