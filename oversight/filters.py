import datetime

import django_filters
from django.db.models import Q, Subquery
from django.utils import timezone

from accounts.models import User
from audit.models import Action, AuditEvent
from cases.models import Household
from t4c_socialcheck.forms import GovDateField

from .forms import WORKER_MAX, FilterPanelForm, named

RECORD_TYPES = [
    ("household", "Household"),
    ("applicant", "Applicant"),
    ("consent", "Consent"),
    ("socialprofile", "Social media profile"),
    ("socialcheck", "Check"),
    ("refusal", "Refusal"),
    ("ripaauthorisation", "RIPA authorisation"),
    ("incident", "Incident"),
    ("incidentcorrection", "Incident correction"),
    ("subjectaccessrequest", "Subject access request"),
    ("subjectaccessitem", "Subject access item"),
    ("lawfulbasisversion", "Lawful basis version"),
    ("user", "User"),
    ("team", "Team"),
    ("platform", "Platform"),
    ("viewingaccount", "Viewing account"),
    ("policyversion", "Policy version"),
    ("audit_trail", "Audit trail"),
]


def _day_start(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


class GovDateFilter(django_filters.Filter):
    """A date typed in the GOV.UK date input's three boxes (`<name>_day`, `_month`, `_year`)."""

    field_class = GovDateField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("named_boxes", True)
        super().__init__(*args, **kwargs)


class AuditEventFilter(django_filters.FilterSet):
    """The filters people use on the trail; each maps to one indexed column."""

    actor = django_filters.CharFilter(
        label="Person", method="filter_actor", help_text="Their name or username.", max_length=WORKER_MAX
    )
    household = django_filters.CharFilter(label="Household reference", method="filter_household")
    applicant = django_filters.CharFilter(
        label="Applicant's name",
        method="filter_applicant",
        help_text="Their first name, last name or both, as recorded.",
        max_length=201,
    )
    action = django_filters.ChoiceFilter(label="Action", choices=Action.choices, empty_label="Any action")
    record_type = django_filters.ChoiceFilter(label="Record type", choices=RECORD_TYPES, empty_label="Any record")
    since = GovDateFilter(
        label="From", method="filter_since", what="the first day", past_only=False, help_text="For example, 1 12 2026"
    )
    until = GovDateFilter(
        label="To", method="filter_until", what="the last day", past_only=False, help_text="For example, 31 12 2026"
    )

    class Meta:
        model = AuditEvent
        fields: list[str] = []
        form = FilterPanelForm  # the MoJ filter panel, rendered by crispy-forms-gds like every page form

    def filter_actor(self, queryset, name, value):
        """By name or username, as the refusal and incident lists' worker filter."""
        return (
            queryset.filter(actor_id__in=named(User.objects.all(), value).values("pk")) if value.split() else queryset
        )

    def filter_applicant(self, queryset, name, value):
        """By name, among the applicants the reader may see (an applicant's number still works)."""
        from cases.scope import applicants_visible_to

        value = value.strip()
        user = getattr(self.request, "user", None)
        if user is None or not value:
            return queryset.none() if value else queryset
        applicants = applicants_visible_to(user)
        if value.isdigit():
            return queryset.filter(applicant_id__in=applicants.filter(pk=int(value)).values("pk"))
        for word in value.split():
            applicants = applicants.filter(Q(first_name__icontains=word) | Q(last_name__icontains=word))
        return queryset.filter(applicant_id__in=applicants.values("pk"))

    def filter_household(self, queryset, name, value):
        """The household asked in the page's query (no query of its own): an unknown reference
        compares with NULL and matches nothing, and the entries still walk the household's index."""
        household = Household.objects.filter(reference__iexact=value.strip()).order_by("pk").values("pk")[:1]
        return queryset.filter(household_id=Subquery(household))

    # Entries are numbered in time order, so a date range is a range of sequence
    # numbers: one indexed lookup in a subquery, then the same index walk as every
    # other filter, however far back the dates are.
    def filter_since(self, queryset, name, value):
        first = AuditEvent.objects.filter(at__gte=_day_start(value)).order_by("at", "seq").values("seq")[:1]
        return queryset.filter(seq__gte=Subquery(first))

    def filter_until(self, queryset, name, value):
        end = _day_start(value + datetime.timedelta(days=1))
        last = AuditEvent.objects.filter(at__lt=end).order_by("-at", "-seq").values("seq")[:1]
        return queryset.filter(seq__lte=Subquery(last))
