"""Forms check the shape of what was typed; the services decide what is allowed.

Every form renders through crispy-forms-gds (GOV.UK Design System markup) and
reports errors in the error summary at the top of the page.
"""

import datetime
import re

from crispy_forms_gds.choices import Choice
from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Fixed, Fluid, Layout, Size
from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm
from django.core.exceptions import ValidationError
from django.utils import timezone

from cases.models import (
    LARGE_PRINT_MIN_POINTS,
    Applicant,
    CaseOutcome,
    CommunicationSupport,
    ContactMethod,
    Household,
    InformationFormat,
    LocalAuthority,
    NeedsStatus,
    PanelRecommendation,
    Stage,
    StageMove,
)
from checks.models import OUTCOME_HELP, CheckOutcome, SocialCheck
from checks.rules import DECLARATIONS
from consent.models import Consent, ConsentFormat, ReceiptSentHow
from incidents.models import Incident, IncidentKind
from platforms.models import Platform, SocialProfile, ViewingAccount
from platforms.selectors import profiles_of
from policy.models import PolicyVersion
from policy.text import cites_a_clause, clause_links
from t4c_socialcheck.forms import GovDateField, GovForm, SubmittedOnce, too_long
from t4c_socialcheck.limits import max_length

# Text limits come from the model fields that store the text.
REFERENCE_MAX = max_length(Household, "reference")
FIRST_NAME_MAX = max_length(Applicant, "first_name")
LAST_NAME_MAX = max_length(Applicant, "last_name")
LANGUAGE_MAX = max_length(Applicant, "translation_language")
INTERPRETER_LANGUAGE_MAX = max_length(Applicant, "interpreter_language")
NOTES_MAX = max_length(Applicant, "communication_notes")
SUPPORT_LANGUAGE_MAX = max_length(Consent, "support_language")
SUPPORT_REFERENCE_MAX = max_length(Consent, "support_reference")
FORM_REFERENCE_MAX = max_length(Consent, "form_reference")
WITHDRAWAL_MAX = max_length(Consent, "withdrawal_reason")
HANDLE_MAX = max_length(SocialProfile, "entered")
PURPOSE_MAX = max_length(SocialCheck, "purpose")
FINDINGS_MAX = max_length(SocialCheck, "findings_summary")
DESCRIPTION_MAX = max_length(Incident, "description")


def _choices(text_choices, hints: dict | None = None) -> list[Choice]:
    hints = hints or {}
    return [Choice(value, label, **({"hint": hints[value]} if value in hints else {})) for value, label in text_choices]


# --- Signing in -----------------------------------------------------------------


class SignInForm(AuthenticationForm):
    error_messages = {
        "invalid_login": "Enter a correct username and password",
        "inactive": "This account has been switched off. Ask an admin to switch it back on.",
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].error_messages["required"] = "Enter your username"
        self.fields["password"].error_messages["required"] = "Enter your password"
        # No autofocus: it skips the "skip to main content" link and surprises screen reader users.
        self.fields["username"].widget.attrs.pop("autofocus", None)
        self.fields["username"].widget.attrs.update(spellcheck="false", autocapitalize="none")
        self.helper = FormHelper(self)
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.layout = Layout(Field.text("username", field_width=Fluid.TWO_THIRDS), Field("password"))


