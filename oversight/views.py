from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from accounts.models import Role
from cases.scope import teams_of
from checks.models import Refusal


@login_required
def refusal_list(request: HttpRequest) -> HttpResponse:
    if request.user.role == Role.MANAGER:
        refusals = Refusal.objects.filter(applicant__household__team__in=teams_of(request.user))
    elif request.user.role in (Role.ADMIN, Role.AUDITOR):
        refusals = Refusal.objects.all()
    else:
        raise PermissionDenied
    refusals = refusals.select_related("user", "applicant__household", "profile__platform")[:200]
    return render(request, "oversight/refusal_list.html", {"refusals": refusals})
