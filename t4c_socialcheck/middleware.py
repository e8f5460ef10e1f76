"""A lost database connection is answered with a clear 503, never a bare 500.

Nothing is half-saved: every write runs in a transaction, which the database
rolls back when the connection drops. The page (or the API's JSON) says so."""

import ipaddress
import logging

from django.conf import settings
from django.db import InterfaceError, OperationalError, connection
from django.http import HttpResponse, JsonResponse
from django.template.loader import render_to_string

logger = logging.getLogger(__name__)

MESSAGE = "The service could not reach its database, so nothing was saved. Try again in a few minutes."


class DatabaseUnavailableMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, (OperationalError, InterfaceError)):
            return None
        logger.error("Database unavailable during %s %s", request.method, request.path, exc_info=exception)
        # Drop the broken connection: the session and anything after this use a fresh one.
        connection.close()
        if request.path.startswith("/api/"):
            return JsonResponse({"code": "SERVICE_UNAVAILABLE", "detail": MESSAGE, "fields": {}}, status=503)
        try:
            body = render_to_string("503.html", {"message": MESSAGE}, request=request)
        except Exception:  # the page itself must not fail: fall back to plain words
            body = MESSAGE
        return HttpResponse(body, status=503)


class ForwardedForMiddleware:
    """Only trust X-Forwarded-For from our own proxy, and only if it holds an address.

    django-auditlog records the header's first value as the client's address.
    Sent by anyone, it would let a client choose the IP in the audit trail,
    and a malformed value would fail to save in PostgreSQL's inet column."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        header = request.META.get("HTTP_X_FORWARDED_FOR")
        if header is not None:
            first = header.split(",")[0].strip()
            if not settings.SOCIALCHECK_TRUST_FORWARDED_FOR or not _is_ip(first):
                del request.META["HTTP_X_FORWARDED_FOR"]
            else:
                request.META["HTTP_X_FORWARDED_FOR"] = first
        return self.get_response(request)


def _is_ip(value: str) -> bool:
    try:
        ipaddress.ip_address(value)
    except ValueError:
        return False
    return True