class ChangePasswordForm(PasswordChangeForm):
    """Django's form (the current password, then the new one twice, checked by
    AUTH_PASSWORD_VALIDATORS), in GOV.UK words and layout."""

    error_messages = {
        "password_incorrect": "Your current password is not right: enter it again",
        "password_mismatch": "Enter the same new password twice",
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        fields = self.fields
        fields["old_password"].label = "Current password"
        fields["new_password1"].label = "New password"
        fields["new_password2"].label = "Confirm new password"
        fields["new_password1"].help_text = (
            "At least 12 characters. It must not be a common or leaked password, or close to your name or"
            " username: three or four unrelated words together work well."
        )
        fields["new_password2"].help_text = ""
        for name, message in (
            ("old_password", "Enter your current password"),
            ("new_password1", "Enter a new password"),
            ("new_password2", "Enter your new password again"),
        ):
            fields[name].error_messages["required"] = message
        # No autofocus: it skips the "skip to main content" link and surprises screen reader users.
        fields["old_password"].widget.attrs.pop("autofocus", None)
        self.helper = FormHelper(self)
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.layout = Layout(Field("old_password"), Field("new_password1"), Field("new_password2"))

    def validate_password_for_user(self, user, *args, **kwargs):
        """A weak password is the new password's error, where the person typed it (Django puts it on the repeat)."""
        super().validate_password_for_user(user, "new_password1")


# --- Households and applicants ------------------------------------------------------


class CaseloadFilterForm(GovForm):
    """The caseload's filters (MoJ filter layout): all optional, read from the query string."""

    blank_kept = True

    q = forms.CharField(required=False, max_length=100, label="Search by reference or name")
    stage = forms.ChoiceField(required=False, label="Stage")
    overdue = forms.BooleanField(required=False, label="Only overdue cases")
    team = forms.ModelChoiceField(queryset=None, required=False, label="Team", empty_label="Any team")
    local_authority = forms.ModelChoiceField(
        LocalAuthority.objects.all(), required=False, label="Local authority", empty_label="Any local authority"
    )
    sort = forms.ChoiceField(
        required=False,
        label="Sort by",
        choices=[("reference", "Reference"), ("received", "Newest ROI first"), ("in_stage", "Longest in their stage")],
    )

    def __init__(self, *args, teams, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = teams
        self.fields["stage"].choices = [("", "Any stage"), *Stage.choices, ("closed", "Closed")]

    def layout(self):
        # Small bold labels, as on the managers' filters (oversight.forms.FilterForm.box).
        def select(name):
            return Field(name, context={"label_size": Size.for_label(Size.SMALL)})

        return Layout(
            Field.text("q", label_size=Size.SMALL, field_width=Fluid.TWO_THIRDS),
            select("stage"),
            Field.checkbox("overdue"),
            select("team"),
            select("local_authority"),
            select("sort"),
        )

    def filters(self) -> dict:
        """What the caseload selector takes; nothing (the plain caseload) when the form is not valid."""
        if not self.is_valid():
            return {}
        data = self.cleaned_data
        return {
            "stage": data["stage"],
            "overdue": True if data["overdue"] else None,
            "team": data["team"],
            "local_authority": data["local_authority"],
            "sort": data["sort"],
        }


class HouseholdForm(SubmittedOnce):
    reference = forms.CharField(
        label="ROI reference",
        max_length=REFERENCE_MAX,
        help_text="As written on the Registration of Interest form, for example ROI-2026-0042.",
        error_messages={"required": "Enter the ROI reference"},
    )
    local_authority = forms.ModelChoiceField(
        LocalAuthority.objects.all(),
        label="Local authority",
        empty_label="Choose a local authority",
        help_text="The council the application is for. It controls the applicants' data.",
        error_messages={"required": "Choose the local authority", "invalid_choice": "Choose the local authority"},
    )
    received_on = GovDateField(
        what="the date the ROI was received", label="Date the ROI was received", help_text="For example, 27 3 2026"
    )
    team = forms.ModelChoiceField(
        queryset=None,
        label="Team",
        empty_label="Choose a team",
        error_messages={"required": "Choose the team", "invalid_choice": "Choose one of your teams"},
    )

    def __init__(self, *args, teams, **kwargs):
        self.teams = teams
        super().__init__(*args, **kwargs)
        # The example is the team's own latest reference, so it looks like the ones they use.
        latest = Household.objects.filter(team__in=teams).order_by("-pk").values_list("reference", flat=True).first()
        if latest:
            self.fields["reference"].help_text = (
                "As written on the Registration of Interest form. "
                f"The latest in your team{'s' if len(teams) > 1 else ''} is {latest}."
            )
        if len(teams) > 1:
            self.fields["team"].queryset = teams
        else:
            # One team (or none: the service explains): nothing to choose.
            del self.fields["team"]
        self.helper.layout = self.layout()

    def layout(self):
        fields = [
            Field.text("reference", field_width=Fixed.TWENTY),
            Field.select("local_authority"),
            Field("received_on"),
        ]
        if "team" in self.fields:
            fields.append(Field.select("team"))
        return Layout(*fields)


INFORMATION_FORMAT_HINTS = {
    InformationFormat.TRANSLATED: "Also enter the language below.",
}
COMMUNICATION_SUPPORT_HINTS = {
    CommunicationSupport.SPOKEN_LANGUAGE_INTERPRETER: "Also enter the language below.",
}


class CommunicationNeedsForm(GovForm):
    """The Accessible Information Standard: what format and support the applicant needs."""

    needs_status = forms.ChoiceField(
        choices=_choices(NeedsStatus.choices),
        widget=forms.RadioSelect,
        required=False,
        label="Have you asked them about their communication needs?",
        help_text="\u201cNot yet asked\u201d and \u201cno needs\u201d are different answers: record which.",
        error_messages={"invalid_choice": "Choose whether you have asked about their communication needs"},
    )

    information_formats = forms.MultipleChoiceField(
        choices=_choices(InformationFormat.choices, INFORMATION_FORMAT_HINTS),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        label="Formats they need information in",
        help_text="Select all that apply. Leave blank if they need standard print.",
        error_messages={"invalid_choice": "Choose formats from the list"},
    )
    translation_language = forms.CharField(
        required=False,
        max_length=LANGUAGE_MAX,
        label="Language for translated text",
        help_text="Only if they need translated text, for example Polish.",
        error_messages={"max_length": too_long("The language", LANGUAGE_MAX)},
    )
    large_print_points = forms.IntegerField(
        required=False,
        min_value=LARGE_PRINT_MIN_POINTS,
        max_value=72,
        label="Large print size in points (optional)",
        help_text=f"Only if they need large print: {LARGE_PRINT_MIN_POINTS} or more, for example 18.",
        error_messages={
            "invalid": "Enter the print size as a number, for example 18",
            "min_value": f"Enter a print size of {LARGE_PRINT_MIN_POINTS} points or more",
            "max_value": "Enter a print size of 72 points or fewer",
        },
    )
    contact_method = forms.ChoiceField(
        choices=[("", "No preference"), *_choices(ContactMethod.choices)],
        widget=forms.RadioSelect,
        required=False,
        label="How they want to be contacted",
        error_messages={"invalid_choice": "Choose a contact method from the list"},
    )
    communication_support = forms.MultipleChoiceField(
        choices=_choices(CommunicationSupport.choices, COMMUNICATION_SUPPORT_HINTS),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        label="Communication support they need",
        help_text="Select all that apply. Leave blank if they need none.",
        error_messages={"invalid_choice": "Choose support from the list"},
    )
    interpreter_language = forms.CharField(
        required=False,
        max_length=INTERPRETER_LANGUAGE_MAX,
        label="Language the interpreter should speak",
        help_text="Only if they need a spoken language interpreter, for example Urdu.",
        error_messages={"max_length": too_long("The language", INTERPRETER_LANGUAGE_MAX)},
    )
    communication_notes = forms.CharField(
        required=False,
        max_length=NOTES_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        label="Anything else about how to communicate with them (optional)",
        error_messages={"max_length": too_long("The notes", NOTES_MAX)},
    )
    needs_review_on = GovDateField(
        what="the date to review their needs",
        past_only=False,
        required=False,
        label="Date to review their communication needs (optional)",
        help_text="For example, 27 3 2027",
    )

    def needs_fields(self) -> list:
        return [
            Field.radios("needs_status", legend_size=Size.MEDIUM),
            Field.checkboxes("information_formats", legend_size=Size.MEDIUM),
            Field.text("translation_language", field_width=Fixed.TWENTY),
            Field.text("large_print_points", field_width=Fixed.FOUR),
            Field.radios("contact_method", legend_size=Size.MEDIUM),
            Field.checkboxes("communication_support", legend_size=Size.MEDIUM),
            Field.text("interpreter_language", field_width=Fixed.TWENTY),
            Field.textarea("communication_notes", max_characters=NOTES_MAX),
            Field("needs_review_on"),
        ]

    def layout(self):
        return Layout(*self.needs_fields())

    def communication_needs(self) -> dict:
        """The cleaned needs, in the shape `cases.services.clean_communication_needs` takes."""
        data = self.cleaned_data
        return {
            "needs_status": data["needs_status"],
            "information_formats": data["information_formats"],
            "translation_language": data["translation_language"],
            "large_print_points": data["large_print_points"],
            "contact_method": data["contact_method"],
            "communication_support": data["communication_support"],
            "interpreter_language": data["interpreter_language"],
            "communication_notes": data["communication_notes"],
            "needs_review_on": data["needs_review_on"],
        }

    @classmethod
    def initial_for(cls, applicant) -> dict:
        return {
            "needs_status": applicant.needs_status,
            "information_formats": applicant.information_formats,
            "translation_language": applicant.translation_language,
            "large_print_points": applicant.large_print_points,
            "contact_method": applicant.contact_method,
            "communication_support": applicant.communication_support,
            "interpreter_language": applicant.interpreter_language,
            "communication_notes": applicant.communication_notes,
            "needs_review_on": applicant.needs_review_on,
        }


class ApplicantForm(SubmittedOnce, CommunicationNeedsForm):
    first_name = forms.CharField(
        label="First name",
        max_length=FIRST_NAME_MAX,
        error_messages={
            "required": "Enter their first name",
            "max_length": too_long("The first name", FIRST_NAME_MAX),
        },
    )
    last_name = forms.CharField(
        label="Last name",
        max_length=LAST_NAME_MAX,
        error_messages={
            "required": "Enter their last name",
            "max_length": too_long("The last name", LAST_NAME_MAX),
        },
    )
    date_of_birth = GovDateField(
        what="their date of birth",
        required=False,
        label="Date of birth (optional)",
        help_text="For example, 31 3 1985",
    )

    field_order = ["first_name", "last_name", "date_of_birth"]
    NOT_THE_SAME = "none"

    def __init__(self, *args, candidates=(), **kwargs):
        # Earlier applicants with the same name and date of birth (cases.selectors): the
        # worker says whether this is one of them; a link is never made for them.
        self.candidates = list(candidates)
        super().__init__(*args, **kwargs)
        if self.candidates:
            self.fields["earlier_applicant"] = forms.ChoiceField(
                choices=[
                    Choice(
                        str(c.pk),
                        f"Yes: the applicant in {c.household.reference}, closed {c.household.closed_on:%d %B %Y} "
                        f"({c.household.get_outcome_display().lower()})",
                    )
                    for c in self.candidates
                ]
                + [Choice(self.NOT_THE_SAME, "No, this is someone else")],
                widget=forms.RadioSelect,
                label="Has this person applied before?",
                help_text=(
                    "An earlier, closed application has an applicant with the same name and date of birth. "
                    "If it is the same person, their earlier checks are shown here and the app tells you when "
                    "a new check becomes possible."
                ),
                error_messages={
                    "required": "Select whether this person applied before",
                    "invalid_choice": "Select an application from the list",
                },
            )

    def layout(self):
        fields = [
            Field.text("first_name", field_width=Fixed.TWENTY),
            Field.text("last_name", field_width=Fixed.TWENTY),
            Field("date_of_birth"),
        ]
        if self.candidates:
            fields.append(Field.radios("earlier_applicant", legend_size=Size.MEDIUM))
        return Layout(*fields, *self.needs_fields())

    def earlier_applicant(self):
        chosen = self.cleaned_data.get("earlier_applicant")
        return next((c for c in self.candidates if str(c.pk) == chosen), None)


# --- Consent ------------------------------------------------------------------------

YES_NO = [Choice("yes", "Yes, they gave consent"), Choice("no", "No, they refused")]


class ConsentForm(SubmittedOnce):
    given = forms.TypedChoiceField(
        choices=YES_NO,
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        label="Did the applicant consent to a social media check on the ROI form?",
        error_messages={"required": "Select whether they gave consent", "invalid_choice": "Select yes or no"},
    )
    signed_on = GovDateField(
        what="the date the ROI form was signed",
        label="Date the ROI form was signed",
        help_text="For example, 27 3 2026",
    )
    form_reference = forms.CharField(
        label="ROI form reference",
        max_length=FORM_REFERENCE_MAX,
        help_text="The reference on the signed form.",
        error_messages={
            "required": "Enter the ROI form reference",
            "max_length": too_long("The ROI form reference", FORM_REFERENCE_MAX),
        },
    )
    information_format = forms.ChoiceField(
        choices=_choices(ConsentFormat.choices),
        widget=forms.RadioSelect,
        label="Which format was the consent information given in?",
        error_messages={
            "required": "Select the format the consent information was given in",
            "invalid_choice": "Select the format the consent information was given in",
        },
    )

    language = forms.ChoiceField(
        choices=[("en", "English")],
        widget=forms.RadioSelect,
        label="Which language was it given in?",
        error_messages={"invalid_choice": "Select a language from the list"},
    )
    support_used = forms.ChoiceField(
        choices=[("", "None"), *_choices(CommunicationSupport.choices)],
        widget=forms.RadioSelect,
        required=False,
        label="Communication support used when they signed",
        error_messages={"invalid_choice": "Select the communication support used from the list"},
    )
    support_language = forms.CharField(
        required=False,
        max_length=SUPPORT_LANGUAGE_MAX,
        label="Language the interpreter used (if any)",
        error_messages={"max_length": too_long("The language", SUPPORT_LANGUAGE_MAX)},
    )
    support_reference = forms.CharField(
        required=False,
        max_length=SUPPORT_REFERENCE_MAX,
        label="Interpreter's or supporter's name, or the booking reference",
        error_messages={"max_length": too_long("The name or booking reference", SUPPORT_REFERENCE_MAX)},
    )

    def __init__(self, *args, applicant, **kwargs):
        super().__init__(*args, **kwargs)
        needed = [InformationFormat(value).label.lower() for value in applicant.information_formats]
        consent_formats = [f for f in applicant.information_formats if f in ConsentFormat.values]
        if needed:
            self.fields[
                "information_format"
            ].help_text = (
                f"{applicant.full_name} needs information in {', '.join(needed)}. Choose the format you gave it in."
            )
        self.fields["information_format"].initial = consent_formats[0] if consent_formats else ConsentFormat.STANDARD
        # The ROI form carries the household's reference: offered, so it is not typed again (or mistyped).
        reference = applicant.household.reference
        self.fields["form_reference"].initial = reference
        self.fields["form_reference"].help_text = (
            f"The reference on the signed form. It is usually the household's reference, {reference}; "
            "change it if the form shows another."
        )
        from consent.documents import available_languages
        from consent.models import ConsentText

        self.fields["language"].choices = [("en", "English"), *available_languages(ConsentText.objects.current())]
        self.fields["language"].initial = "en"
        self.fields["language"].required = False

    def clean_language(self):
        return self.cleaned_data.get("language") or "en"

    def layout(self):
        return Layout(
            Field.radios("given", legend_size=Size.MEDIUM),
            Field("signed_on"),
            Field.text("form_reference", field_width=Fixed.TWENTY),
            Field.radios("information_format", legend_size=Size.MEDIUM),
            Field.radios("language", legend_size=Size.MEDIUM),
            Field.radios("support_used", legend_size=Size.MEDIUM),
            Field.text("support_language", field_width=Fixed.TWENTY),
            Field.text("support_reference", field_width=Fixed.TWENTY),
        )


class WithdrawConsentForm(SubmittedOnce):
    reason = forms.CharField(
        label="Why did they withdraw consent?",
        max_length=WITHDRAWAL_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="In their words if you can.",
        error_messages={
            "required": "Enter the reason consent was withdrawn",
            "max_length": too_long("The reason", WITHDRAWAL_MAX),
        },
    )
    withdrawn_on = GovDateField(
        what="the date they withdrew consent",
        label="Date they withdrew consent",
        help_text="The day they told you. For example, 27 3 2026",
    )

    def layout(self):
        return Layout(
            Field.textarea("reason", label_size=Size.MEDIUM, max_characters=WITHDRAWAL_MAX),
            Field("withdrawn_on"),
        )


class ReceiptSentForm(SubmittedOnce):
    sent_on = GovDateField(
        what="the date the receipt was sent",
        label="Date the receipt was sent or given",
        help_text="For example, 27 3 2026",
    )
    sent_how = forms.ChoiceField(
        choices=_choices(ReceiptSentHow.choices),
        widget=forms.RadioSelect,
        label="How was it sent?",
        error_messages={
            "required": "Select how the receipt was sent",
            "invalid_choice": "Select how the receipt was sent",
        },
    )

    def layout(self):
        return Layout(Field("sent_on"), Field.radios("sent_how", legend_size=Size.MEDIUM))


# --- Profiles -------------------------------------------------------------------------


class PlatformChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Platform) -> str:
        return obj.name if obj.is_checkable else f"{obj.name} (recorded only: checks cannot be made on it)"


class ProfileForm(SubmittedOnce):
    platform = PlatformChoiceField(
        Platform.objects.filter(active=True),
        label="Platform",
        empty_label="Choose a platform",
        error_messages={"required": "Choose the platform", "invalid_choice": "Choose a platform from the list"},
    )
    handle = forms.CharField(
        label="Profile link or username",
        max_length=HANDLE_MAX,
        help_text="Paste the link to their profile, or enter their username, for example @alex.morgan.",
        error_messages={
            "required": "Enter the profile link or username",
            "max_length": too_long("The profile link", HANDLE_MAX),
        },
    )

    def __init__(self, *args, partner=None, **kwargs):
        self.partner = partner  # read by layout(), which the base class calls
        super().__init__(*args, **kwargs)
        if partner is not None:
            # A couple's shared account is recorded once, for both (its check needs both consents).
            self.fields["shared"] = forms.BooleanField(
                required=False,
                label=f"This account is shared with {partner.full_name}",
                help_text="One check of a shared account is both applicants' one-off check, and needs both consents.",
            )

    def layout(self):
        fields = [Field.select("platform"), Field.text("handle", spellcheck="false", autocapitalize="none")]
        if self.partner is not None:
            fields.append(Field.checkbox("shared"))
        return Layout(*fields)

    def joint_with(self):
        return self.partner if self.partner is not None and self.cleaned_data.get("shared") else None


# --- Policy ---------------------------------------------------------------------------


class PolicyAcceptForm(forms.Form):
    """Carries the version the worker read, so a version published meanwhile is not accepted unread."""

    version = forms.CharField(max_length=max_length(PolicyVersion, "version"))


# --- Checks ---------------------------------------------------------------------------


class ProfileRadioField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        label = f"{obj.platform.name}: {obj.normalised}"
        return label if obj.platform.is_checkable else f"{label} (checks cannot be made on {obj.platform.name})"


class AccountRadioField(forms.ModelChoiceField):
    def label_from_instance(self, obj: ViewingAccount) -> str:
        return f"{obj.platform.name}: {obj.label}"


class StartCheckForm(SubmittedOnce):
    """What the worker will do, before the rules decide whether they may."""

    profile = ProfileRadioField(
        queryset=None,
        widget=forms.RadioSelect,
        label="Which profile will you view?",
        help_text="You can view one profile, once.",
        error_messages={"required": "Select the profile you will view", "invalid_choice": "Select a profile"},
    )
    viewing_account = AccountRadioField(
        queryset=None,
        widget=forms.RadioSelect,
        label="How will you view it?",
        help_text="Only the organisation's approved account or a logged-out public view. Never a personal or 'dummy' account.",
        error_messages={
            "required": "Select how you will view the profile",
            "invalid_choice": "Select an approved account",
        },
    )
    declarations = forms.MultipleChoiceField(
        choices=_choices(DECLARATIONS.items()),
        widget=forms.CheckboxSelectMultiple,
        label="Your declarations",
        help_text="Confirm all four.",
        error_messages={
            "required": "Confirm all four declarations before you view the profile",
            "invalid_choice": "Confirm the declarations from the list",
        },
    )
    purpose = forms.CharField(
        label="Why are you making this check?",
        max_length=PURPOSE_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="For example, the social media check for their stage 1 assessment.",
        error_messages={
            "required": "Enter why you are making this check",
            "max_length": too_long("The purpose", PURPOSE_MAX),
        },
    )

    def __init__(self, *args, applicant, options=None, **kwargs):
        """`options` (checks.preview): offer only the profiles and accounts the rules would allow.
        Without them (the start itself), every profile and account is accepted and the rules decide."""
        super().__init__(*args, **kwargs)
        # A declaration that cites the policy links to its clause (in a new tab: the form stays as it is).
        self.fields["declarations"].choices = [
            Choice(name, clause_links(text, new_tab=True) if cites_a_clause(text) else text)
            for name, text in DECLARATIONS.items()
        ]
        profiles = profiles_of(applicant)  # a couple's shared account included
        accounts = ViewingAccount.objects.filter(active=True, platform__in=profiles.values("platform"))
        if options is not None:
            profiles = profiles.filter(pk__in=options.offered_profile_ids)
            accounts = accounts.filter(pk__in=options.offered_account_ids)
        self.fields["profile"].queryset = profiles
        self.fields["viewing_account"].queryset = accounts.select_related("platform").order_by(
            "platform__name", "kind", "label"
        )

    def layout(self):
        return Layout(
            Field.radios("profile", legend_size=Size.MEDIUM),
            Field.radios("viewing_account", legend_size=Size.MEDIUM),
            Field.checkboxes("declarations", legend_size=Size.MEDIUM),
            Field.textarea("purpose", label_size=Size.MEDIUM, max_characters=PURPOSE_MAX),
        )

    def clean_declarations(self):
        made = self.cleaned_data["declarations"]
        if set(made) != set(DECLARATIONS):
            raise ValidationError("Confirm all four declarations before you view the profile")
        return made

    def clean(self):
        data = super().clean()
        profile, account = data.get("profile"), data.get("viewing_account")
        if profile and account and account.platform_id != profile.platform_id:
            self.add_error(
                "viewing_account",
                f"Select an account for {profile.platform.name}: the one you chose is for {account.platform.name}",
            )
        return data

    def declarations_dict(self) -> dict[str, bool]:
        made = set(self.cleaned_data["declarations"])
        return {name: name in made for name in DECLARATIONS}

    def chosen_declarations(self) -> list[str]:
        return [DECLARATIONS[name] for name in DECLARATIONS if name in self.cleaned_data["declarations"]]


class FindingsForm(SubmittedOnce):
    findings_summary = forms.CharField(
        label="What did you find that is relevant to the assessment?",
        max_length=FINDINGS_MAX,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="A short summary. Do not paste screenshots, and do not name or describe other people.",
        error_messages={
            "required": "Enter a short summary of what you found that is relevant to the assessment",
            "max_length": too_long("The summary", FINDINGS_MAX),
        },
    )
    outcome = forms.ChoiceField(
        choices=_choices(CheckOutcome.choices, OUTCOME_HELP),
        widget=forms.RadioSelect,
        label="Outcome",
        help_text="Choose what the view found.",
        error_messages={
            "required": "Select the outcome of the check",
            "invalid_choice": "Select the outcome of the check",
        },
    )
    no_third_party_details = forms.BooleanField(
        label="I have not recorded anyone else's details",
        error_messages={"required": "Confirm that you have not recorded other people's details"},
    )

    def layout(self):
        return Layout(
            Field.textarea("findings_summary", label_size=Size.MEDIUM, max_characters=FINDINGS_MAX),
            Field.radios("outcome", legend_size=Size.MEDIUM),
            Field.checkbox("no_third_party_details"),
        )


# --- Incidents --------------------------------------------------------------------------

INCIDENT_HINTS = {
    IncidentKind.TROLLING: "Someone receiving a service is being personally offensive or libellous about you online.",
    IncidentKind.THREAT: "Someone receiving a service has threatened you, online or in person.",
    IncidentKind.POLICY_BREACH: "Someone did not follow the social media policy, for example they viewed a profile twice.",
    IncidentKind.DATA_BREACH: "Personal data was lost, shared with the wrong person, or seen by someone who should not see it.",
}
TIME_PATTERN = re.compile(r"^\s*([01]?\d|2[0-3])[:.]([0-5]\d)\s*$")


class ApplicantChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        needs = " – has communication needs" if obj.has_communication_needs else ""
        return f"{obj.full_name} ({obj.household.reference}){needs}"


class IncidentForm(SubmittedOnce):
    kind = forms.ChoiceField(
        choices=_choices(IncidentKind.choices, INCIDENT_HINTS),
        widget=forms.RadioSelect,
        label="What happened?",
        error_messages={"required": "Select what happened", "invalid_choice": "Select what happened"},
    )
    description = forms.CharField(
        label="Describe what happened",
        max_length=DESCRIPTION_MAX,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="Who was involved, where, and what you have done so far. Do not include more personal data than needed.",
        error_messages={
            "required": "Describe what happened",
            "max_length": too_long("The description", DESCRIPTION_MAX),
        },
    )
    occurred_on = GovDateField(
        what="the date it happened", label="Date it happened", help_text="For example, 27 3 2026"
    )
    occurred_time = forms.CharField(
        label="Time it happened",
        max_length=5,
        help_text="Use the 24-hour clock, for example 14:30. An approximate time is fine.",
        error_messages={"required": "Enter the time it happened", "max_length": "Enter the time like 14:30"},
    )
    applicant = ApplicantChoiceField(
        queryset=None,
        required=False,
        label="Which applicant is it about? (optional)",
        empty_label="Not about a particular applicant",
        error_messages={"invalid_choice": "Choose an applicant from the list"},
    )

    def __init__(self, *args, applicants, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["applicant"].queryset = applicants

    def layout(self):
        return Layout(
            Field.radios("kind", legend_size=Size.MEDIUM),
            Field.textarea("description", label_size=Size.MEDIUM, max_characters=DESCRIPTION_MAX),
            Field("occurred_on"),
            Field.text("occurred_time", field_width=Fixed.FIVE),
            Field.select("applicant"),
        )

    def clean_occurred_time(self) -> datetime.time:
        match = TIME_PATTERN.match(self.cleaned_data["occurred_time"])
        if not match:
            raise ValidationError("Enter the time like 14:30")
        return datetime.time(int(match.group(1)), int(match.group(2)))

    def clean(self):
        data = super().clean()
        day, time = data.get("occurred_on"), data.get("occurred_time")
        if day and time:
            data["occurred_at"] = timezone.make_aware(datetime.datetime.combine(day, time))
        return data


# --- The case's life: moving a stage, closing, legal hold -----------------------------

REASON_MAX = 500


def _reason_field(label: str, *, required: bool, missing: str = "", help_text: str = "") -> forms.CharField:
    return forms.CharField(
        label=label,
        required=required,
        max_length=REASON_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=help_text,
        error_messages={"required": missing, "max_length": too_long("The reason", REASON_MAX)},
    )


class StageMoveForm(SubmittedOnce):
    stage = forms.ChoiceField(
        label="Which stage is the case moving to?",
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose the stage the case is moving to",
            "invalid_choice": "Choose one of the stages shown",
        },
    )
    on = GovDateField(what="the date of the move", label="Date of the move", help_text="For example, 27 3 2026")
    reason = _reason_field(
        "Reason (optional)", required=False, help_text="For a break, say that the applicants asked for it."
    )

    panel_recommendation = forms.ChoiceField(
        label="What did the panel recommend?",
        choices=PanelRecommendation.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose what the panel recommended", "invalid_choice": "Choose one of the options"},
    )
    decision_maker = forms.CharField(
        label="Agency decision maker",
        max_length=max_length(StageMove, "decision_maker"),
        help_text="The person who made the agency's decision to approve. The date of the move is the decision's date.",
        error_messages={"required": "Enter the name of the agency decision maker"},
    )

    def __init__(self, *args, stages, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["stage"].choices = [(s.value, s.label) for s in stages]
        # Only the one move that records each is offered them (from stage 2 the
        # next stage is always panel, from panel always approved).
        if Stage.PANEL in stages:
            self.fields["on"].label = "Date of the panel"
        else:
            del self.fields["panel_recommendation"]
        if Stage.APPROVED in stages:
            self.fields["on"].label = "Date of the agency decision"
        else:
            del self.fields["decision_maker"]
        self.helper.layout = self.layout()  # GovForm laid out the form before these fields went

    def layout(self):
        optional = [name for name in ("panel_recommendation", "decision_maker") if name in self.fields]
        return Layout(
            Field.radios("stage", legend_size=Size.MEDIUM),
            Field("on"),
            *(
                Field.radios(name, legend_size=Size.SMALL) if name == "panel_recommendation" else Field(name)
                for name in optional
            ),
            Field.textarea("reason", label_size=Size.SMALL, max_characters=REASON_MAX),
        )


class HouseholdCloseForm(SubmittedOnce):
    outcome = forms.ChoiceField(
        label="What is the outcome?",
        choices=CaseOutcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the outcome", "invalid_choice": "Choose the outcome"},
    )
    on = GovDateField(what="the date the case closed", label="Date the case closed", help_text="For example, 27 3 2026")
    reason = _reason_field("Why is the case closing?", required=True, missing="Enter why the case is closing")

    def layout(self):
        return Layout(
            Field.radios("outcome", legend_size=Size.MEDIUM),
            Field("on"),
            Field.textarea("reason", label_size=Size.MEDIUM, max_characters=REASON_MAX),
        )


class LegalHoldForm(SubmittedOnce):
    reason = _reason_field(
        "Reason",
        required=True,
        missing="Enter the reason",
        help_text="For example a complaint, litigation, an inspection or a subject access request in progress.",
    )

    def layout(self):
        return Layout(Field.textarea("reason", label_size=Size.MEDIUM, max_characters=REASON_MAX))


# --- Allocation and corrections --------------------------------------------------------


class AllocationForm(SubmittedOnce):
    """Which social worker of the household's team holds the case."""

    worker = forms.ModelChoiceField(
        queryset=None,
        widget=forms.RadioSelect,
        label="Who is the allocated worker?",
        error_messages={"required": "Select the social worker", "invalid_choice": "Select a worker from the list"},
    )

    def __init__(self, *args, workers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["worker"].queryset = workers
        self.fields["worker"].label_from_instance = lambda user: user.get_full_name() or user.username

    def layout(self):
        return Layout(Field.radios("worker", legend_size=Size.MEDIUM))


class ApplicantCorrectionForm(SubmittedOnce):
    """A correction of the name or date of birth; the reason goes into the history."""

    first_name = ApplicantForm.base_fields["first_name"]
    last_name = ApplicantForm.base_fields["last_name"]
    date_of_birth = ApplicantForm.base_fields["date_of_birth"]
    reason = _reason_field(
        "Why are you correcting these details?",
        required=True,
        missing="Enter why you are correcting these details",
        help_text="For example, the name was misspelt on the ROI form, or the applicant showed their passport.",
    )

    def layout(self):
        return Layout(
            Field.text("first_name", field_width=Fixed.TWENTY),
            Field.text("last_name", field_width=Fixed.TWENTY),
            Field("date_of_birth"),
            Field.textarea("reason", label_size=Size.MEDIUM, max_characters=REASON_MAX),
        )
