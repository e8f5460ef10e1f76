from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from cases.scope import households_visible_to
from checks.models import SocialCheck
from consent.models import Consent


@login_required
def caseload(request: HttpRequest) -> HttpResponse:
    households = (
        households_visible_to(request.user)
        .select_related("local_authority", "team", "allocated_worker")
        .prefetch_related(
            "applicants",
            Prefetch("applicants__consents", queryset=Consent.objects.order_by("-recorded_at", "-pk")),
            Prefetch("applicants__social_checks", queryset=SocialCheck.objects.order_by("-started_at")),
        )
        .order_by("reference")[:200]
    )
    return render(request, "web/caseload.html", {"households": households})
