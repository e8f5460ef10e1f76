"""Who may open the managers' pages, and the evidence left when someone may not.

Managers read their teams' records; admins and auditors read (the selectors decide
what); only managers change anything. A 403 or 404 on a record that exists is
itself recorded in the audit trail."""

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404

from accounts.models import Role
from audit.services import audit_denied, audit_denied_if_exists
from t4c_socialcheck.batches import PAGE_CURSORS, query_without

OVERSIGHT_ROLES = (Role.MANAGER, Role.ADMIN, Role.AUDITOR)
PER_PAGE = 50


def require_oversight(user) -> None:
    if user.role not in OVERSIGHT_ROLES:
        raise PermissionDenied


def record_or_404(request, queryset, pk):
    """The record if the user may read it. Otherwise 403 for a role that never may,
    404 for one whose scope does not reach it, so an id cannot be probed."""
    model = queryset.model
    if request.user.role not in OVERSIGHT_ROLES:
        audit_denied_if_exists(user=request.user, model=model, pk=pk, request=request)
        raise PermissionDenied
    try:
        return queryset.get(pk=pk)
    except model.DoesNotExist:
        audit_denied_if_exists(user=request.user, model=model, pk=pk, request=request)
        raise Http404 from None


def require_manager(request, obj) -> None:
    """Only managers change anything here; admins and auditors read."""
    if not request.user.is_manager:
        audit_denied(user=request.user, obj=obj, request=request)
        raise PermissionDenied


def page_of(request, queryset):
    return Paginator(queryset, PER_PAGE).get_page(request.GET.get("page"))


def query_without_page(request) -> str:
    """The query string without the page position, so Next and Previous keep the filters."""
    return query_without(request.GET, "page", *PAGE_CURSORS).urlencode()
