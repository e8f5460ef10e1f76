import re

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Fixed, Layout, Size
from django import forms

from .setup_code import LENGTH, normalise

CODE_LENGTH = 6


class OneCodeForm(forms.Form):
    """A form of one field, `code`, laid out the GOV.UK way; the page's template
    (accounts/includes/code_form.html) holds the form tag and CSRF token."""

    field_width = Fixed.TEN

    def __init__(self, *args, label_size=Size.MEDIUM, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper(self)
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.layout = Layout(Field.text("code", field_width=self.field_width, label_size=label_size))


class CodeForm(OneCodeForm):
    """The 6-digit code from an authenticator app. Whether it is right is the view's business."""

    code = forms.CharField(
        label="Enter the 6-digit code from your authenticator app",
        help_text="The app shows a new code every 30 seconds.",
        max_length=20,
        error_messages={"required": "Enter the 6-digit code from your authenticator app"},
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "spellcheck": "false",
                "autocapitalize": "none",
            }
        ),
    )

    def clean_code(self) -> str:
        # People copy codes with spaces ("123 456") or dashes: keep the digits.
        code = re.sub(r"[\s-]", "", self.cleaned_data["code"])
        if not re.fullmatch(rf"\d{{{CODE_LENGTH}}}", code):
            raise forms.ValidationError("The code must be 6 digits, like 804317")
        return code

    def wrong_code(self) -> None:
        self.add_error("code", "The code is not right. Enter the code the app shows now")

    def wait(self, seconds: int) -> None:
        self.add_error(
            "code",
            f"You have entered a wrong code too many times. Wait {seconds} second{'s' if seconds != 1 else ''}, "
            "then enter the code the app shows",
        )


class SetupCodeForm(OneCodeForm):
    """The one-time set-up code an admin gave the person (setup_code.py)."""

    field_width = Fixed.TWENTY

    code = forms.CharField(
        label="Set-up code",
        help_text="12 letters and numbers, like K7QD-M2XP-9RWF. Capitals, spaces and dashes do not matter.",
        max_length=40,
        error_messages={"required": "Enter the set-up code an administrator gave you"},
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false", "autocapitalize": "characters"}),
    )

    def clean_code(self) -> str:
        code = normalise(self.cleaned_data["code"])
        if len(code) != LENGTH:
            raise forms.ValidationError("The set-up code is 12 letters and numbers, like K7QD-M2XP-9RWF")
        return code

    def wrong_code(self) -> None:
        self.add_error(
            "code", "The set-up code is not right or has expired. Check it, or ask an administrator for a new one"
        )
