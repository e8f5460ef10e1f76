"""What every endpoint shares: the audit actor, input checking, scope lookups
and the record of denied access."""

import contextlib

from auditlog.context import auditlog_value, set_actor
from rest_framework import generics
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import BasePermission
from rest_framework.views import APIView

from audit.services import audit_access, audit_denied
from t4c_socialcheck.client import client_ip
from t4c_socialcheck.errors import NotFound, NotPermitted
from t4c_socialcheck.limits import MAX_ID

from .permissions import TokenScopeAllows
from .selectors import OVERSIGHT_ROLES

EMPTY_PARAMETER = "Give a value, or leave the parameter out."


def refuse_empty_parameters(params, fields) -> None:
    """400 INVALID for each named query parameter sent empty whose field does not take blank text."""
    empty = {
        name: [EMPTY_PARAMETER]
        for name, field in fields.items()
        if name in params and not getattr(field, "allow_blank", False) and "" in params.getlist(name)
    }
    if empty:
        raise ValidationError(empty)


class ApiMixin:
    """Shared by every API view.

    django-auditlog's middleware resolves the actor before DRF has read the
    token, so a token request would be logged with no actor. Once DRF has
    authenticated (in `initial`), name the actor in the middleware's context
    for the rest of the request. Not a nested `set_actor`: django-auditlog
    does not restore the outer context when one ends, so the middleware's
    signal receiver was never disconnected, one more per API request.
    Without the middleware (nothing else calls these views), the stack opens
    a context of its own and closes it when `dispatch` returns.
    """

    def dispatch(self, request, *args, **kwargs):
        with contextlib.ExitStack() as self._actor_scope:
            return super().dispatch(request, *args, **kwargs)

    def get_permissions(self):
        """The view's own permissions, then the token's scope (a read-only token only reads)."""
        return [*super().get_permissions(), TokenScopeAllows()]

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        context = auditlog_value.get(None)
        if context is None:
            self._actor_scope.enter_context(set_actor(request.user, remote_addr=client_ip(request)))
        else:
            # The middleware already took the client's address, as it does for every page.
            context["actor"] = request.user

    def validated(self, serializer_class) -> dict:
        """The request body, checked for shape (400 INVALID otherwise)."""
        serializer = serializer_class(data=self.request.data)
        serializer.is_valid(raise_exception=True)
        return serializer.validated_data

    def query(self, serializer_class) -> dict:
        """The query string, checked for shape (400 INVALID otherwise). A parameter given with
        nothing in it (`?stage=`) is refused, as the schema says (minLength 1), unless the
        field takes blank text; left out, it does not filter."""
        serializer = serializer_class(data=self.request.query_params)
        refuse_empty_parameters(self.request.query_params, serializer.fields)
        serializer.is_valid(raise_exception=True)
        return serializer.validated_data

    def visible_or_404(self, queryset, pk, what: str):
        """The object if it is in the user's scope; otherwise 404, with the denial
        on record when the object exists (domain.md: a 403/404 on something that exists)."""
        if 0 < pk <= MAX_ID:
            obj = queryset.filter(pk=pk).first()
            if obj is not None:
                return obj
            existing = queryset.model.objects.filter(pk=pk).first()
            if existing is not None:
                audit_denied(user=self.request.user, obj=existing, request=self.request)
        raise NotFound(f"{what} was not found.")

    @contextlib.contextmanager
    def denial_recorded(self, obj):
        """Around a service call on `obj`: a refusal to let this user act on it is recorded."""
        try:
            yield
        except NotPermitted:
            audit_denied(user=self.request.user, obj=obj, request=self.request)
            raise

    def record_view(self, obj):
        audit_access(user=self.request.user, obj=obj, request=self.request)


class ApiView(ApiMixin, APIView):
    """An endpoint that is not a plain list."""


class ApiListView(ApiMixin, generics.ListAPIView):
    """A paginated list. `filter_serializer` checks the query string; `apply_filters` applies it."""

    filter_serializer = None
    filters: dict = {}

    def filter_queryset(self, queryset):
        if self.filter_serializer is None:
            return queryset
        self.filters = self.query(self.filter_serializer)
        return self.apply_filters(queryset, self.filters)

    def apply_filters(self, queryset, filters: dict):
        return queryset


class ReadsOversight(BasePermission):
    """Refusals and the audit trail: managers, admins and auditors."""

    message = "Only managers, admins and auditors can read refusals and the audit trail."

    def has_permission(self, request, view):
        return request.user.is_authenticated and request.user.role in OVERSIGHT_ROLES
