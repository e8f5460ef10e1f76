"""Writing the audit trail. Every entry goes through `audit_record`."""

from auditlog.context import auditlog_value
from django.db import transaction
from django.db.models import QuerySet

from t4c_socialcheck.client import client_ip

from . import chain
from .models import Action, AuditEvent

MAX_SUMMARY = AuditEvent._meta.get_field("summary").max_length
NO_SCOPE = {"household_id": None, "applicant_id": None, "team_id": None}


def scope_of(obj) -> dict:
    """The household, applicant and team an entry is about, for filtering and
    scoping the trail, as the record's own app says (its `audit_scope()`)."""
    audit_scope = getattr(obj, "audit_scope", None)
    return {**NO_SCOPE, **audit_scope()} if audit_scope is not None else dict(NO_SCOPE)


def _address(request) -> str | None:
    """The client's address (t4c_socialcheck.client); without a request (a service
    called by a view), the one django-auditlog's middleware took for the request."""
    if request is not None:
        return client_ip(request)
    address = auditlog_value.get({}).get("remote_addr")
    return address() if callable(address) else address


def _event(
    *,
    actor,
    action: str,
    record_type: str,
    record_id="",
    summary: str,
    obj=None,
    data: dict | None = None,
    remote_addr: str | None = None,
    request=None,
) -> AuditEvent:
    actor_obj = actor if actor is not None and getattr(actor, "pk", None) else None
    return AuditEvent(
        actor=actor_obj,
        actor_username=getattr(actor, "username", "") or "",
        action=action,
        record_type=record_type,
        record_id=str(record_id or ""),
        summary=summary[:MAX_SUMMARY],
        data=data or {},
        remote_addr=remote_addr or _address(request),
        **scope_of(obj),
    )


def audit_record(**fields) -> AuditEvent:
    """Append one entry to the chain, in the caller's transaction. Takes the fields
    `_event` names: actor, action, record_type, record_id, summary, obj, data,
    remote_addr, request."""
    event = _event(**fields)
    # No savepoint: if the append fails, the caller's whole transaction must fail with it.
    with transaction.atomic(savepoint=False):
        chain.append(event)
    return event


def _access_event(user, obj, what: str, request, data: dict | None) -> AuditEvent:
    return _event(
        actor=user,
        action=what,
        record_type=obj._meta.model_name,
        record_id=obj.pk,
        summary=f"{Action(what).label}: {obj._meta.verbose_name} {obj.pk}",
        obj=obj,
        data=data,
        request=request,
    )


def audit_access(*, user, obj, what: str = Action.VIEW, request=None, data: dict | None = None) -> AuditEvent:
    """Record that a person viewed or exported a record (its page, an export, an API read)."""
    event = _access_event(user, obj, what, request, data)
    with transaction.atomic(savepoint=False):
        chain.append(event)
    return event


def audit_accesses(*, user, objs, what: str = Action.VIEW, request=None) -> list[AuditEvent]:
    """Record that a person viewed several records at once (a household page: the household and each
    applicant): one entry each, appended together, so the chain's head is locked and read once."""
    events = [_access_event(user, obj, what, request, None) for obj in objs]
    with transaction.atomic(savepoint=False):
        chain.append_many(events)
    return events


def audit_denied(*, user, obj, request=None, data: dict | None = None) -> AuditEvent:
    """A 403/404 on something that exists is itself evidence. The entry names
    the record by its type and id only: no reference or name of a case the user
    may not see."""
    return audit_record(
        actor=user,
        action=Action.ACCESS_DENIED,
        record_type=obj._meta.model_name,
        record_id=obj.pk,
        summary=f"Access denied: {obj._meta.verbose_name} {obj.pk}",
        obj=obj,
        data={**({"path": request.path} if request is not None else {}), **(data or {})},
        request=request,
    )


def audit_denied_if_exists(*, user, model, pk, request=None) -> None:
    """A refused request for a record that exists is evidence; one for an id that
    does not exist is not. Looks the record up outside every scope (a plain
    `QuerySet` of the model) to tell the two apart."""
    existing = QuerySet(model=model).filter(pk=pk).first() if model is not None else None
    if existing is not None:
        audit_denied(user=user, obj=existing, request=request)
