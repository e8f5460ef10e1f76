from crispy_forms_gds.choices import Choice
from crispy_forms_gds.layout import Field, Fixed, Layout, Size
from django import forms
from django.utils import timezone

from cases.models import LocalAuthority
from oversight.forms import FilterForm
from platforms.models import SocialProfile
from platforms.selectors import profiles_of
from t4c_socialcheck.forms import GovDateField, GovDateTimeField, SubmittedOnce, too_long
from t4c_socialcheck.limits import max_length

from .models import RipaApplication, RipaCancellation, RipaReview, ThresholdOffence
from .selectors import DISPLAY_STATUS, RegisterFilter
from .services import PROPORTIONALITY


def _years() -> list[tuple[str, str]]:
    this_year = timezone.localdate().year
    return [(str(y), str(y)) for y in range(this_year, 2009, -1)]


class StatisticsForm(FilterForm):
    year = forms.TypedChoiceField(
        label="Year",
        required=False,
        coerce=int,
        empty_value=None,
        error_messages={"invalid_choice": "Choose a year from the list"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = _years()

    def chosen_year(self) -> int | None:
        """The year asked for (this year when none is); None when the choice is not one of the list."""
        if not self.is_valid():
            return None
        return self.cleaned_data["year"] or timezone.localdate().year


class RegisterFilterForm(FilterForm):
    """The register's filters: council, status and year. An unknown value is an error, never "everything"."""

    council = forms.ModelChoiceField(
        label="Council",
        required=False,
        queryset=LocalAuthority.objects.order_by("name"),
        empty_label="All councils",
        error_messages={"invalid_choice": "Choose a council from the list"},
    )
    status = forms.ChoiceField(
        label="Status",
        required=False,
        choices=[("", "Any status"), *DISPLAY_STATUS.items()],
        error_messages={"invalid_choice": "Choose a status from the list"},
    )
    year = forms.TypedChoiceField(
        label="Year applied",
        required=False,
        coerce=int,
        empty_value=None,
        error_messages={"invalid_choice": "Choose a year from the list"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [("", "Any year"), *_years()]

    def wanted(self) -> RegisterFilter | None:
        if not self.is_valid():
            return None
        data = self.cleaned_data
        return RegisterFilter(
            council_id=data["council"].pk if data["council"] else None, status=data["status"], year=data["year"]
        )


# --- The steps of an application (each calls its ripa.services function; the service decides) ----------


def _text(label: str, model, name: str, what: str, *, hint: str = "", required: bool = True) -> forms.CharField:
    """A text box for a model field, its limit from the field (GOV.UK: an error, never a cut)."""
    limit = max_length(model, name)
    return forms.CharField(
        label=label,
        help_text=hint,
        required=required,
        max_length=limit,
        widget=forms.Textarea if limit > 500 else forms.TextInput,
        error_messages={"required": f"Enter {what}", "max_length": too_long(what[0].upper() + what[1:], limit)},
    )


def _yes_no(label: str, yes: str, no: str, what: str) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=label,
        choices=[Choice("yes", yes), Choice("no", no)],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": f"Select {what}", "invalid_choice": f"Select {what}"},
    )


class ApplicationForm(SubmittedOnce):
    """Apply for a directed surveillance authorisation (ripa.services.application_create)."""

    profiles = forms.ModelMultipleChoiceField(
        queryset=SocialProfile.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        label="Profiles in scope",
        help_text="Select all the profiles the surveillance would view.",
        error_messages={
            "required": "Choose at least one profile in scope",
            "invalid_choice": "Choose profiles from the list",
        },
    )
    offence = _text("Offence being investigated", RipaApplication, "offence", "the offence being investigated")
    offence_max_sentence_months = forms.IntegerField(
        label="Maximum sentence for the offence, in months",
        help_text="Enter 0 if it carries no prison sentence.",
        min_value=0,
        max_value=1200,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-4"}),
        error_messages={
            "required": "Enter the offence's maximum sentence in months",
            "invalid": "The maximum sentence must be a whole number of months, like 24",
            "min_value": "The maximum sentence must be 0 months or more",
            "max_value": "The maximum sentence must be 1200 months or fewer",
        },
    )
    threshold_offence = forms.ChoiceField(
        label="Is it one of the offences the crime threshold names?",
        help_text="Only these offences under 6 months' imprisonment can be authorised.",
        choices=ThresholdOffence.choices,
        required=False,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": "Choose an offence from the list, or none of these"},
    )
    necessity = _text("Why the surveillance is necessary", RipaApplication, "necessity", "why it is necessary")
    proportionality_balance = _text(
        "Size and scope, balanced against the gravity of the offence",
        RipaApplication,
        "proportionality_balance",
        "how its size and scope are balanced against the offence",
    )
    proportionality_least_intrusive = _text(
        "How the least possible intrusion is caused",
        RipaApplication,
        "proportionality_least_intrusive",
        "how the least possible intrusion is caused",
    )
    proportionality_appropriate_use = _text(
        "Why this is an appropriate use of the law",
        RipaApplication,
        "proportionality_appropriate_use",
        "why this is an appropriate use of the law",
    )
    proportionality_alternatives = _text(
        "Other methods considered, and why they were not used",
        RipaApplication,
        "proportionality_alternatives",
        "the other methods considered",
    )
    collateral_intrusion = _text(
        "Collateral intrusion",
        RipaApplication,
        "collateral_intrusion",
        "the collateral intrusion",
        hint="Who else's information may be seen, for example friends' comments.",
    )
    collateral_intrusion_minimised = _text(
        "How collateral intrusion is kept down (optional)",
        RipaApplication,
        "collateral_intrusion_minimised",
        "how collateral intrusion is kept down",
        required=False,
    )
    confidential_information_likely = _yes_no(
        "Is confidential or privileged information likely to be obtained?",
        "Yes",
        "No",
        "whether confidential or privileged information is likely",
    )

    def __init__(self, *args, applicant, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["profiles"].queryset = profiles_of(applicant)
        self.fields["profiles"].label_from_instance = lambda p: f"{p.platform.name}: {p.normalised}"

    def layout(self):
        return Layout(
            Field.checkboxes("profiles", legend_size=Size.SMALL),
            Field.text("offence"),
            Field.text("offence_max_sentence_months", field_width=Fixed.FOUR),
            Field.radios("threshold_offence", legend_size=Size.SMALL),
            *(
                Field.textarea(name, label_size=Size.SMALL, rows=4)
                for name in (
                    "necessity",
                    "proportionality_balance",
                    "proportionality_least_intrusive",
                    "proportionality_appropriate_use",
                    "proportionality_alternatives",
                    "collateral_intrusion",
                    "collateral_intrusion_minimised",
                )
            ),
            Field.radios("confidential_information_likely", legend_size=Size.SMALL, inline=True),
        )

    def arguments(self) -> dict:
        """The service's arguments (application_create's names)."""
        data = self.cleaned_data
        return {
            "profile_ids": [p.pk for p in data["profiles"]],
            "offence": data["offence"],
            "offence_max_sentence_months": data["offence_max_sentence_months"],
            "threshold_offence": data["threshold_offence"] or "",
            "necessity": data["necessity"],
            "proportionality": {key: data[field] for key, field in PROPORTIONALITY.items()},
            "collateral_intrusion": data["collateral_intrusion"],
            "collateral_intrusion_minimised": data["collateral_intrusion_minimised"],
            "confidential_information_likely": data["confidential_information_likely"],
        }


class DecisionForm(SubmittedOnce):
    granted = _yes_no("Your decision", "Grant the authorisation", "Refuse it", "whether you grant or refuse it")
    reasons = _text("Your reasons", RipaApplication, "decision_reasons", "the reasons for your decision")
    officer_involved = _yes_no(
        "Are you directly involved in the investigation?",
        "Yes",
        "No",
        "whether you are directly involved in the investigation",
    )

    def layout(self):
        return Layout(
            Field.radios("granted", legend_size=Size.SMALL),
            Field.textarea("reasons", label_size=Size.SMALL, rows=4),
            Field.radios("officer_involved", legend_size=Size.SMALL, inline=True),
        )


class JusticeForm(SubmittedOnce):
    approved = _yes_no("The justice's decision", "Approved", "Refused", "whether the justice approved or refused")
    on = GovDateField(what="the date of the justice's decision", label="Date of the decision", named_boxes=True)
    court = _text("Court", RipaApplication, "court", "the court")
    justice = _text("Justice's name", RipaApplication, "justice", "the justice's name")

    def layout(self):
        return Layout(
            Field.radios("approved", legend_size=Size.SMALL, inline=True),
            Field("on"),
            Field.text("court"),
            Field.text("justice"),
        )


class ReviewForm(SubmittedOnce):
    on = GovDateField(what="the date of the review", label="Date of the review", named_boxes=True)
    outcome = forms.ChoiceField(
        label="Outcome",
        choices=[
            Choice(RipaReview.Outcome.CONTINUE, "Continue: it is still necessary and proportionate"),
            Choice(RipaReview.Outcome.CANCEL, "Cancel: stop the surveillance now"),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose continue or cancel", "invalid_choice": "Choose continue or cancel"},
    )
    reasons = _text("Reasons", RipaReview, "reasons", "the reasons")

    def layout(self):
        return Layout(
            Field("on"),
            Field.radios("outcome", legend_size=Size.SMALL),
            Field.textarea("reasons", label_size=Size.SMALL, rows=4),
        )


class RenewalForm(SubmittedOnce):
    reasons = _text("Why it is still necessary", RipaApplication, "renewal_reasons", "why it is still necessary")
    obtained_so_far = _text(
        "What the surveillance has obtained so far", RipaApplication, "obtained_so_far", "what has been obtained so far"
    )

    def layout(self):
        return Layout(
            Field.textarea("reasons", label_size=Size.SMALL, rows=4),
            Field.textarea("obtained_so_far", label_size=Size.SMALL, rows=4),
        )


class CancelForm(SubmittedOnce):
    reasons = _text("Reasons for cancelling", RipaCancellation, "reasons", "the reasons")
    ceased_at = GovDateTimeField(
        what="when the instruction to stop was given",
        label="When the instruction to stop was given",
        help_text="Date, then the time on the 24-hour clock, for example 4 12 2026 14 30",
        named_boxes=True,
    )
    product_handling = _text(
        "What happens to the material obtained",
        RipaCancellation,
        "product_handling",
        "what happens to the material obtained",
        hint="Kept where, or destroyed when and by whom.",
    )

    def layout(self):
        return Layout(
            Field.textarea("reasons", label_size=Size.SMALL, rows=4),
            Field("ceased_at"),
            Field.textarea("product_handling", label_size=Size.SMALL, rows=4),
        )
