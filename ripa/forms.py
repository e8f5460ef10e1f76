from django import forms
from django.utils import timezone

from cases.models import LocalAuthority
from oversight.forms import FilterForm

from .selectors import DISPLAY_STATUS, RegisterFilter


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
