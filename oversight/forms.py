"""Forms for the managers' pages. They only parse what people typed; the services decide
what is allowed, and their errors are put back against the same field names."""

import datetime
import re

from django import forms
from django.utils import timezone

from checks.models import RipaReview
from incidents.models import IcoDecision, IncidentKind, IncidentStatus
from t4c_socialcheck.errors import Conflict, ServiceError

MAX_COMMENT = 500
MAX_DESCRIPTION = 5000


PART_NAMES = {"day": "a day", "month": "a month", "year": "a year", "hour": "an hour", "minute": "a minute"}


class DatePartsWidget(forms.MultiWidget):
    """The GOV.UK date input's boxes (day, month, year; hour and minute for a time).
    Rendered by `oversight/includes/date_input.html`, not by Django's widget templates."""

    def __init__(self, parts=("day", "month", "year")):
        self.parts = parts
        super().__init__(widgets=dict.fromkeys(parts, forms.TextInput))

    def decompress(self, value):
        if value is None:
            return [""] * len(self.parts)
        if isinstance(value, datetime.datetime):
            value = timezone.localtime(value)
        return [
            f"{getattr(value, part):02d}" if part in ("hour", "minute") else str(getattr(value, part))
            for part in self.parts
        ]


class GovukDateField(forms.Field):
    """A date typed as day, month and year, with the GOV.UK error messages.

    `name` is how the messages refer to the date, e.g. "The date the magistrate approved it"."""

    widget = DatePartsWidget
    parts = ("day", "month", "year")

    def __init__(self, *, name: str, **kwargs):
        self.name = name
        kwargs.setdefault("widget", DatePartsWidget(self.parts))
        super().__init__(**kwargs)
        self.error_messages["required"] = f"Enter {name[0].lower()}{name[1:]}"

    def to_python(self, value):
        values = [str(v or "").strip() for v in (value if isinstance(value, list | tuple) else [])]
        values += [""] * (len(self.parts) - len(values))
        if not any(values):
            return None
        missing = [part for part, v in zip(self.parts, values, strict=True) if not v]
        if missing:
            wanted = " and ".join(PART_NAMES[part] for part in missing)
            raise forms.ValidationError(f"{self.name} must include {wanted}", code="incomplete")
        if not all(re.fullmatch(r"\d{1,4}", v) for v in values):
            raise forms.ValidationError(f"{self.name} must be a real date", code="invalid")
        numbers = dict(zip(self.parts, (int(v) for v in values), strict=True))
        if len(values[2]) != 4:
            raise forms.ValidationError("Year must include 4 numbers", code="invalid")
        try:
            return self.build(numbers)
        except ValueError:
            raise forms.ValidationError(f"{self.name} must be a real date", code="invalid") from None

    def build(self, numbers: dict):
        return datetime.date(numbers["year"], numbers["month"], numbers["day"])


class GovukDateTimeField(GovukDateField):
    """A date and a time (24-hour clock), in the service's time zone."""

    parts = ("day", "month", "year", "hour", "minute")

    def build(self, numbers: dict):
        if numbers["hour"] > 23 or numbers["minute"] > 59:
            raise ValueError("not a real time")
        naive = datetime.datetime(numbers["year"], numbers["month"], numbers["day"], numbers["hour"], numbers["minute"])
        return timezone.make_aware(naive)


def put_service_error(form: forms.Form, error: ServiceError) -> None:
    """Show a service's answer on the form: against each field it names, or at the top.

    A conflict (e.g. a reference already used) says more in its detail than in its field message."""
    placed = False
    for name, messages in (error.fields or {}).items():
        for message in [error.detail] if isinstance(error, Conflict) else messages:
            form.add_error(name if name in form.fields else None, message)
            placed = True
    if not placed:
        form.add_error(None, error.detail)


def _textarea(rows=4):
    return forms.Textarea(attrs={"rows": rows, "class": "govuk-textarea"})


class RefusalReviewForm(forms.Form):
    comment = forms.CharField(
        label="Your comment",
        help_text="For example, what you discussed with the worker and whether anything else needs to happen.",
        max_length=MAX_COMMENT,
        widget=_textarea(),
        error_messages={
            "required": "Enter a comment",
            "max_length": f"The comment must be {MAX_COMMENT} characters or fewer",
        },
    )


class RefusalIncidentForm(forms.Form):
    description = forms.CharField(
        label="What you think happened",
        help_text="The incident is recorded as a suspected breach of the social media policy.",
        max_length=MAX_DESCRIPTION,
        widget=_textarea(5),
        error_messages={
            "required": "Describe what you think happened",
            "max_length": f"The description must be {MAX_DESCRIPTION} characters or fewer",
        },
    )


