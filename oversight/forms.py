"""Forms for the managers' pages. They only parse what people typed; the services decide
what is allowed, and their errors are put back against the same field names
(t4c_socialcheck.forms.add_service_error). Every form renders through crispy-forms-gds;
each one that records something carries a submission token (web.helpers.submit_once)."""

import datetime
from dataclasses import dataclass

from crispy_forms_gds.layout import Div, Field, Fixed, Fluid, Layout, Size
from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.dateformat import format as date_format

from accounts.models import User
from cases.models import Household
from checks.models import CheckVoid, RefusalReview
from checks.rules import RULES
from incidents.models import IcoDecision, Incident, IncidentCorrection, IncidentKind, IncidentStatus, SubjectsDecision
from incidents.services import FIELDS_BY_KIND
from t4c_socialcheck.batches import PAGE_CURSORS, query_without
from t4c_socialcheck.forms import GovDateField, GovDateTimeField, GovForm, SubmittedOnce, text_field, too_long
from t4c_socialcheck.limits import max_length

WORKER_MAX = max_length(User, "first_name") + 1 + max_length(User, "last_name")  # a full name


def _date(what: str, **kwargs) -> GovDateField:
    """A date on a manager's form: its boxes named by part; the services judge its range."""
    return GovDateField(what=what, past_only=False, named_boxes=True, **kwargs)


