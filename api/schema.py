"""The OpenAPI schema: every operation documents the errors it can answer with."""

from drf_spectacular.openapi import AutoSchema
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


def error(description: str, serializer=ErrorSerializer) -> OpenApiResponse:
    return OpenApiResponse(response=serializer, description=description)


_DESCRIPTIONS = {
    400: "INVALID: malformed JSON, a wrong JSON type, a field error (`fields` names them) or a bad query parameter.",
    401: "NOT_AUTHENTICATED: no credentials, or a token that is not valid.",
    403: "NOT_PERMITTED: the user's role may not do this (or a session request without its CSRF token).",
    404: "NOT_FOUND: an id in the path or the body does not exist or is outside the user's scope.",
    415: "UNSUPPORTED_MEDIA_TYPE: the body is not `application/json`.",
}


class ApiAutoSchema(AutoSchema):
    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        has_body = self.method in ("POST", "PUT", "PATCH")
        codes = [401, 403]
        if has_body or self._is_list_view():
            codes.append(400)
        if has_body or "{" in self.path:
            codes.append(404)
        if has_body:
            codes.append(415)
        for code in codes:
            if str(code) not in responses:
                responses[str(code)] = self._get_response_for_code(error(_DESCRIPTIONS[code]), str(code))
        return dict(sorted(responses.items()))
