"""Structured logs: one JSON line per log record, each carrying the request's
id, the signed-in user's id and the view, and one line per request with its
timing (RequestLogMiddleware). The request line never carries a query string
or a form: those are where applicants' names and handles would be; the views
log ids, never names (tests/test_operations.py searches a full journey's log)."""

import contextvars
import logging
import re
import time
import uuid

from pythonjsonlogger.json import JsonFormatter

from . import metrics

REQUEST_ID_HEADER = "X-Request-ID"
# An id the load balancer set is kept, if it looks like one (no room for anything else).
INCOMING_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")

request_id_var = contextvars.ContextVar("request_id", default=None)
user_id_var = contextvars.ContextVar("user_id", default=None)
view_var = contextvars.ContextVar("view", default=None)

logger = logging.getLogger("socialcheck.request")


class RequestContextFilter(logging.Filter):
    """Adds request_id, user_id and view to every record logged while a request is handled."""

    def filter(self, record):
        request = getattr(record, "request", None)
        if request is not None and hasattr(request, "path"):
            # django.request's records carry the request, whose repr has the query
            # string (where a search for a name would be): keep the path only.
            record.request = f"{request.method} {request.path}"
            record.request_id = getattr(request, "request_id", None)
            user = getattr(request, "user", None)
            record.user_id = user.pk if user is not None and user.is_authenticated else None
            record.view = view_name(request)
        record.request_id = getattr(record, "request_id", None) or request_id_var.get()
        record.user_id = getattr(record, "user_id", None) or user_id_var.get()
        record.view = getattr(record, "view", None) or view_var.get()
        return True


class JsonLines(JsonFormatter):
    """python-json-logger's formatter with the fields every line has."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("fmt", "%(asctime)s %(levelname)s %(name)s %(message)s")
        kwargs.setdefault("rename_fields", {"asctime": "time", "levelname": "level", "name": "logger"})
        kwargs.setdefault("timestamp", False)
        super().__init__(*args, **kwargs)


def view_name(request) -> str:
    match = getattr(request, "resolver_match", None)
    if match is None:
        return "unresolved"
    return match.view_name or match.url_name or "unnamed"


class RequestLogMiddleware:
    """First in MIDDLEWARE: gives each request an id (X-Request-ID, kept from the
    load balancer when well-formed), times it, logs it and counts it by view."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        incoming = request.headers.get(REQUEST_ID_HEADER, "")
        request.request_id = incoming if INCOMING_ID.match(incoming) else uuid.uuid4().hex
        tokens = [request_id_var.set(request.request_id), user_id_var.set(None), view_var.set(None)]
        started = time.perf_counter()
        try:
            response = self.get_response(request)
            seconds = time.perf_counter() - started
            view = view_name(request)
            user = getattr(request, "user", None)
            user_id = user.pk if user is not None and user.is_authenticated else None
            user_id_var.set(user_id)
            view_var.set(view)
            metrics.observe_request(view=view, method=request.method, status=response.status_code, seconds=seconds)
            logger.info(
                "request",
                extra={
                    "method": request.method,
                    "path": request.path,
                    "status": response.status_code,
                    "duration_ms": round(seconds * 1000, 1),
                },
            )
            response[REQUEST_ID_HEADER] = request.request_id
            return response
        finally:
            for var, token in zip((request_id_var, user_id_var, view_var), tokens, strict=True):
                var.reset(token)


class ViewContextMiddleware:
    """After authentication: note the user and view for the lines logged while the view runs."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            user_id_var.set(user.pk)
        view_var.set(view_name(request))
        return None
