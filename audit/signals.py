"""Every django-auditlog entry (model create/change/delete) joins the chain,
named for what it means: a check started or completed, a refusal."""

import functools

from auditlog.context import disable_auditlog
from auditlog.diff import model_instance_diff
from auditlog.models import LogEntry
from auditlog.signals import post_log
from django.dispatch import receiver

from .models import Action
from .record_digest import DIGESTED_MODELS, record_digest
from .services import audit_record

_ACTIONS = {
    LogEntry.Action.CREATE: Action.CREATE,
    LogEntry.Action.UPDATE: Action.UPDATE,
    LogEntry.Action.DELETE: Action.DELETE,
    LogEntry.Action.ACCESS: Action.VIEW,
}


def _meaningful_action(instance, action: str, changes: dict | None) -> str:
    model = instance._meta.model_name
    if model == "socialcheck":
        if action == Action.CREATE:
            return Action.CHECK_STARTED
        if action == Action.UPDATE and "completed_at" in (changes or {}):
            return Action.CHECK_COMPLETED
    if model == "refusal" and action == Action.CREATE:
        return Action.CHECK_REFUSED
    return action


# Who acted, read from the record itself when no request set the actor (shell, tasks, services).
_ACTOR_FIELDS = ("completed_by", "withdrawn_by", "worker", "user", "recorded_by", "reported_by", "created_by")


def _actor_from_instance(instance):
    for name in _ACTOR_FIELDS:
        if getattr(instance, f"{name}_id", None):
            return getattr(instance, name)
    return None


def _chain(instance, *, action: str, changes: dict | None, actor, remote_addr, record_id, label, log_entry_id=None):
    meaning = _meaningful_action(instance, action, changes)
    data = {"changes": changes or {}}
    if log_entry_id is not None:
        data["log_entry"] = log_entry_id
    if type(instance) in DIGESTED_MODELS and action != Action.DELETE:
        data["record_sha256"] = record_digest(instance)
    audit_record(
        actor=actor or _actor_from_instance(instance),
        action=meaning,
        record_type=instance._meta.model_name,
        record_id=record_id,
        summary=f"{Action(meaning).label}: {instance._meta.verbose_name} {label}"[:300],
        obj=instance,
        data=data,
        remote_addr=remote_addr,
    )


@receiver(post_log)
def chain_log_entry(sender, instance, action, changes=None, log_entry=None, log_created=False, **kwargs):
    if not log_created or log_entry is None:
        return
    _chain(
        instance,
        action=_ACTIONS.get(action, Action.OTHER),
        changes=changes,
        actor=log_entry.actor,
        remote_addr=log_entry.remote_addr,
        record_id=log_entry.object_pk,
        label=log_entry.object_repr,
        log_entry_id=log_entry.pk,
    )


@functools.cache
def _fields_of_a_new_record(model) -> tuple[str, ...]:
    """What django-auditlog's diff reads of a record just created, less the reverse
    one-to-one relations: nothing can point to a row that did not exist, so each
    would be a query answering "none" (the diff leaves those out either way)."""
    return tuple(
        field.name
        for field in model._meta.get_fields()
        if not (field.one_to_one and field.auto_created and not field.concrete)
    )


def create_with_entry(model, *, actor, **fields):
    """Create a record with its chained entry, the entry `chain_log_entry` would
    write, but without django-auditlog's LogEntry: the busiest write (a started
    check) spares that row, and the chained entry holds the same diff. The
    client's address comes from the request context django-auditlog keeps
    (audit.services)."""
    with disable_auditlog():
        instance = model.objects.create(**fields)
    _chain(
        instance,
        action=Action.CREATE,
        changes=model_instance_diff(None, instance, fields_to_check=_fields_of_a_new_record(model)),
        actor=actor,
        remote_addr=None,
        record_id=instance.pk,
        label=str(instance),
    )
    return instance
