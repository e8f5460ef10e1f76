from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from accounts.models import Role
from cases.scope import households_visible_to, teams_of
from checks.models import Refusal, SocialCheck
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


@login_required
def refusal_list(request: HttpRequest) -> HttpResponse:
    if request.user.role == Role.MANAGER:
        refusals = Refusal.objects.filter(applicant__household__team__in=teams_of(request.user))
    elif request.user.role in (Role.ADMIN, Role.AUDITOR):
        refusals = Refusal.objects.all()
    else:
        raise PermissionDenied
    refusals = refusals.select_related("user", "applicant__household", "profile__platform")[:200]
    return render(request, "web/refusal_list.html", {"refusals": refusals})
