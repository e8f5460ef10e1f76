"""Forms of the governance pages: they parse; the services decide (governance.services)."""

from crispy_forms_gds.layout import Field, Layout, Size
from django import forms
from django.utils import timezone

from t4c_socialcheck.forms import GovDateField, GovForm, SubmittedOnce, select, too_long
from t4c_socialcheck.limits import max_length

from .models import ConflictDeclaration, Course, Restriction

REASON_MAX = max_length(ConflictDeclaration, "reason")


def _reason(label: str, hint: str) -> forms.CharField:
    return forms.CharField(
        label=label,
        help_text=hint,
        max_length=REASON_MAX,
        widget=forms.Textarea,
        error_messages={"required": "Enter the reason", "max_length": too_long("The reason", REASON_MAX)},
    )


class ConflictForm(SubmittedOnce):
    reason = _reason(
        "How do you know this household?",
        "For example, a neighbour, a friend of a friend, or you follow one of them online. Your manager is told.",
    )

    def layout(self):
        return Layout(Field.textarea("reason", label_size=Size.MEDIUM, rows=4))


class RestrictForm(SubmittedOnce):
    staff = forms.MultipleChoiceField(
        label="Who may see this household",
        help_text="You are named as well. Nobody else will find it, in lists, searches, exports or the API.",
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choose who may see this household"},
    )
    reason = _reason("Why restrict it?", "For example, a member of staff or a councillor is applying.")

    def __init__(self, *args, people=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["staff"].choices = [(str(p.pk), p.get_full_name() or p.username) for p in people]

    def layout(self):
        return Layout(
            Field.checkboxes("staff", legend_size=Size.MEDIUM), Field.textarea("reason", label_size=Size.MEDIUM, rows=3)
        )


class LiftForm(SubmittedOnce):
    lift_reason = forms.CharField(
        label="Why lift the restriction?",
        max_length=max_length(Restriction, "lift_reason"),
        widget=forms.Textarea,
        error_messages={"required": "Enter the reason"},
    )

    def layout(self):
        return Layout(Field.textarea("lift_reason", label_size=Size.MEDIUM, rows=3))


class TrainingRecordForm(SubmittedOnce):
    person = forms.ChoiceField(label="Who completed the course", error_messages={"required": "Choose who"})
    course = forms.ModelChoiceField(
        queryset=Course.objects.filter(active=True),
        label="Course",
        empty_label=None,
        error_messages={"required": "Choose the course", "invalid_choice": "Choose the course"},
    )
    completed_on = GovDateField(what="the date the course was completed", past_only=True)

    def __init__(self, *args, people=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].choices = [(str(p.pk), p.get_full_name() or p.username) for p in people]

    def layout(self):
        return Layout(
            select("person", label_size=Size.SMALL),
            select("course", label_size=Size.SMALL),
            Field("completed_on", legend_size=Size.SMALL),
        )


class AnnualReportForm(GovForm):
    council = forms.ChoiceField(label="Council", error_messages={"required": "Choose a council"})
    year = forms.IntegerField(
        label="Year",
        min_value=2000,
        error_messages={"required": "Enter the year", "invalid": "Enter the year as 4 digits, like 2026"},
    )

    def __init__(self, *args, councils=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["council"].choices = [("agency", "The whole agency")] + [(c.slug, c.name) for c in councils]
        self.fields["year"].max_value = timezone.localdate().year
        self.fields["year"].initial = timezone.localdate().year

    def layout(self):
        return Layout(select("council", label_size=Size.SMALL), Field.text("year", field_width=4))
