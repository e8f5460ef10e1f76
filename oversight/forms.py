"""Forms for the managers' pages. They only parse what people typed; the services decide
what is allowed, and their errors are put back against the same field names
(t4c_socialcheck.forms.add_service_error). Every form renders through crispy-forms-gds;
each one that records something carries a submission token (web.helpers.submit_once)."""

from crispy_forms_gds.layout import Div, Field, Fixed, Fluid, Layout, Size
from django import forms
from django.db.models import Q
from django.utils import timezone

from cases.models import Household
from checks.models import CheckVoid, RefusalReview, RipaAuthorisation, RipaReview
from checks.rules import RULES
from incidents.models import IcoDecision, Incident, IncidentKind, IncidentStatus
from t4c_socialcheck.forms import GovDateField, GovDateTimeField, GovForm, SubmittedOnce, too_long
from t4c_socialcheck.limits import max_length

from .dashboard import expiring_soon

COMMENT_MAX = max_length(RefusalReview, "comment")
DESCRIPTION_MAX = max_length(Incident, "description")
REASON_MAX = max_length(Incident, "ico_decision_reason")
POLICE_REFERENCE_MAX = max_length(Incident, "police_reference")
NOTES_MAX = max_length(RipaReview, "notes")
RIPA_REFERENCE_MAX = max_length(RipaAuthorisation, "reference")
OFFICER_MAX = max_length(RipaAuthorisation, "authorising_officer")
HOUSEHOLD_REFERENCE_MAX = max_length(Household, "reference")


def _date(what: str, **kwargs) -> GovDateField:
    """A date on a manager's form: its boxes named by part; the services judge its range."""
    return GovDateField(what=what, past_only=False, named_boxes=True, **kwargs)


def _date_time(what: str, **kwargs) -> GovDateTimeField:
    return GovDateTimeField(what=what, past_only=False, named_boxes=True, **kwargs)


class RefusalReviewForm(SubmittedOnce):
    comment = forms.CharField(
        label="Your comment",
        help_text="For example, what you discussed with the worker and whether anything else needs to happen.",
        max_length=COMMENT_MAX,
        widget=forms.Textarea,
        error_messages={"required": "Enter a comment", "max_length": too_long("The comment", COMMENT_MAX)},
    )

    def layout(self):
        return Layout(Field.textarea("comment", label_size=Size.SMALL, rows=4))


class RefusalIncidentForm(SubmittedOnce):
    description = forms.CharField(
        label="What you think happened",
        help_text="The incident is recorded as a suspected breach of the social media policy.",
        max_length=DESCRIPTION_MAX,
        widget=forms.Textarea,
        error_messages={
            "required": "Describe what you think happened",
            "max_length": too_long("The description", DESCRIPTION_MAX),
        },
    )

    def layout(self):
        return Layout(Field.textarea("description", label_size=Size.SMALL, rows=5))


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


