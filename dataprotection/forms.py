"""Forms for the subject access pages. They parse what people typed; dataprotection.services decides."""

from crispy_forms_gds.layout import Field, Layout, Size
from django import forms

from t4c_socialcheck.forms import GovDateField, SubmittedOnce, text_field

from .models import Decision, Exemption, SendMethod, SubjectAccessItem, SubjectAccessRequest


class SubjectAccessRequestForm(SubmittedOnce):
    requested_by = text_field(
        SubjectAccessRequest,
        "requested_by",
        what="This",
        required_message="Enter who made the request",
        label="Who made the request",
        help_text="The applicant themself, or the name of the person asking for them and in what capacity.",
    )
    identity_check = text_field(
        SubjectAccessRequest,
        "identity_check",
        what="This",
        multiline=True,
        required_message="Enter how the requester's identity was checked",
        label="How you checked their identity",
        help_text="For example, passport seen at the office, or signed authority and photo ID for a representative.",
    )
    received_on = GovDateField(what="the date the request was received", label="Date the request was received")

    def layout(self):
        return Layout(
            Field.text("requested_by", label_size=Size.SMALL),
            Field.textarea("identity_check", label_size=Size.SMALL, rows=3),
            Field("received_on", context={"legend_size": Size.for_legend(Size.SMALL)}),
        )


class ExtensionForm(SubmittedOnce):
    months = forms.TypedChoiceField(
        label="Extend by",
        choices=[(1, "1 month"), (2, "2 months")],
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose how many months to extend by", "invalid_choice": "Choose 1 or 2 months"},
    )
    reason = text_field(
        SubjectAccessRequest,
        "extension_reason",
        what="The reason",
        multiline=True,
        required_message="Enter why more time is needed",
        label="Why more time is needed",
        help_text="The request must be complex, or one of several from the same person.",
    )
    told_on = GovDateField(what="the date the requester was told", label="Date the requester was told of the extension")

    def layout(self):
        return Layout(
            Field.radios("months", legend_size=Size.SMALL, small=True),
            Field.textarea("reason", label_size=Size.SMALL, rows=3),
            Field("told_on", context={"legend_size": Size.for_legend(Size.SMALL)}),
        )


class ItemReviewForm(SubmittedOnce):
    decision = forms.ChoiceField(
        label="What to do with this item",
        choices=[(d.value, d.label) for d in Decision if d != Decision.PENDING],
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose disclose, redact or withhold",
            "invalid_choice": "Choose disclose, redact or withhold",
        },
    )
    redact_phrases = text_field(
        SubjectAccessItem,
        "redact_phrases",
        what="This",
        multiline=True,
        label="Other names or words to redact (optional)",
        help_text="Staff and third parties' details are masked already when you redact. One name or phrase a line.",
        required=False,
    )
    exemption = forms.ChoiceField(
        label="Exemption relied on (if withholding)",
        choices=[("", "Choose an exemption"), *Exemption.choices],
        required=False,
        error_messages={"invalid_choice": "Choose an exemption from the list"},
    )
    note = text_field(
        SubjectAccessItem,
        "note",
        what="The note",
        multiline=True,
        label="Note",
        help_text="Needed when withholding: why the exemption applies to this item.",
        required=False,
    )

    def layout(self):
        return Layout(
            Field.radios("decision", legend_size=Size.SMALL, small=True),
            Field.textarea("redact_phrases", label_size=Size.SMALL, rows=3),
            Field.select("exemption", label_size=Size.SMALL),
            Field.textarea("note", label_size=Size.SMALL, rows=3),
        )


class SentForm(SubmittedOnce):
    sent_on = GovDateField(what="the date the pack was sent", label="Date the pack was sent")
    sent_how = forms.ChoiceField(
        label="How it was sent",
        choices=SendMethod.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose how the pack was sent", "invalid_choice": "Choose how the pack was sent"},
    )

    def layout(self):
        return Layout(
            Field("sent_on", context={"legend_size": Size.for_legend(Size.SMALL)}),
            Field.radios("sent_how", legend_size=Size.SMALL, small=True),
        )


class MakePackForm(SubmittedOnce):
    """Only the submission token: the button is the decision."""
