import datetime

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

from audit.models import Action
from audit.services import audit_access
from t4c_socialcheck.errors import NotFound, NotPermitted

from .subject_access import applicant_for_subject_access, subject_access_data


def _export(request: HttpRequest, applicant_id: int):
    try:
        applicant = applicant_for_subject_access(request.user, applicant_id)
    except NotPermitted:
        raise PermissionDenied from None
    except NotFound:
        raise Http404 from None
    data = subject_access_data(applicant)
    audit_access(
        user=request.user,
        obj=applicant,
        what=Action.EXPORT,
        request=request,
        data={"export": "subject access", "format": request.resolver_match.url_name},
    )
    return applicant, data


@login_required
def subject_access_json(request: HttpRequest, applicant_id: int) -> JsonResponse:
    applicant, data = _export(request, applicant_id)
    response = JsonResponse(data, json_dumps_params={"indent": 2, "ensure_ascii": False})
    response["Content-Disposition"] = f'attachment; filename="subject-access-{applicant.pk}.json"'
    return response


@login_required
def subject_access_html(request: HttpRequest, applicant_id: int) -> HttpResponse:
    applicant, data = _export(request, applicant_id)
    sections = [(name.replace("_", " ").capitalize(), _readable(value)) for name, value in data.items()]
    return render(
        request,
        "dataprotection/subject_access.html",
        {"applicant": applicant, "sections": sections, "generated_at": datetime.datetime.now()},
    )


def _readable(value):
    """Lists of words become one line; keys lose their underscores."""
    if isinstance(value, dict):
        return {k.replace("_", " ").capitalize(): _readable(v) for k, v in value.items()}
    if isinstance(value, list):
        if all(isinstance(v, str) for v in value):
            return ", ".join(value)
        return [_readable(v) for v in value]
    return value


@login_required
def legal_holds(request: HttpRequest) -> HttpResponse:
    """Every case on legal hold, for the data protection officer (and managers and admins)."""
    from .legal_holds import households_on_hold

    try:
        rows = households_on_hold(request.user)
    except NotPermitted as refused:
        raise PermissionDenied(refused.detail) from None
    return render(request, "dataprotection/legal_holds.html", {"rows": rows})
