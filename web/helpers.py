"""What every page shares: finding a record in the user's scope, and showing a
service's refusal on the form that asked for it."""

import functools
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import Model, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme

from audit.services import audit_denied_if_exists
from cases.models import Applicant, Household
from cases.scope import applicants_visible_to, can_act_on_household, households_visible_to
from t4c_socialcheck.errors import NotFound, NotPermitted, ServiceError
from t4c_socialcheck.forms import add_service_error
from web.models import Submission

T = TypeVar("T")


def not_found(request: HttpRequest, model: type[Model], pk) -> Http404:
    """A 404 for a record outside the user's scope; if it exists, the denial is audited."""
    audit_denied_if_exists(user=request.user, model=model, pk=pk, request=request)
    return Http404("Not found in the records you can see.")


def get_in_scope(request: HttpRequest, queryset: QuerySet, pk) -> Model:
    """The record if it is in `queryset` (the user's scope); otherwise 404, and the denial audited."""
    found = queryset.filter(pk=pk).first()
    if found is None:
        raise not_found(request, queryset.model, pk)
    return found


def household_or_404(request: HttpRequest, pk, *, act: bool = False) -> Household:
    """A household the user may see. With `act`, one they may also change (auditors may only look)."""
    household = get_in_scope(
        request, households_visible_to(request.user).select_related("local_authority", "team", "allocated_worker"), pk
    )
    if act and not can_act_on_household(request.user, household):
        raise PermissionDenied("Only social workers and managers can change case records.")
    return household


def applicant_or_404(request: HttpRequest, pk, *, act: bool = False) -> Applicant:
    applicant = get_in_scope(request, applicants_visible_to(request.user).select_related("household"), pk)
    if act and not can_act_on_household(request.user, applicant.household):
        raise PermissionDenied("Only social workers and managers can change case records.")
    return applicant


def run_service(form: forms.Form, action: Callable[[dict], T]) -> T | None:
    """Call a service with a valid form's data. Returns None, with the errors on
    the form, if the form is invalid or the service refuses it."""
    if not form.is_valid():
        return None
    try:
        return action(form.cleaned_data)
    except NotFound as error:
        raise Http404(error.detail) from None
    except NotPermitted as error:
        raise PermissionDenied(error.detail) from None
    except ServiceError as error:
        add_service_error(form, error)
        return None


def posted(request: HttpRequest):
    """The POST data for a form, or None on GET (an empty POST must still be a bound form)."""
    return request.POST if request.method == "POST" else None


def safe_next(request: HttpRequest, default: str) -> str:
    """The `next` address if it is a path on this site, else `default`.

    Only a path: `redirect()` takes anything else without a "/" or "." for a view name,
    and a word that names no view was a server error."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target.startswith("/") and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=False
    ):
        return target
    return default


@dataclass(frozen=True)
class Done:
    """Where to go after a recording form succeeded, and what to tell the person."""

    url: str
    message: str = ""


SENT_TWICE = "You sent that form more than once. It has been recorded once."


def submit_once(request: HttpRequest, form: forms.Form, action: Callable[[dict], Done]) -> HttpResponse | None:
    """Validate `form` and run `action` once for the form's submission token.

    Returns a redirect to the result, or, when the same form comes again, to
    the first submission's result. Returns None, with the errors on the form,
    when the form is invalid or the service refuses it.
    """
    if not form.is_valid():
        return None
    token = form.cleaned_data.get("submission") or uuid.uuid4()
    with transaction.atomic():
        try:
            # A second request with the same token waits here for the first to
            # commit (unique index; SQLite serialises writers), then finds it.
            with transaction.atomic():
                submission = Submission.objects.create(token=token, user=request.user)
        except IntegrityError:
            first = Submission.objects.filter(token=token, user=request.user).exclude(result_url="").first()
            if first is None:
                raise PermissionDenied("That form cannot be sent again. Go back and start again.") from None
            messages.info(request, SENT_TWICE)
            return redirect(first.result_url)
        done = run_service(form, action)
        if done is None:
            # Nothing was recorded: free the token so the corrected form can be sent.
            transaction.set_rollback(True)
            return None
        submission.result_url = done.url
        submission.save(update_fields=["result_url"])
    if done.message:
        messages.success(request, done.message)
    return redirect(done.url)


def question_page(
    request: HttpRequest, form: forms.Form, action: Callable[[dict], Done], template: str, context: dict
) -> HttpResponse:
    """A page with one recording form: on POST, record it once (submit_once) and go on; otherwise,
    or when it was refused, show the page with the form and its errors."""
    if request.method == "POST":
        response = submit_once(request, form, action)
        if response is not None:
            return response
    return render(request, template, {"form": form, **context})


def post_only(view=None, *, back: tuple[str, str] | None = None):
    """Like `require_POST`, but a person who opens the address gets a page that
    says what to do, not a blank one. Nothing is done on GET. `back`: the page
    (URL name, given the same arguments) and link text the page offers instead."""
    if view is None:
        return lambda inner: post_only(inner, back=back)

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if request.method != "POST":
            context = {}
            if back is not None:
                context = {"back_url": reverse(back[0], args=args, kwargs=kwargs), "back_text": back[1]}
            response = render(request, "405.html", context, status=405)
            response["Allow"] = "POST"
            return response
        return view(request, *args, **kwargs)

    return wrapper
