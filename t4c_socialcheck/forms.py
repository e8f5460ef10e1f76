"""The building blocks of every page form, the workers' pages and the managers' alike.

Forms render through crispy-forms-gds (GOV.UK Design System markup) and report
their errors in the one error summary (templates/gds/layout/error_summary.html).
Forms check the shape of what was typed; the services decide what is allowed,
and `add_service_error` puts their answer back on the form.
"""

import datetime
import re
import uuid

from crispy_forms.utils import TEMPLATE_PACK
from crispy_forms_gds.fields import DateInputField
from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Layout, Size
from crispy_forms_gds.widgets import DateInputWidget
from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from t4c_socialcheck import widgets
from t4c_socialcheck.errors import ServiceError
from t4c_socialcheck.limits import max_length
from t4c_socialcheck.validators import NoControlCharacters


def too_long(what: str, limit: int) -> str:
    """The error for text over its limit, e.g. "The comment must be 500 characters or fewer"."""
    return f"{what} must be {limit:,} characters or fewer"


def text_field(
    model, name: str, *, what: str, multiline: bool = False, required_message: str | None = None, **kwargs
) -> forms.CharField:
    """A text box for a model field, its limit taken from the field (one source for
    each limit); `what` names it in the too-long message ("The reason")."""
    limit = max_length(model, name)
    error_messages = {"max_length": too_long(what, limit)}
    if required_message is not None:
        error_messages["required"] = required_message
    widget = forms.Textarea if multiline else forms.TextInput
    return forms.CharField(max_length=limit, widget=widget, error_messages=error_messages, **kwargs)