class IncidentUpdateForm(SubmittedOnce):
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
        max_length=REASON_MAX,
        widget=forms.Textarea,
        error_messages={"max_length": too_long("The reason", REASON_MAX)},
    )
    ico_notified_at = _date_time(
        "the date and time the ICO was told",
        label="When the ICO was told",
        help_text="Leave blank until the ICO is told. Use the 24-hour clock, for example 27 3 2026 14 30.",
        required=False,
    )
    dpo_informed_at = _date_time(
        "the date and time the data protection officer was told",
        label="When the data protection officer was told",
        help_text="Use the 24-hour clock, for example 27 3 2026 09 05.",
        required=False,
    )
    police_reference = forms.CharField(
        label="Police reference",
        help_text="The crime or incident number the police gave, if the worker reported it.",
        required=False,
        max_length=POLICE_REFERENCE_MAX,
        error_messages={"max_length": too_long("The police reference", POLICE_REFERENCE_MAX)},
    )
    risk_assessment_updated_on = _date(
        "the date the risk assessment was updated",
        label="Date the worker's risk assessment was updated (clause 6.3)",
        help_text="For example, 27 3 2026.",
        required=False,
    )

    def __init__(self, *args, kind: str, **kwargs):
        self.kind = kind
        super().__init__(*args, **kwargs)
        keep = {"submission", "status", *FIELDS_BY_KIND.get(kind, ())}
        for name in list(self.fields):
            if name not in keep:
                del self.fields[name]
        if "risk_assessment_updated_on" in self.fields:  # the label cites clause 6.3: link it
            from policy.text import clause_links

            field = self.fields["risk_assessment_updated_on"]
            field.label = clause_links(str(field.label), new_tab=True)
        self.helper.layout = self.layout()

    def layout(self):
        shown = {
            "status": Field.radios("status", legend_size=Size.SMALL, small=True),
            "ico_decision": Field.radios("ico_decision", legend_size=Size.SMALL, small=True),
            "ico_decision_reason": Field.textarea("ico_decision_reason", label_size=Size.SMALL, rows=3),
            "ico_notified_at": Field("ico_notified_at", context={"legend_size": Size.for_legend(Size.SMALL)}),
            "dpo_informed_at": Field("dpo_informed_at", context={"legend_size": Size.for_legend(Size.SMALL)}),
            "police_reference": Field.text("police_reference", label_size=Size.SMALL, field_width=Fixed.TWENTY),
            "risk_assessment_updated_on": Field(
                "risk_assessment_updated_on", context={"legend_size": Size.for_legend(Size.SMALL)}
            ),
        }
        return Layout(*(item for name, item in shown.items() if name in self.fields))

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

    def changes(self) -> dict:
        """The fields this kind of incident has, for incidents.services.incident_update."""
        return {name: value for name, value in self.cleaned_data.items() if name != "submission"}


class RipaReviewForm(SubmittedOnce):
    kind = forms.ChoiceField(
        label="What are you recording?",
        choices=RipaReview.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose review, renewal or cancellation",
            "invalid_choice": "Choose review, renewal or cancellation",
        },
    )
    on = _date("the date", label="Date it happened", help_text="For example, 27 3 2026.")
    notes = forms.CharField(
        label="Notes",
        help_text="What was reviewed and decided. For a cancellation, the reason.",
        max_length=NOTES_MAX,
        widget=forms.Textarea,
        error_messages={"required": "Enter notes", "max_length": too_long("The notes", NOTES_MAX)},
    )
    renewed_to = _date(
        "the new end date",
        label="New end date (renewals only)",
        help_text="A renewal runs for at most 3 months from the current end date.",
        required=False,
    )

    def layout(self):
        return Layout(
            Field.radios("kind", legend_size=Size.SMALL, small=True),
            Field("on", context={"legend_size": Size.for_legend(Size.SMALL)}),
            Field.textarea("notes", label_size=Size.SMALL, rows=3),
            Field("renewed_to", context={"legend_size": Size.for_legend(Size.SMALL)}),
        )


