"""A form's model choices are read once, with an ordinary query (t4c_socialcheck.forms.ListedChoices)."""

import pytest
from django import forms
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cases.models import LocalAuthority
from t4c_socialcheck.forms import GovForm
from tests.factories import LocalAuthorityFactory


class CouncilForm(GovForm):
    council = forms.ModelChoiceField(LocalAuthority.objects.order_by("name"), empty_label="Any council")


@pytest.mark.django_db
def test_a_choice_list_is_read_in_one_query_however_often_it_is_shown():
    first, second = LocalAuthorityFactory(name="Alpha"), LocalAuthorityFactory(name="Beta")
    form = CouncilForm()
    with CaptureQueriesContext(connection) as captured:
        html = form.as_div() + form.as_div()
        choices = list(form.fields["council"].choices)
    assert len(captured) == 1
    assert not captured[0]["sql"].upper().startswith("DECLARE")
    assert [label for _, label in choices] == ["Any council", "Alpha", "Beta"]
    assert html.count(f'value="{first.pk}"') == 2 and html.count(f'value="{second.pk}"') == 2


@pytest.mark.django_db
def test_a_listed_choice_still_validates_and_an_unknown_one_is_an_error():
    council = LocalAuthorityFactory()
    form = CouncilForm({"council": council.pk})
    assert form.is_valid() and form.cleaned_data["council"] == council
    assert not CouncilForm({"council": council.pk + 1000}).is_valid()
