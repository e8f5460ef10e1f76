"""The OpenAPI schema: every operation documents the errors it can answer with."""

from drf_spectacular.utils import OpenApiResponse
from rest_framework import serializers


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
