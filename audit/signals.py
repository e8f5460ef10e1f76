"""Every django-auditlog entry (model create/change/delete) joins the chain,
named for what it means: a check started or completed, a refusal."""

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


@receiver(post_log)
def chain_log_entry(sender, instance, action, changes=None, log_entry=None, log_created=False, **kwargs):
    if not log_created or log_entry is None:
        return
    meaning = _meaningful_action(instance, _ACTIONS.get(action, Action.OTHER), changes)
    data = {"changes": changes or {}, "log_entry": log_entry.pk}
    if type(instance) in DIGESTED_MODELS and action != LogEntry.Action.DELETE:
        data["record_sha256"] = record_digest(instance)
    audit_record(
        actor=log_entry.actor or _actor_from_instance(instance),
        action=meaning,
        record_type=instance._meta.model_name,
        record_id=log_entry.object_pk,
        summary=f"{Action(meaning).label}: {instance._meta.verbose_name} {log_entry.object_repr}"[:300],
        obj=instance,
        data=data,
        remote_addr=log_entry.remote_addr,
    )
