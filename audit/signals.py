"""Every django-auditlog entry (model create/change/delete) joins the chain,
named for what it means: a check started or completed, a refusal."""

import functools

from auditlog.context import auditlog_value, disable_auditlog
from auditlog.diff import get_field_value, model_instance_diff, track_field
from auditlog.models import LogEntry
from auditlog.registry import auditlog
from auditlog.signals import post_log
from django.db import connection, connections
from django.db.models import sql
from django.dispatch import receiver
from django.utils.encoding import smart_str

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


def _chain(
    instance, *, action: str, changes: dict | None, actor, remote_addr, record_id, label, log_entry_id=None, before=None
):
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
        before=before,
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


def insert_with_entry(instance, *, actor) -> None:
    """Insert a new record with its chained entry: the entry `chain_log_entry`
    writes, without django-auditlog's LogEntry (the hottest write path spares
    that row). A record whose id is already taken (see checks.facts) is
    inserted in the same round trip as its entry; otherwise it is saved first.
    The client's address comes from the request context django-auditlog keeps."""
    before = None if instance.pk is None else _insert_statement(instance)
    if before is None:
        with disable_auditlog():
            instance.save(force_insert=True)
    _chain(
        instance,
        action=Action.CREATE,
        changes=created_changes(instance),
        actor=actor,
        remote_addr=_context_remote_addr(),
        record_id=instance.pk,
        label=str(instance),
        before=before,
    )
    if before is not None:  # inserted with the entry: what save() would have noted
        instance._state.adding = False
        instance._state.db = connection.alias


@functools.cache
def _fields_diffed_on_create(model) -> tuple | None:
    """The fields `model_instance_diff` compares for a new record of `model`,
    worked out once; None if it masks any (then it is left to do the work)."""
    config = auditlog.get_model_fields(model)
    if config["mask_fields"]:
        return None
    fields = [field for field in model._meta.get_fields() if track_field(field)]
    if config["include_fields"]:
        fields = [field for field in fields if field.name in config["include_fields"]]
    return tuple(field for field in fields if field.name not in config["exclude_fields"])


def created_changes(instance) -> dict:
    """What `model_instance_diff(None, instance)` gives, with the same value
    formatting, without finding the fields again on every write: on the
    hottest write path that search cost more than the rest of the diff."""
    fields = _fields_diffed_on_create(type(instance))
    if fields is None:
        return model_instance_diff(None, instance)
    # For the missing old record, django-auditlog's old value is always "None".
    changes = {}
    for field in fields:
        value = get_field_value(instance, field)
        if value != "None":
            changes[field.name] = ("None", smart_str(value))
    return changes


def _insert_statement(instance) -> tuple[str, list]:
    """The INSERT that `instance.save(force_insert=True)` would send, but not yet
    run. The model's save() and signals are not called: nothing here relies on them.

    The values are prepared as the ORM's compiler prepares them (defaults,
    conversions); the statement's text, the same for every record of a model,
    is written once. An expression as a value, or a field with a placeholder
    of its own, is left to the compiler."""
    fields = instance._meta.local_concrete_fields
    statement = _plain_insert_sql(type(instance), connection.alias)
    values = [field.pre_save(instance, True) for field in fields]
    if statement is None or any(hasattr(value, "resolve_expression") for value in values):
        return compiled_insert(instance)
    return statement, [field.get_db_prep_save(value, connection) for field, value in zip(fields, values, strict=True)]


def compiled_insert(instance) -> tuple[str, list]:
    query = sql.InsertQuery(type(instance))
    query.insert_values(instance._meta.local_concrete_fields, [instance])
    [(statement, params)] = query.get_compiler(connection.alias).as_sql()
    return statement, list(params)


@functools.cache
def _plain_insert_sql(model, alias: str) -> str | None:
    fields = model._meta.local_concrete_fields
    if any(hasattr(field, "get_placeholder") for field in fields):
        return None
    ops = connections[alias].ops
    columns = ", ".join(ops.quote_name(field.column) for field in fields)
    placeholders = ", ".join(["%s"] * len(fields))
    return f"{ops.insert_statement()} {ops.quote_name(model._meta.db_table)} ({columns}) VALUES ({placeholders})"


def _context_remote_addr() -> str | None:
    context = auditlog_value.get({})
    address = context.get("remote_addr")
    return address() if callable(address) else address