def _day_start(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def _date_time(what: str, **kwargs) -> GovDateTimeField:
    return GovDateTimeField(what=what, past_only=False, named_boxes=True, **kwargs)


class RefusalReviewForm(SubmittedOnce):
    comment = text_field(
        RefusalReview,
        "comment",
        what="The comment",
        multiline=True,
        required_message="Enter a comment",
        label="Your comment",
        help_text="For example, what you discussed with the worker and whether anything else needs to happen.",
    )

    def layout(self):
        return Layout(Field.textarea("comment", label_size=Size.SMALL, rows=4))


class RefusalIncidentForm(SubmittedOnce):
    description = text_field(
        Incident,
        "description",
        what="The description",
        multiline=True,
        required_message="Describe what you think happened",
        label="What you think happened",
        help_text="The incident is recorded as a suspected breach of the social media policy.",
    )

    def layout(self):
        return Layout(Field.textarea("description", label_size=Size.SMALL, rows=5))


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
    ico_decision_reason = text_field(
        Incident,
        "ico_decision_reason",
        what="The reason",
        multiline=True,
        label="The reason for the decision",
        help_text="Why the data protection officer decided the breach is, or is not, reportable to the ICO.",
        required=False,
    )
    ico_notified_at = _date_time(
        "the date and time the ICO was told",
        label="When the ICO was told",
        help_text="Leave blank until the ICO is told. Use the 24-hour clock, for example 27 3 2026 14 30.",
        required=False,
    )
    ico_reference = text_field(
        Incident,
        "ico_reference",
        what="The ICO reference",
        label="ICO reference",
        help_text="The case reference the ICO gave when the breach was reported.",
        required=False,
    )
    late_reason = text_field(
        Incident,
        "late_reason",
        what="The reason",
        multiline=True,
        label="Why it was reported after 72 hours",
        help_text="Needed when the ICO was told more than 72 hours after the agency became aware.",
        required=False,
    )
    subjects_decision = forms.ChoiceField(
        label="Telling the people whose data it is",
        choices=SubjectsDecision.choices,
        widget=forms.RadioSelect,
        required=False,
        error_messages={"invalid_choice": "Choose the decision about telling the people affected"},
    )
    subjects_told_on = _date(
        "the date the people affected were told",
        label="Date they were told",
        required=False,
        help_text="For example, 27 3 2026.",
    )
    subjects_told_how = text_field(
        Incident,
        "subjects_told_how",
        what="This",
        label="How they were told",
        help_text="For example, by letter and a phone call.",
        required=False,
    )
    subjects_not_told_reason = text_field(
        Incident,
        "subjects_not_told_reason",
        what="The reason",
        multiline=True,
        label="Why they are not being told",
        help_text="For example, the breach is unlikely to result in a high risk to them.",
        required=False,
    )
    dpo_informed_at = _date_time(
        "the date and time the data protection officer was told",
        label="When the data protection officer was told",
        help_text="Use the 24-hour clock, for example 27 3 2026 09 05.",
        required=False,
    )
    police_reference = text_field(
        Incident,
        "police_reference",
        what="The police reference",
        label="Police reference",
        help_text="The crime or incident number the police gave, if the worker reported it.",
        required=False,
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
            "ico_reference": Field.text("ico_reference", label_size=Size.SMALL, field_width=Fixed.TWENTY),
            "late_reason": Field.textarea("late_reason", label_size=Size.SMALL, rows=3),
            "dpo_informed_at": Field("dpo_informed_at", context={"legend_size": Size.for_legend(Size.SMALL)}),
            "subjects_decision": Field.radios("subjects_decision", legend_size=Size.SMALL, small=True),
            "subjects_told_on": Field("subjects_told_on", context={"legend_size": Size.for_legend(Size.SMALL)}),
            "subjects_told_how": Field.text("subjects_told_how", label_size=Size.SMALL),
            "subjects_not_told_reason": Field.textarea("subjects_not_told_reason", label_size=Size.SMALL, rows=3),
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
        found = {name: value for name, value in self.cleaned_data.items() if name != "submission"}
        if "subjects_decision" in found and not found["subjects_decision"]:
            found["subjects_decision"] = SubjectsDecision.PENDING
        return found


class IncidentCorrectionForm(SubmittedOnce):
    """Correct the kind of incident, or when the agency became aware of a breach, with the reason."""

    kind = forms.ChoiceField(
        label="Kind of incident",
        choices=IncidentKind.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose what kind of incident it is",
            "invalid_choice": "Choose a kind from the list",
        },
    )
    aware_at = _date_time(
        "the date and time the agency became aware",
        label="When the agency became aware of the breach",
        help_text="The ICO's 72-hour clock runs from this. Use the 24-hour clock, for example 27 3 2026 14 30.",
        required=False,
    )
    reason = text_field(
        IncidentCorrection,
        "reason",
        what="The reason",
        multiline=True,
        required_message="Enter the reason for the correction",
        label="Why you are correcting it",
    )

    def __init__(self, *args, incident: Incident, **kwargs):
        self.incident = incident
        super().__init__(*args, **kwargs)
        if incident.kind != IncidentKind.DATA_BREACH:
            del self.fields["aware_at"]
            self.helper.layout = self.layout()

    def layout(self):
        items = [Field.radios("kind", legend_size=Size.SMALL, small=True)]
        if "aware_at" in self.fields:
            items.append(Field("aware_at", context={"legend_size": Size.for_legend(Size.SMALL)}))
        items.append(Field.textarea("reason", label_size=Size.SMALL, rows=3))
        return Layout(*items)


def named(queryset, value: str, path: str = ""):
    """`queryset` narrowed to the people `value` names: every word in their first or last name,
    or one word that is their username. `path` leads from its rows to the person."""
    lead = f"{path}__" if path else ""
    words = value.split()
    for word in words:
        match = Q(**{f"{lead}first_name__icontains": word}) | Q(**{f"{lead}last_name__icontains": word})
        if len(words) == 1:
            match |= Q(**{f"{lead}username__iexact": word})
        queryset = queryset.filter(match)
    return queryset


@dataclass(frozen=True)
class SelectedFilter:
    """One filter in use, as the MoJ filter shows it: a tag under its label, linked to the
    same page without that filter (the other filters kept)."""

    label: str
    text: str
    remove_query: str  # the query string without this filter, nor a page cursor


class FilterForm(GovForm):
    """A GET filter's boxes, side by side, a third of the page each."""

    blank_kept = True

    def selected(self, query) -> list[SelectedFilter]:
        """The filters in use, each with the query that removes it; none while a value is invalid
        (the error summary says what to correct)."""
        if not self.is_bound or not self.is_valid():
            return []
        chosen = []
        for name, field in self.fields.items():
            value = self.cleaned_data.get(name)
            if value in (None, "", False) or (isinstance(value, str) and not value.strip()):
                continue
            # Without the cursors too: a changed filter starts again at the newest.
            rest = query_without(query, *PAGE_CURSORS, *self._query_names(name))
            chosen.append(SelectedFilter(str(field.label), self._shown(field, value), rest.urlencode()))
        return chosen

    def _query_names(self, name: str) -> list[str]:
        html_name = self.add_prefix(name)
        widget = self.fields[name].widget
        if isinstance(widget, forms.MultiWidget):  # a GOV.UK date input: one parameter per box
            return [f"{html_name}{suffix}" for suffix in widget.widgets_names]
        return [html_name]

    @staticmethod
    def _shown(field, value) -> str:
        if isinstance(field, forms.ModelChoiceField):
            return str(value)
        if isinstance(field, forms.ChoiceField):
            return str(dict(field.choices).get(value, value))
        if isinstance(value, datetime.date):
            return date_format(value, "j F Y")
        if value is True:
            return "Yes"
        return str(value).strip()

    def box(self, name: str) -> Field:
        """One filter's box, its label small and bold, as on every filter (the caseload's too)."""
        if isinstance(self.fields[name], GovDateField):
            return Field(name, context={"legend_size": Size.for_legend(Size.SMALL)})
        if isinstance(self.fields[name].widget, forms.Select):
            return Field(name, context={"label_size": Size.for_label(Size.SMALL)}, css_class="govuk-!-width-full")
        return Field.text(name, label_size=Size.SMALL, field_width=Fluid.FULL)

    def layout(self):
        return Layout(
            Div(
                *(Div(self.box(name), css_class="govuk-grid-column-one-third") for name in self.fields),
                css_class="govuk-grid-row",
            )
        )


class FilterPanelForm(FilterForm):
    """A filter inside the MoJ filter panel, beside the results: one box under another."""

    def layout(self):
        return Layout(*(self.box(name) for name in self.fields))


class ChoiceFilterForm(FilterForm):
    """A list's filter: an unknown value is an error to show, never a silent "everything".

    Besides its own choices, each list filters by household reference, by worker (name or
    username) and by a date range typed in GOV.UK date inputs; `paths` says where those are."""

    household = text_field(
        Household,
        "reference",
        what="The household reference",
        label="Household reference",
        required=False,
    )
    worker = forms.CharField(
        label="Worker",
        required=False,
        max_length=WORKER_MAX,
        help_text="Their name or username.",
        error_messages={"max_length": too_long("The worker's name", WORKER_MAX)},
    )
    since = _date("the first day", label="From", required=False, help_text="For example, 1 12 2026")
    until = _date("the last day", label="To", required=False, help_text="For example, 31 12 2026")

    # Where each shared filter looks: (household, worker, time) lookups.
    paths = ("household", "user", "at")

    def clean(self):
        data = super().clean()
        since, until = data.get("since"), data.get("until")
        if since and until and until < since:
            self.add_error("until", "The last day must be the same as or after the first day")
        return data

    def filtered(self, queryset):
        if not self.is_valid():
            return queryset.none()
        return self.apply(self._shared(queryset, self.cleaned_data), self.cleaned_data)

    def _shared(self, queryset, data):
        household, worker, at = self.paths
        if data["household"].strip():
            queryset = queryset.filter(**{f"{household}__reference__iexact": data["household"].strip()})
        queryset = named(queryset, data["worker"], worker)
        if data["since"]:
            queryset = queryset.filter(**{f"{at}__gte": _day_start(data["since"])})
        if data["until"]:
            queryset = queryset.filter(**{f"{at}__lt": _day_start(data["until"] + datetime.timedelta(days=1))})
        return queryset

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
    field_order = ["review", "code", "household", "worker", "since", "until"]
    paths = ("applicant__household", "user", "at")

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
    field_order = ["status", "kind", "household", "worker", "since", "until"]
    paths = ("household", "reported_by", "reported_at")

    def apply(self, queryset, data):
        if data["status"] == ACTIVE:
            queryset = queryset.exclude(status=IncidentStatus.CLOSED)
        elif data["status"]:
            queryset = queryset.filter(status=data["status"])
        if data["kind"]:
            queryset = queryset.filter(kind=data["kind"])
        return queryset


class CheckVoidForm(SubmittedOnce):
    reason = text_field(
        CheckVoid,
        "reason",
        what="The reason",
        multiline=True,
        required_message="Enter why you are voiding this check",
        label="Why are you voiding this check?",
        help_text="For example, the address was out of date and the profile had been deleted.",
    )

    def layout(self):
        return Layout(Field.textarea("reason", label_size=Size.MEDIUM, rows=4))
