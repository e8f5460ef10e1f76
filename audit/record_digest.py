"""Digests of evidence rows (checks, refusals), recorded in the chain when they are written.

Apps register their evidence models here (checks does, in its AppConfig), so
the audit app depends on nothing above it.
"""

import hashlib

from django.forms.models import model_to_dict

from .chain import canonical_json

DIGESTED_MODELS: list = []


def register(*models) -> None:
    for model in models:
        if model not in DIGESTED_MODELS:
            DIGESTED_MODELS.append(model)


def record_digest(instance) -> str:
    values = model_to_dict(instance)
    values["id"] = instance.pk
    for name, value in list(values.items()):
        if hasattr(value, "isoformat") and hasattr(value, "hour"):
            values[name] = value.isoformat(timespec="microseconds")
    return hashlib.sha256(canonical_json(values).encode("utf-8")).hexdigest()