# Which fields a manager can change depends on the kind of incident.
BREACH_FIELDS = ("ico_decision", "ico_decision_reason", "ico_notified_at", "dpo_informed_at")
POLICY_FIELDS = ("dpo_informed_at",)
PEOPLE_FIELDS = ("police_reference", "risk_assessment_updated_on")
FIELDS_BY_KIND = {
    IncidentKind.DATA_BREACH: BREACH_FIELDS,
    IncidentKind.POLICY_BREACH: POLICY_FIELDS,
    IncidentKind.TROLLING: PEOPLE_FIELDS,
    IncidentKind.THREAT: PEOPLE_FIELDS,
}


class IncidentUpdateForm(forms.Form):
    status = forms.ChoiceField(
        label="Status",
        choices=IncidentStatus.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the status", "invalid_choice": "Choose open, investigating or closed"},
    )
    ico_decision = forms.ChoiceField(
        label="Reporting to the Information Commissioner's Office (ICO)",
        choices=IcoDecision.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose the decision about reporting to the ICO",
            "invalid_choice": "Choose the decision about reporting to the ICO",
        },
    )
    ico_decision_reason = forms.CharField(
        label="Why the breach is not reportable",
        help_text="Needed when the data protection officer decides it is not reportable.",
        required=False,
        max_length=500,
        widget=_textarea(3),
        error_messages={"max_length": "The reason must be 500 characters or fewer"},
    )
    ico_notified_at = GovukDateTimeField(
        name="The date and time the ICO was told",
        label="When the ICO was told",
        help_text="Leave blank until the ICO is told. Use the 24-hour clock, for example 27 3 2026 14 30.",
        required=False,
    )
    dpo_informed_at = GovukDateTimeField(
        name="The date and time the data protection officer was told",
        label="When the data protection officer was told",
        help_text="Use the 24-hour clock, for example 27 3 2026 09 05.",
        required=False,
    )
    police_reference = forms.CharField(
        label="Police reference",
        help_text="The crime or incident number the police gave, if the worker reported it.",
        required=False,
        max_length=64,
        widget=forms.TextInput(attrs={"class": "govuk-input govuk-input--width-20"}),
        error_messages={"max_length": "The police reference must be 64 characters or fewer"},
    )
    risk_assessment_updated_on = GovukDateField(
        name="The date the risk assessment was updated",
        label="Date the worker's risk assessment was updated (clause 6.3)",
        help_text="For example, 27 3 2026.",
        required=False,
    )

    def __init__(self, *args, kind: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind = kind
        keep = {"status", *FIELDS_BY_KIND.get(kind, ())}
        for name in list(self.fields):
            if name not in keep:
                del self.fields[name]

    def clean(self):
        data = super().clean()
        if (
            self.kind == IncidentKind.DATA_BREACH
            and data.get("status") == IncidentStatus.CLOSED
            and data.get("ico_decision") == IcoDecision.PENDING
        ):
            # A breach closed without a decision would leave no record of why the ICO was not told.
            self.add_error(
                "ico_decision", "Record the decision about reporting to the ICO before you close the incident"
            )
        return data


class RipaReviewForm(forms.Form):
    kind = forms.ChoiceField(
        label="What are you recording?",
        choices=RipaReview.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose review, renewal or cancellation",
            "invalid_choice": "Choose review, renewal or cancellation",
        },
    )
    on = GovukDateField(name="The date", label="Date it happened", help_text="For example, 27 3 2026.")
    notes = forms.CharField(
        label="Notes",
        help_text="What was reviewed and decided. For a cancellation, the reason.",
        max_length=500,
        widget=_textarea(3),
        error_messages={"required": "Enter notes", "max_length": "The notes must be 500 characters or fewer"},
    )
    renewed_to = GovukDateField(
        name="The new end date",
        label="New end date (renewals only)",
        help_text="A renewal runs for at most 3 months from the current end date.",
        required=False,
    )


