"""The RIPA register's pages: the central record (per council or the whole agency),
a print-friendly copy, the Commissioner's yearly statistics, and one application's
record with its reviews, renewals, cancellation and the views made under it.
Read by managers, admins (without subjects' names) and auditors. The steps (apply,
decide, the justice's approval, review, renew, cancel) are forms that call the same
ripa.services as the API; an application's page shows only the forms the person may use
(ripa.selectors.next_steps)."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from accounts.models import Role
from audit.models import Action
from audit.services import audit_access, audit_denied, audit_record
from cases.models import Applicant, LocalAuthority
from checks.selectors import checks_visible_to
from oversight.access import require_oversight
from t4c_socialcheck.forms import add_service_error
from web.helpers import Done, applicant_or_404, posted, submit_once
from web.models import Submission

from . import services
from .forms import (
    ApplicationForm,
    CancelForm,
    DecisionForm,
    JusticeForm,
    RegisterFilterForm,
    RenewalForm,
    ReviewForm,
    StatisticsForm,
)
from .models import RipaApplication
from .selectors import (
    DISPLAY_STATUS,
    applications_visible_to,
    cancellation_of,
    chain_q,
    council_year_statistics,
    display_status,
    filter_register,
    next_steps,
    overdue_reviews,
    register_row,
    reviews_due,
    sees_subjects,
    views_under,
    with_register_details,
)


def _rows(request):
    require_oversight(request.user)
    form = RegisterFilterForm(request.GET)
    wanted = form.wanted()
    today = timezone.localdate()
    applications = filter_register(applications_visible_to(request.user), wanted, today) if wanted else []
    subjects = sees_subjects(request.user)
    rows = [(a, register_row(a, subjects=subjects, today=today), bool(overdue_reviews(a, today))) for a in applications]
    return form, rows


def _context(request, form, rows) -> dict:
    return {
        "filter_form": form,
        "rows": rows,
        "statuses": DISPLAY_STATUS,
        "query": request.GET.urlencode(),
        "sees_subjects": sees_subjects(request.user),
        "page_has_errors": bool(form.errors),
    }


@login_required
@require_safe
def register(request: HttpRequest) -> HttpResponse:
    form, rows = _rows(request)
    # The code asks each council to name who answers for its RIPA use: shown under the register.
    councils = LocalAuthority.objects.order_by("name")
    return render(request, "ripa/register.html", {**_context(request, form, rows), "councils": councils})


@login_required
@require_safe
def register_print(request: HttpRequest) -> HttpResponse:
    form, rows = _rows(request)
    audit_record(
        actor=request.user,
        action=Action.EXPORT,
        record_type="ripa_register",
        summary=f"RIPA register printed: {len(rows)} applications",
        data={"count": len(rows), "query": request.GET.urlencode()[:500]},
        request=request,
    )
    return render(request, "ripa/register_print.html", _context(request, form, rows))


@login_required
@require_safe
def statistics(request: HttpRequest) -> HttpResponse:
    require_oversight(request.user)
    form = StatisticsForm(request.GET)
    year = form.chosen_year()
    councils = LocalAuthority.objects.order_by("name")
    figures = [(council, council_year_statistics(council, year)) for council in councils] if year else []
    return render(
        request,
        "ripa/statistics.html",
        {"year": year, "figures": figures, "form": form, "page_has_errors": bool(form.errors)},
    )


def _application(request: HttpRequest, pk: int) -> RipaApplication:
    """The application's record, for managers and auditors who may see it (and its officers, who manage)."""
    require_oversight(request.user)
    # Admins see the register's rows without names, but no application's record: it is a case record.
    queryset = (
        applications_visible_to(request.user) if request.user.role != Role.ADMIN else RipaApplication.objects.none()
    )
    application = with_register_details(queryset).select_related("applicant__household").filter(pk=pk).first()
    if application is None:
        existing = RipaApplication.objects.filter(pk=pk).first()
        if existing is not None:
            audit_denied(user=request.user, obj=existing, request=request)
        raise Http404
    if request.user.role not in (Role.MANAGER, Role.AUDITOR):
        raise PermissionDenied
    return application


# Each step: its form, the service it calls, and what the page says when it is done.
STEPS = {
    "decision": (DecisionForm, services.application_decide, "Decision recorded."),
    "justice": (JusticeForm, services.justice_approval_record, "The justice's decision is recorded."),
    "review": (ReviewForm, services.review_record, "Review recorded."),
    "renewal": (RenewalForm, services.renewal_apply, "Renewal applied for. The authorising officers have been told."),
    "cancel": (CancelForm, services.authorisation_cancel, "Authorisation cancelled."),
}


