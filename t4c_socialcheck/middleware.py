"""A lost database connection is answered with a clear 503, never a bare 500.

Nothing is half-saved: every write runs in a transaction, which the database
rolls back when the connection drops. The page (or the API's JSON) says so."""

import logging

import auditlog.middleware
from auditlog.context import auditlog_value
from django.conf import settings
from django.db import InterfaceError, OperationalError, connection
from django.http import HttpResponse, JsonResponse
from django.template.loader import render_to_string

from .client import client_ip

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


class AuditlogMiddleware(auditlog.middleware.AuditlogMiddleware):
    """django-auditlog's middleware, recording the client's address as the rest of the app sees it.

    Its own reading takes X-Forwarded-For's first value, which the client writes.
    t4c_socialcheck.client.client_ip trusts only our proxies' entries and returns
    an address or None, never a malformed value (PostgreSQL's inet column would refuse it)."""

    def get_extra_data(self, request):
        data = super().get_extra_data(request)
        data["remote_addr"] = client_ip(request)
        if not settings.SOCIALCHECK_PROXY_COUNT:
            data["remote_port"] = None  # X-Forwarded-Port, too, is the client's word without our proxy
        return data

    def __call__(self, request):
        # django-auditlog leaves the request's actor and address in its context
        # variable; work after the request (accounts.passwords) must not take them.
        # Resetting to this token restores the variable as it was before the request.
        token = auditlog_value.set(auditlog_value.get(None))
        try:
            return super().__call__(request)
        finally:
            auditlog_value.reset(token)
