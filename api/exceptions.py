"""Every API error has one shape: {"code": "<CODE>", "detail": "<sentence>", "fields": {...}}."""

from django.core.exceptions import PermissionDenied, RequestDataTooBig
from django.http import Http404
from rest_framework import exceptions
from rest_framework.response import Response
from rest_framework.settings import api_settings

from t4c_socialcheck.errors import ServiceError

# DRF's exceptions, by the stable code the contract names.
_CODES = (
    (exceptions.ValidationError, "INVALID"),
    (exceptions.ParseError, "INVALID"),
    (exceptions.NotAuthenticated, "NOT_AUTHENTICATED"),
    (exceptions.AuthenticationFailed, "NOT_AUTHENTICATED"),
    (exceptions.PermissionDenied, "NOT_PERMITTED"),
    (exceptions.NotFound, "NOT_FOUND"),
    (exceptions.MethodNotAllowed, "METHOD_NOT_ALLOWED"),
    (exceptions.UnsupportedMediaType, "UNSUPPORTED_MEDIA_TYPE"),
    (exceptions.Throttled, "THROTTLED"),
)


def error_body(code: str, detail: str, fields: dict | None = None) -> dict:
    return {"code": code, "detail": str(detail), "fields": fields or {}}


def _flatten(detail, prefix: str = "") -> dict[str, list[str]]:
    """DRF's nested error detail as {"field": [...], "parent.child": [...], "list.0": [...]}."""
    if isinstance(detail, dict):
        items = detail.items()
    elif isinstance(detail, list) and detail and all(not isinstance(d, (dict, list)) for d in detail):
        return {prefix or api_settings.NON_FIELD_ERRORS_KEY: [str(d) for d in detail]}
    elif isinstance(detail, list):
        items = enumerate(detail)
    else:
        return {prefix or api_settings.NON_FIELD_ERRORS_KEY: [str(detail)]}
    fields: dict[str, list[str]] = {}
    for key, value in items:
        if value in ({}, []):
            continue  # DRF marks the valid items of a list with an empty entry
        if key == api_settings.NON_FIELD_ERRORS_KEY and prefix:
            name = prefix  # a nested object's own error belongs to the field holding it
        else:
            name = f"{prefix}.{key}" if prefix else str(key)
        fields.update(_flatten(value, name))
    return fields


def _validation_response(exc: exceptions.ValidationError) -> Response:
    fields = _flatten(exc.detail)
    names = [name for name in fields if name != api_settings.NON_FIELD_ERRORS_KEY]
    if names:
        detail = "Check " + ", ".join(names) + "."
    else:
        detail = next(iter(fields.values()), ["The request is not valid."])[0]
    return Response(error_body("INVALID", detail, fields), status=400)


def api_exception_handler(exc, context):
    """DRF's exception handler for the contract's error shape.

    Unlike DRF's own, it never marks the transaction for rollback: a record of
    a denied access (audit_denied) written before the error must survive.
    """
    if isinstance(exc, ServiceError):
        return Response(error_body(exc.code, exc.detail, exc.fields), status=exc.status)
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()
    elif isinstance(exc, RequestDataTooBig):
        exc = exceptions.ParseError("The request body is too large.")
    if not isinstance(exc, exceptions.APIException):
        return None
    if isinstance(exc, exceptions.ValidationError):
        return _validation_response(exc)
    code = next((code for cls, code in _CODES if isinstance(exc, cls)), str(exc.default_code).upper())
    headers = {}
    if getattr(exc, "auth_header", None):
        headers["WWW-Authenticate"] = exc.auth_header
    if getattr(exc, "wait", None):
        headers["Retry-After"] = str(int(exc.wait))
    detail = exc.default_detail if isinstance(exc.detail, (list, dict)) else exc.detail
    return Response(error_body(code, detail), status=exc.status_code, headers=headers)
