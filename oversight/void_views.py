"""Voided checks: the list for managers and auditors, and a manager's countersigned void."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from checks.selectors import checks_visible_to, voids_visible_to, why_not_voidable
from checks.services import check_void
from web.helpers import Done, question_page

from .access import page_of, record_or_404, require_manager, require_oversight
from .forms import CheckVoidForm


@login_required
def void_list(request: HttpRequest) -> HttpResponse:
    require_oversight(request.user)
    return render(request, "oversight/void_list.html", {"page": page_of(request, voids_visible_to(request.user))})


@login_required
def check_void_view(request: HttpRequest, pk: int) -> HttpResponse:
    """A manager other than the check's worker voids a completed check that found no profile
    or someone else's; the page says plainly when the check cannot be voided."""
    social_check = record_or_404(
        request,
        checks_visible_to(request.user).select_related(
            "applicant__household", "joint_applicant", "profile__platform", "worker", "completed_by"
        ),
        pk,
    )
    require_manager(request, social_check)
    own = request.user.pk in (social_check.worker_id, social_check.completed_by_id)
    problem = (
        "You made this check or recorded its findings: another manager must void it." if own else ""
    ) or why_not_voidable(social_check)

    def void(data):
        check_void(user=request.user, social_check_id=social_check.pk, reason=data["reason"])
        return Done(
            reverse("household", args=[social_check.applicant.household_id]),
            "The check is voided. We have told the other managers. Another profile may now be checked once.",
        )

    return question_page(
        request,
        CheckVoidForm(request.POST if request.method == "POST" and not problem else None),
        void,
        "oversight/check_void.html",
        {"check": social_check, "problem": problem},
    )