class RipaAuthorisationForm(SubmittedOnce):
    reference = forms.CharField(
        label="Authorisation reference",
        help_text="The unique reference on the authorisation form.",
        max_length=RIPA_REFERENCE_MAX,
        error_messages={
            "required": "Enter the authorisation reference",
            "max_length": too_long("The reference", RIPA_REFERENCE_MAX),
        },
    )
    authorising_officer = forms.CharField(
        label="Authorising officer",
        help_text="Name and role of the officer who authorised it.",
        max_length=OFFICER_MAX,
        error_messages={
            "required": "Enter the authorising officer",
            "max_length": too_long("The authorising officer", OFFICER_MAX),
        },
    )
    magistrate_approved_on = _date(
        "the date the magistrate approved it",
        label="Date a magistrate approved it",
        help_text="For example, 27 3 2026.",
    )
    valid_from = _date("the start date", label="Valid from", help_text="For example, 27 3 2026.")
    valid_to = _date(
        "the end date",
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

    def layout(self):
        dates = {"legend_size": Size.for_legend(Size.SMALL)}
        return Layout(
            Field.text("reference", label_size=Size.SMALL, field_width=Fixed.TWENTY, spellcheck="false"),
            Field.text("authorising_officer", label_size=Size.SMALL),
            Field("magistrate_approved_on", context=dates),
            Field("valid_from", context=dates),
            Field("valid_to", context=dates),
            Field.checkboxes("profiles", legend_size=Size.SMALL, small=True),
        )


# --- Filters (GET): the names are the pages' query parameters, used by links and bookmarks --


class FilterForm(GovForm):
    """A GET filter's boxes, side by side, a third of the page each."""

    def layout(self):
        def box(name):
            if isinstance(self.fields[name], GovDateField):
                return Field(name, context={"legend_size": Size.for_legend(Size.SMALL)})
            if isinstance(self.fields[name].widget, forms.Select):
                return Field.select(name)
            return Field.text(name, field_width=Fluid.FULL)

        return Layout(
            Div(
                *(Div(box(name), css_class="govuk-grid-column-one-third") for name in self.fields),
                css_class="govuk-grid-row",
            )
        )


class ChoiceFilterForm(FilterForm):
    """A filter of a few choices: an unknown value is an error to show, never a silent "everything"."""

    def filtered(self, queryset):
        if not self.is_valid():
            return queryset.none()
        return self.apply(queryset, self.cleaned_data)

    def apply(self, queryset, data):  # pragma: no cover - each filter defines it
        raise NotImplementedError


class RefusalFilterForm(ChoiceFilterForm):
    review = forms.ChoiceField(
        label="Review",
        required=False,
        choices=[("", "All refusals"), ("not_reviewed", "Not yet reviewed"), ("reviewed", "Reviewed")],
        error_messages={"invalid_choice": "Choose all refusals, not yet reviewed or reviewed"},
    )
    code = forms.ChoiceField(
        label="First rule that refused it",
        required=False,
        error_messages={"invalid_choice": "Choose a rule from the list"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["code"].choices = [("", "Any rule")] + [(rule.code.value, rule.label) for rule in RULES]

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


class IncidentFilterForm(ChoiceFilterForm):
    status = forms.ChoiceField(
        label="Status",
        required=False,
        choices=[("", "Any status"), (ACTIVE, "Open or investigating"), *IncidentStatus.choices],
        error_messages={"invalid_choice": "Choose a status from the list"},
    )
    kind = forms.ChoiceField(
        label="Kind",
        required=False,
        choices=[("", "Any kind"), *IncidentKind.choices],
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


class RipaFilterForm(ChoiceFilterForm):
    show = forms.ChoiceField(
        label="Show",
        required=False,
        choices=[
            ("", "All authorisations"),
            ("valid", "Valid today"),
            ("expiring", "Expiring within 7 days"),
            ("ended", "Ended or cancelled"),
        ],
        error_messages={"invalid_choice": "Choose what to show from the list"},
    )

    def apply(self, queryset, data):
        today = timezone.localdate()
        if data["show"] == "valid":
            return queryset.filter(cancelled_at__isnull=True, valid_from__lte=today, valid_to__gte=today)
        if data["show"] == "expiring":
            return expiring_soon(queryset, today)
        if data["show"] == "ended":
            return queryset.filter(Q(cancelled_at__isnull=False) | Q(valid_to__lt=today))
        return queryset


class HouseholdLookupForm(GovForm):
    household = forms.CharField(
        label="Household reference",
        help_text="The Registration of Interest reference, for example ROI-00012.",
        max_length=HOUSEHOLD_REFERENCE_MAX,
        error_messages={"required": "Enter the household reference"},
    )

    def layout(self):
        return Layout(Field.text("household", label_size=Size.SMALL, field_width=Fixed.TEN, spellcheck="false"))


VOID_REASON_MAX = max_length(CheckVoid, "reason")


class CheckVoidForm(SubmittedOnce):
    reason = forms.CharField(
        label="Why are you voiding this check?",
        help_text="For example, the address was out of date and the profile had been deleted.",
        max_length=VOID_REASON_MAX,
        widget=forms.Textarea,
        error_messages={
            "required": "Enter why you are voiding this check",
            "max_length": too_long("The reason", VOID_REASON_MAX),
        },
    )

    def layout(self):
        return Layout(Field.textarea("reason", label_size=Size.MEDIUM, rows=4))
