from crispy_forms_gds.choices import Choice
from crispy_forms_gds.layout import Field, Fluid, Layout, Size
from django import forms

from t4c_socialcheck.forms import GovForm, too_long
from t4c_socialcheck.limits import max_length

from .models import ApiToken

NAME_MAX = max_length(ApiToken, "name")
SCOPES = [
    Choice(ApiToken.Scope.READ, "Read only", hint="It can read what you can see, and change nothing."),
    Choice(ApiToken.Scope.WRITE, "Read and write", hint="It can also do what you can do: add, record and change."),
]


class TokenIssueForm(GovForm):
    name = forms.CharField(
        label="Name",
        max_length=NAME_MAX,
        help_text="What it is for, so that you know which one to revoke. For example, “Weekly report script”.",
        error_messages={"required": "Enter a name for the token", "max_length": too_long("The name", NAME_MAX)},
    )
    scope = forms.ChoiceField(
        choices=SCOPES,
        widget=forms.RadioSelect,
        label="What may it do?",
        initial=ApiToken.Scope.READ,
        error_messages={
            "required": "Select what the token may do",
            "invalid_choice": "Select what the token may do",
        },
    )

    def layout(self):
        return Layout(
            Field.text("name", field_width=Fluid.TWO_THIRDS, label_size=Size.SMALL),
            Field.radios("scope", legend_size=Size.SMALL),
        )
