"""Prometheus metrics (prometheus-client) at /metrics/, for the council's monitoring.

Request latency by view is measured in each web process (with several
gunicorn workers set PROMETHEUS_MULTIPROC_DIR, and the endpoint adds up every
process's). The service's own counts are read from the database when scraped,
so they are the same whichever process answers and include what Celery did:
checks started, refusals by code, notifications pending and failed, audit appends.

The endpoint is not public: a request needs `Authorization: Bearer <METRICS_TOKEN>`
or must come from an address in METRICS_ALLOWED_NETWORKS; anyone else gets 404."""

import hmac
import ipaddress
import os

from django.conf import settings
from django.db.models import Count, Max
from django.http import Http404, HttpRequest, HttpResponse
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, Histogram, generate_latest
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily
from prometheus_client.multiprocess import MultiProcessCollector

from .client import client_ip

REQUEST_LATENCY = Histogram(
    "socialcheck_request_duration_seconds",
    "Time to answer a request, by view.",
    ["view", "method", "status"],
    buckets=(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0),
)


def observe_request(*, view: str, method: str, status: int, seconds: float) -> None:
    REQUEST_LATENCY.labels(view=view, method=method, status=str(status)).observe(seconds)


class ServiceCollector:
    """The service's counts, read from the database at each scrape."""

    def collect(self):
        from audit.models import AuditEvent
        from checks.models import Refusal, SocialCheck
        from notifications.models import Notification

        started = CounterMetricFamily("socialcheck_checks_started", "Social media checks started.")
        started.add_metric([], SocialCheck.objects.count())
        yield started

        refusals = CounterMetricFamily(
            "socialcheck_refusals", "Checks refused, by the first rule's code.", labels=["code"]
        )
        for row in Refusal.objects.values("code").annotate(n=Count("pk")).order_by("code"):
            refusals.add_metric([row["code"]], row["n"])
        yield refusals

        pending = Notification.objects.filter(sent_at__isnull=True)
        gauge = GaugeMetricFamily("socialcheck_notifications_pending", "Emails in the outbox not yet sent.")
        gauge.add_metric([], pending.count())
        yield gauge
        gauge = GaugeMetricFamily(
            "socialcheck_notifications_failed", "Emails not yet sent after the mail server refused them or was down."
        )
        gauge.add_metric([], pending.filter(attempts__gt=0).count())
        yield gauge

        appends = CounterMetricFamily("socialcheck_audit_appends", "Entries appended to the audit chain.")
        appends.add_metric([], AuditEvent.objects.aggregate(n=Max("seq"))["n"] or 0)
        yield appends


def registry() -> CollectorRegistry:
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        collected = CollectorRegistry()
        MultiProcessCollector(collected)
    else:
        from prometheus_client import REGISTRY

        collected = CollectorRegistry()
        collected.register(ProcessMetrics(REGISTRY))
    collected.register(ServiceCollector())
    return collected


class ProcessMetrics:
    """This process's own metrics (the default registry), in the scrape's registry."""

    def __init__(self, source):
        self.source = source

    def collect(self):
        return self.source.collect()


def may_scrape(request: HttpRequest) -> bool:
    token = settings.SOCIALCHECK_METRICS_TOKEN
    sent = request.headers.get("Authorization", "")
    if token and hmac.compare_digest(sent.encode(), f"Bearer {token}".encode()):
        return True
    address = client_ip(request)
    if not address:
        return False
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in ipaddress.ip_network(net, strict=False) for net in settings.SOCIALCHECK_METRICS_ALLOWED_NETWORKS)


def metrics_view(request: HttpRequest) -> HttpResponse:
    if not may_scrape(request):
        raise Http404
    return HttpResponse(generate_latest(registry()), content_type=CONTENT_TYPE_LATEST)