class ListedChoices(forms.models.ModelChoiceIterator):
    """A model choice list read with one ordinary query, kept for the form's life.

    Django's own iterator reads the rows through `.iterator()`: on PostgreSQL a server-side
    cursor, three round trips (DECLARE, FETCH, CLOSE) for a list of a few teams or councils."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for obj in self.queryset:
            yield self.choice(obj)


class BlankFormHelper(FormHelper):
    """crispy-forms-gds's helper, which renders a blank form's fields once per process.

    For the list pages' filters only (GovForm.blank_kept): with nothing typed, no errors and no
    initial values, such a form renders the same for everyone offered the same choices, and it
    is shown on most requests. The HTML is kept per form class, field set and choices (teams,
    councils, stages, rules: configuration, never a person's data, which is why a form opts in).
    A form with any value in it is rendered afresh every time."""

    KEPT = 64
    rendered: dict = {}

    def render_layout(self, form, context, template_pack=TEMPLATE_PACK):
        key = self._blank_key(form, template_pack)
        if key is None:
            return super().render_layout(form, context, template_pack)
        html = self.rendered.get(key)
        if html is None:
            html = super().render_layout(form, context, template_pack)
            if len(self.rendered) >= self.KEPT:
                self.rendered.clear()
            self.rendered[key] = html
        return html

    @staticmethod
    def _blank_key(form, template_pack):
        if form.is_bound:
            # Only the form's own fields count (a date's boxes are `<name>_0`...; a list's cursor is not one).
            names = tuple(form.add_prefix(name) for name in form.fields)
            sent = form.data.lists() if hasattr(form.data, "lists") else ((k, [v]) for k, v in form.data.items())
            if any(v not in ("", None) for key, values in sent if key.startswith(names) for v in values):
                return None
        if form.initial or (form.is_bound and form.errors):
            return None
        for field in form.fields.values():
            if field.initial is not None and not isinstance(field, forms.BooleanField):
                return None
        choices = tuple(
            (name, tuple((str(value), str(label)) for value, label in field.choices))
            for name, field in form.fields.items()
            if hasattr(field, "choices")
        )
        return (type(form), form.prefix, form.is_bound, tuple(form.fields), choices, str(template_pack))


class GovForm(forms.Form):
    """A form laid out by crispy-forms-gds; the page supplies <form>, CSRF and buttons.
    Every text box refuses control characters (refuse_control_characters)."""

    # A list's filter, whose labels and choices name no person: its blank rendering is kept (BlankFormHelper).
    blank_kept = False

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = BlankFormHelper(self) if self.blank_kept else FormHelper(self)
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.render_hidden_fields = True
        for field in self.fields.values():
            # GOV.UK: no maxlength, which cuts text off unseen; too long is an error message.
            field.widget.attrs.pop("maxlength", None)
            if type(field.widget) is forms.Textarea:
                field.widget = widgets.Textarea.like(field.widget)
            if isinstance(field.widget, forms.Textarea):
                # crispy-forms-gds's character count expects this key even when there is no hint.
                field.widget.attrs.setdefault("aria-describedby", "")
            if isinstance(field, forms.CharField):
                multiline = isinstance(field.widget, forms.Textarea)
                field.validators = [*field.validators, NoControlCharacters(multiline=multiline)]
            if isinstance(field, forms.ModelChoiceField):
                field.iterator = ListedChoices
                field.widget.choices = field.choices
        layout = self.layout()
        if layout is not None:
            self.helper.layout = layout

    def layout(self) -> Layout | None:
        return None


def select(field: str, label_size: str | None = None, **kwargs) -> Field:
    """A drop-down with its label sized: crispy-forms-gds's Field.select sizes only a legend,
    and passes a label_size on as an (invalid) attribute of the <select>."""
    context = {"label_size": Size.for_label(label_size)} if label_size else {}
    return Field(field, context=context, **kwargs)


# --- Sending a form once -----------------------------------------------------------


class TokenInput(forms.HiddenInput):
    """A hidden input without an id, so two recording forms on one page do not clash."""

    def get_context(self, name, value, attrs):
        return super().get_context(name, value, {k: v for k, v in (attrs or {}).items() if k != "id"})


class SubmissionTokenField(forms.UUIDField):
    """The hidden token. A missing or garbled one is not the person's fault: treat it as absent."""

    widget = TokenInput

    def to_python(self, value):
        try:
            return super().to_python(value)
        except ValidationError:
            return None


class SubmittedOnce(GovForm):
    """A form that records something: it carries a token so that sending it twice records it once
    (see web.helpers.submit_once). Without a token (an old page) it is simply not de-duplicated."""

    submission = SubmissionTokenField(required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("submission", uuid.uuid4())


# --- Dates, and dates with a time ------------------------------------------------------

DATE_PARTS = ("day", "month", "year")
DATE_TIME_PARTS = (*DATE_PARTS, "hour", "minute")
PART_LABELS = {"day": "Day", "month": "Month", "year": "Year", "hour": "Hour", "minute": "Minute"}
PART_WORDS = {"day": "a day", "month": "a month", "year": "a year", "hour": "an hour", "minute": "a minute"}
TWO_DIGITS = ("hour", "minute")


class GovDateWidget(DateInputWidget):
    """The GOV.UK date input's boxes (day, month, year; hour and minute for a time), with the
    numeric keyboard on phones. Boxes are named `<name>_0`, `_1`...; with `named_boxes`,
    `<name>_day`, `_month`... (the managers' pages have always posted those names)."""

    def __init__(self, parts=DATE_PARTS, *, named_boxes: bool = False, attrs=None):
        self.parts = tuple(parts)
        boxes = [
            forms.TextInput(
                attrs={
                    "class": f"govuk-input govuk-date-input__input govuk-input--width-{4 if part == 'year' else 2}",
                    "label": PART_LABELS[part],
                    "inputmode": "numeric",
                }
            )
            for part in self.parts
        ]
        forms.MultiWidget.__init__(self, dict(zip(self.parts, boxes, strict=True)) if named_boxes else boxes, attrs)

    def decompress(self, value):
        if value in (None, ""):
            return [None] * len(self.parts)
        if isinstance(value, datetime.datetime):
            value = timezone.localtime(value)
        return [f"{getattr(value, part):02d}" if part in TWO_DIGITS else getattr(value, part) for part in self.parts]

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        box_id = context["widget"]["attrs"].get("id")
        if box_id:
            # Each box's id ends like its name (Django numbers them whatever their names).
            for suffix, box in zip(self.widgets_names, context["widget"]["subwidgets"], strict=True):
                box["attrs"]["id"] = f"{box_id}{suffix}"
        return context

    def id_for_label(self, id_):
        return f"{id_}{self.widgets_names[0]}" if id_ else id_

    def box_id(self, auto_id: str, index: int) -> str:
        return f"{auto_id}{self.widgets_names[index]}"


class GovDateField(DateInputField):
    """A GOV.UK date input whose errors name the date and say what is wrong with it.

    `what` completes "Enter ..." (e.g. "the date the form was signed"). With `past_only`,
    a date after today is refused. The error for a missing box goes on that box.
    """

    parts = DATE_PARTS

    def __init__(
        self, *, what: str, past_only: bool = True, earliest_year: int = 1900, named_boxes: bool = False, **kwargs
    ):
        kwargs.setdefault("widget", GovDateWidget(self.parts, named_boxes=named_boxes))
        fields = tuple(forms.CharField(label=PART_LABELS[part]) for part in self.parts)
        forms.MultiValueField.__init__(self, fields=fields, require_all_fields=False, **kwargs)
        self.past_only = past_only
        self.earliest_year = earliest_year
        self.subject = what[0].upper() + what[1:]
        self.error_messages = {**self.error_messages, "required": f"Enter {what}", "incomplete": f"Enter {what}"}

    def _refuse(self, message: str, index: int, code: str):
        # On the box as well, so the summary's link goes to it (crispy-forms-gds reads widget.errors).
        self.fields[index].widget.errors = [message]
        raise ValidationError(message, code=code)

    def clean(self, value):
        if self.disabled and not isinstance(value, list | tuple):
            value = self.widget.decompress(value)
        values = [str(v or "").strip() for v in (value if isinstance(value, list | tuple) else [])]
        values += [""] * (len(self.parts) - len(values))
        for field in self.fields:
            field.widget.errors = []
        if not any(values):
            if self.required:
                raise ValidationError(self.error_messages["required"], code="required")
            return None
        missing = [index for index, v in enumerate(values) if not v]
        if missing:
            wanted = " and ".join(PART_WORDS[self.parts[index]] for index in missing)
            self._refuse(f"{self.subject} must include {wanted}", missing[0], "incomplete")
        real = f"{self.subject} must be a real date"
        for index, (part, v) in enumerate(zip(self.parts, values, strict=True)):
            if not re.fullmatch(r"\d{1,4}" if part == "year" else r"\d{1,2}", v):
                self._refuse(real, index, "invalid")
        year = self.parts.index("year")
        if len(values[year]) != 4:
            self._refuse("Year must include 4 numbers", year, "invalid")
        try:
            out = self.build(dict(zip(self.parts, (int(v) for v in values), strict=True)))
        except ValueError:
            self._refuse(real, 0, "invalid")
        if out.year < self.earliest_year:
            self._refuse(real, year, "invalid")
        if self.past_only and self.is_future(out):
            raise ValidationError(f"{self.subject} must be today or in the past", code="future")
        self.run_validators(out)
        return out

    def build(self, numbers: dict):
        return datetime.date(numbers["year"], numbers["month"], numbers["day"])

    def is_future(self, value) -> bool:
        return value > timezone.localdate()


class GovDateTimeField(GovDateField):
    """A date and a time (24-hour clock), in the service's time zone."""

    parts = DATE_TIME_PARTS

    def build(self, numbers: dict):
        if numbers["hour"] > 23 or numbers["minute"] > 59:
            raise ValueError("not a real time")
        day = datetime.datetime(numbers["year"], numbers["month"], numbers["day"], numbers["hour"], numbers["minute"])
        return timezone.make_aware(day)

    def is_future(self, value) -> bool:
        return value > timezone.now()


# --- A service's answer ------------------------------------------------------------------

# Where a service names a field the form calls something else.
FIELD_ALIASES = {"occurred_at": "occurred_on"}


def add_service_error(form: forms.Form, error: ServiceError) -> None:
    """Show a service's error against the fields it names, else at the top of the form.

    Services give a sentence in `detail` and sometimes a terse note per field
    ("Already used."); with one field, show whichever says more.
    """
    placed = False
    for field, notes in error.fields.items():
        name = FIELD_ALIASES.get(field, field)
        if name not in form.fields:
            continue
        for message in notes:
            if len(error.fields) == 1:
                message = max(message, error.detail, key=len)
            if message not in form.errors.get(name, []):
                form.add_error(name, message)
        placed = True
    if not placed:
        form.add_error(None, error.detail)
