"""The OpenAPI schema: every operation documents the errors it can answer with."""

import re

from drf_spectacular.openapi import AutoSchema
from drf_spectacular.plumbing import get_doc
from drf_spectacular.utils import OpenApiResponse
from rest_framework import serializers


class ApiAutoSchema(AutoSchema):
    """A description only where `extend_schema(description=...)` gives one: a view's docstring
    is written for whoever maintains the view, not for the API's users."""

    def get_description(self) -> str:
        return ""


# Rules across fields that a serializer enforces and its fields alone cannot state, by
# component name: merged into the component by `add_component_rules`.
COMPONENT_RULES: dict[str, dict] = {}
# DELETE operations that take a body (drf-spectacular gives a body to POST, PUT and PATCH only):
# their body is their path's POST body.
DELETE_WITH_POST_BODY = {"households_legal_hold_destroy"}


def add_component_rules(result, generator, request, public):
    """drf-spectacular postprocessing hook: COMPONENT_RULES, and the body of DELETE_WITH_POST_BODY."""
    components = result.get("components", {}).get("schemas", {})
    for name, rule in COMPONENT_RULES.items():
        if name in components:
            components[name].update(rule)
    for operations in result.get("paths", {}).values():
        delete = operations.get("delete")
        if delete and delete.get("operationId") in DELETE_WITH_POST_BODY and "post" in operations:
            delete["requestBody"] = operations["post"]["requestBody"]
    return result


BLANK = {"type": "string", "maxLength": 0}


def _merge_blank_alternative(node) -> None:
    """Text that may be blank and has a pattern comes out of drf-spectacular as
    `oneOf: [{pattern...}, {maxLength: 0}]`; "" matches both, so `oneOf` refuses the blank it
    means to allow. The pattern admits "" already: keep it alone."""
    if isinstance(node, dict):
        alternatives = node.get("oneOf")
        if (
            isinstance(alternatives, list)
            and len(alternatives) == 2
            and alternatives[1] == BLANK
            and re.fullmatch(alternatives[0].get("pattern", "(?!)"), "")
        ):
            del node["oneOf"]
            node.update(alternatives[0])
        for value in node.values():
            _merge_blank_alternative(value)
    elif isinstance(node, list):
        for item in node:
            _merge_blank_alternative(item)


def merge_blank_alternatives(result, generator, request, public):
    """drf-spectacular postprocessing hook: see _merge_blank_alternative."""
    _merge_blank_alternative(result)
    return result


def _subclasses(cls):
    for subclass in cls.__subclasses__():
        yield subclass
        yield from _subclasses(subclass)


def strip_docstrings(result, generator, request, public):
    """drf-spectacular postprocessing hook: no serializer's docstring stands as a component's
    description (help_text, written for the API's users, stays on each field)."""
    docstrings = {get_doc(cls) for cls in _subclasses(serializers.BaseSerializer)} - {""}
    for component in result.get("components", {}).get("schemas", {}).values():
        if component.get("description") in docstrings:
            del component["description"]
    return result


class ErrorSerializer(serializers.Serializer):
    code = serializers.CharField(help_text="A stable code, e.g. INVALID, NOT_FOUND, NO_CONSENT, DUPLICATE.")
    detail = serializers.CharField(help_text="A sentence for a person.")
    fields = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        help_text="Field errors by field name (`parent.child` when nested); empty when none.",
    )


class RefusalErrorSerializer(ErrorSerializer):
    """A check the rules refused: `code` is the first failing rule's; the refusal is on record."""

    codes = serializers.ListField(
        child=serializers.CharField(), required=False, help_text="Every rule that failed, in order."
    )
    refusal = serializers.IntegerField(required=False, help_text="The id of the recorded refusal.")
    next_step = serializers.CharField(required=False, help_text="What to do next, for the first failing rule.")
    possible_from = serializers.DateField(
        required=False,
        allow_null=True,
        help_text="With RECENTLY_CHECKED: the first day a returning applicant's new check is possible (null: never).",
    )


def error(description: str, serializer=ErrorSerializer) -> OpenApiResponse:
    return OpenApiResponse(response=serializer, description=description)


DESCRIPTIONS = {
    400: "INVALID: malformed JSON, a wrong JSON type, a field error (`fields` names them) or a bad query parameter.",
    401: "NOT_AUTHENTICATED: no credentials, or a token that is not valid, has expired or has been revoked "
    "(a personal token also stops working if its user no longer has two-step verification).",
    403: "NOT_PERMITTED: the user's role may not do this, a read-only token asked to change something, "
    "or a session request came without its CSRF token.",
    404: "NOT_FOUND: an id in the path or the body does not exist or is outside the user's scope.",
    415: "UNSUPPORTED_MEDIA_TYPE: the body is not `application/json`.",
    429: "THROTTLED: too many requests with this token (or, signed in, by this user): "
    "try again after the number of seconds in `Retry-After`.",
}
RETRY_AFTER = {"Retry-After": {"schema": {"type": "integer"}, "description": "Seconds to wait before trying again."}}
ERROR_RESPONSE = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}


def _error_codes(path: str, method: str, operation: dict) -> list[int]:
    has_body = method in ("post", "put", "patch")
    codes = [401, 403]
    if has_body or operation.get("operationId", "").endswith("_list"):
        codes.append(400)
    if has_body or "{" in path:
        codes.append(404)
    if has_body:
        codes.append(415)
    codes.append(429)
    return codes


def add_error_responses(result, generator, request, public):
    """drf-spectacular postprocessing hook: the errors every operation shares, where it names none of its own."""
    for path, operations in result.get("paths", {}).items():
        for method, operation in operations.items():
            responses = operation.setdefault("responses", {})
            for code in _error_codes(path, method, operation):
                response = {"content": ERROR_RESPONSE, "description": DESCRIPTIONS[code]}
                if code == 429:
                    response["headers"] = RETRY_AFTER
                responses.setdefault(str(code), response)
            operation["responses"] = dict(sorted(responses.items()))
    return result
