import re

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Fixed, Layout, Size
from django import forms

CODE_LENGTH = 6


class CodeForm(forms.Form):
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

    def __init__(self, *args, label_size=Size.MEDIUM, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper(self)
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.layout = Layout(Field.text("code", field_width=Fixed.TEN, label_size=label_size))

    def clean_code(self) -> str:
        # People copy codes with spaces ("123 456") or dashes: keep the digits.
        code = re.sub(r"[\s-]", "", self.cleaned_data["code"])
        if not re.fullmatch(rf"\d{{{CODE_LENGTH}}}", code):
            raise forms.ValidationError("The code must be 6 digits, like 123456")
        return code

    def wrong_code(self) -> None:
        self.add_error("code", "The code is not right. Enter the code the app shows now")

    def wait(self, seconds: int) -> None:
        self.add_error(
            "code",
            f"You have entered a wrong code too many times. Wait {seconds} second{'s' if seconds != 1 else ''}, "
            "then enter the code the app shows",
        )
