"""A lost database connection is answered with a clear 503, never a bare 500.

Nothing is half-saved: every write runs in a transaction, which the database
rolls back when the connection drops. The page (or the API's JSON) says so."""

import logging

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