def _openable(user, views) -> set[int]:
    """Which of these views the user may open. The officers who decide on an application
    manage no team, so a view's check page (scoped to the household) is not theirs to open."""
    return set(checks_visible_to(user).filter(pk__in=[view.pk for view in views]).values_list("pk", flat=True))


def _show(request: HttpRequest, application: RipaApplication, bound: dict | None = None) -> HttpResponse:
    today = timezone.localdate()
    views = list(views_under(application))
    bound = bound or {}
    step_forms = {
        step: bound.get(step) or STEPS[step][0](prefix=step) for step in next_steps(request.user, application, today)
    }
    error_form = next((form for form in bound.values() if form.errors), None)
    return render(
        request,
        "ripa/detail.html",
        {
            "application": application,
            "row": register_row(application, subjects=True, today=today),
            "status": display_status(application, today),
            "statuses": DISPLAY_STATUS,
            "reviews_due": reviews_due(application),
            "overdue": overdue_reviews(application, today),
            "cancellation": cancellation_of(application),
            "views": views,
            "openable_views": _openable(request.user, views),
            "surveillance_period": (views[0].started_at, views[-1].started_at) if views else None,
            "chain": RipaApplication.objects.filter(chain_q(application.root_id)).order_by("pk"),
            "step_forms": step_forms,
            "error_form": error_form,
            "page_has_errors": error_form is not None,
        },
    )


@login_required
@require_safe
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    application = _application(request, pk)
    audit_access(user=request.user, obj=application, request=request)
    return _show(request, application)


def step_view(step: str):
    """The POST of one step's form on the application's page (GET: 405)."""
    form_class, service, message = STEPS[step]

    @login_required
    @require_POST
    def view(request: HttpRequest, pk: int) -> HttpResponse:
        application = _application(request, pk)
        form = form_class(request.POST, prefix=step)  # two forms on a page: distinct ids
        form.is_valid()
        token = form.cleaned_data.get("submission")
        sent_before = token is not None and Submission.objects.filter(token=token, user=request.user).exists()
        if step not in next_steps(request.user, application) and not sent_before:
            # Someone else's step, or not this one's turn: refused, and the refusal recorded.
            # (The same form sent again goes on to submit_once, which shows the first result.)
            audit_denied(user=request.user, obj=application, request=request)
            raise PermissionDenied

        def act(data):
            fields = {k: v for k, v in data.items() if k != "submission"}
            done = service(user=request.user, application_id=application.pk, **fields)
            target = done if isinstance(done, RipaApplication) and done.pk != application.pk else application
            return Done(reverse("ripa-detail", args=[target.pk]), message)

        response = submit_once(request, form, act)
        if response is not None:
            return response
        return _show(request, _application(request, pk), {step: form})

    view.__name__ = f"ripa_{step}"
    return view


decide = step_view("decision")
justice_approval = step_view("justice")
review = step_view("review")
renew = step_view("renewal")
cancel = step_view("cancel")


@login_required
@require_http_methods(["GET", "POST"])
def apply(request: HttpRequest, pk: int) -> HttpResponse:
    """A manager applies for an authorisation to view an applicant's profiles. The pre-screen
    runs first, on its own, so that its recorded refusal is not undone with the form."""
    if not request.user.is_manager:
        existing = Applicant.objects.filter(pk=pk).first()
        if existing is not None:
            audit_denied(user=request.user, obj=existing, request=request)
        raise PermissionDenied
    applicant = applicant_or_404(request, pk, act=True)
    form = ApplicationForm(posted(request), applicant=applicant)
    threshold_refused = False
    if request.method == "POST":
        valid = form.is_valid()
        data = form.cleaned_data
        if "offence_max_sentence_months" in data and "threshold_offence" in data:
            # Below the threshold, nothing else on the form matters: say so whatever else is missing.
            try:
                services.crime_threshold_prescreen(
                    user=request.user,
                    applicant=applicant,
                    offence=data.get("offence", ""),
                    months=data["offence_max_sentence_months"],
                    threshold_offence=data["threshold_offence"] or "",
                )
            except services.CrimeThresholdNotMet as refused:
                add_service_error(form, refused)
                threshold_refused = True
        if valid and not threshold_refused:

            def create(data):
                application = services.application_create(
                    user=request.user, applicant_id=applicant.pk, **form.arguments()
                )
                return Done(
                    reverse("ripa-detail", args=[application.pk]),
                    f"Application {application.reference} made. The council's authorising officers have been told.",
                )

            response = submit_once(request, form, create)
            if response is not None:
                return response
    return render(
        request,
        "ripa/apply.html",
        {
            "form": form,
            "applicant": applicant,
            "threshold_refused": threshold_refused,
            "explanation": services.NOT_A_CRIMINAL_INVESTIGATION,
            "page_has_errors": bool(form.errors),
        },
    )