class RipaAuthorisationForm(forms.Form):
    reference = forms.CharField(
        label="Authorisation reference",
        help_text="The unique reference on the authorisation form.",
        max_length=64,
        widget=forms.TextInput(attrs={"class": "govuk-input govuk-input--width-20", "spellcheck": "false"}),
        error_messages={
            "required": "Enter the authorisation reference",
            "max_length": "The reference must be 64 characters or fewer",
        },
    )
    authorising_officer = forms.CharField(
        label="Authorising officer",
        help_text="Name and role of the officer who authorised it.",
        max_length=100,
        widget=forms.TextInput(attrs={"class": "govuk-input"}),
        error_messages={
            "required": "Enter the authorising officer",
            "max_length": "The authorising officer must be 100 characters or fewer",
        },
    )
    magistrate_approved_on = GovukDateField(
        name="The date the magistrate approved it",
        label="Date a magistrate approved it",
        help_text="For example, 27 3 2026.",
    )
    valid_from = GovukDateField(name="The start date", label="Valid from", help_text="For example, 27 3 2026.")
    valid_to = GovukDateField(
        name="The end date",
        label="Valid to",
        help_text="Directed surveillance can be authorised for at most 3 months.",
    )
    profiles = forms.TypedMultipleChoiceField(
        label="Profiles it covers",
        help_text="Select all that apply.",
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": "Choose at least one profile the authorisation covers",
            "invalid_choice": "Choose only this applicant's profiles",
        },
    )

    def __init__(self, *args, profiles, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["profiles"].choices = [(p.pk, f"{p.platform.name}: {p.normalised}") for p in profiles]


class _FilterForm(forms.Form):
    """A GET filter: an unknown value is an error to show, never a silent "everything"."""

    def filtered(self, queryset):
        if not self.is_valid():
            return queryset.none()
        return self.apply(queryset, self.cleaned_data)

    def apply(self, queryset, data):  # pragma: no cover - each filter defines it
        raise NotImplementedError


def _select(**attrs):
    return forms.Select(attrs={"class": "govuk-select", **attrs})


class RefusalFilterForm(_FilterForm):
    review = forms.ChoiceField(
        label="Review",
        required=False,
        choices=[("", "All refusals"), ("not_reviewed", "Not yet reviewed"), ("reviewed", "Reviewed")],
        widget=_select(),
        error_messages={"invalid_choice": "Choose all refusals, not yet reviewed or reviewed"},
    )
    code = forms.ChoiceField(
        label="First rule that refused it",
        required=False,
        widget=_select(),
        error_messages={"invalid_choice": "Choose a rule from the list"},
    )

    def __init__(self, *args, **kwargs):
        from checks.rules import RULES

        super().__init__(*args, **kwargs)
        self.fields["code"].choices = [("", "Any rule")] + [(rule.code.value, rule.code.value) for rule in RULES]

    def apply(self, queryset, data):
        if data["review"] == "not_reviewed":
            queryset = queryset.filter(review__isnull=True)
        elif data["review"] == "reviewed":
            queryset = queryset.filter(review__isnull=False)
        if data["code"]:
            # The first failing rule (indexed), as the dashboard counts them.
            queryset = queryset.filter(code=data["code"])
        return queryset


ACTIVE = "active"


class IncidentFilterForm(_FilterForm):
    status = forms.ChoiceField(
        label="Status",
        required=False,
        choices=[("", "Any status"), (ACTIVE, "Open or investigating"), *IncidentStatus.choices],
        widget=_select(),
        error_messages={"invalid_choice": "Choose a status from the list"},
    )
    kind = forms.ChoiceField(
        label="Kind",
        required=False,
        choices=[("", "Any kind"), *IncidentKind.choices],
        widget=_select(),
        error_messages={"invalid_choice": "Choose a kind of incident from the list"},
    )

    def apply(self, queryset, data):
        if data["status"] == ACTIVE:
            queryset = queryset.exclude(status=IncidentStatus.CLOSED)
        elif data["status"]:
            queryset = queryset.filter(status=data["status"])
        if data["kind"]:
            queryset = queryset.filter(kind=data["kind"])
        return queryset


class RipaFilterForm(_FilterForm):
    show = forms.ChoiceField(
        label="Show",
        required=False,
        choices=[
            ("", "All authorisations"),
            ("valid", "Valid today"),
            ("expiring", "Expiring within 7 days"),
            ("ended", "Ended or cancelled"),
        ],
        widget=_select(),
        error_messages={"invalid_choice": "Choose what to show from the list"},
    )

    def apply(self, queryset, data):
        from django.db.models import Q

        from .dashboard import expiring_soon

        today = timezone.localdate()
        if data["show"] == "valid":
            return queryset.filter(cancelled_at__isnull=True, valid_from__lte=today, valid_to__gte=today)
        if data["show"] == "expiring":
            return expiring_soon(queryset, today)
        if data["show"] == "ended":
            return queryset.filter(Q(cancelled_at__isnull=False) | Q(valid_to__lt=today))
        return queryset


class HouseholdLookupForm(forms.Form):
    household = forms.CharField(
        label="Household reference",
        help_text="The Registration of Interest reference, for example ROI-00012.",
        max_length=64,
        widget=forms.TextInput(attrs={"class": "govuk-input govuk-input--width-10", "spellcheck": "false"}),
        error_messages={"required": "Enter the household reference"},
    )
