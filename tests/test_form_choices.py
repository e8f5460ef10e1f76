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


class TextFilter(GovForm):
    blank_kept = True
    q = forms.CharField(required=False, label="Search")
    council = forms.ModelChoiceField(LocalAuthority.objects.order_by("name"), required=False, empty_label="Any")
    day = forms.DateField(required=False, label="Day")


def _render(form) -> str:
    from django.template import engines

    template = engines["django"].from_string("{% load crispy_forms_tags %}{% crispy form %}")
    return template.render({"form": form})


def _fresh(form) -> str:
    """What crispy-forms-gds renders without the kept copy."""
    from crispy_forms_gds.helper import FormHelper

    form.helper.__class__ = FormHelper
    return _render(form)


@pytest.mark.django_db
def test_a_blank_filter_renders_as_crispy_forms_gds_does_and_is_kept_per_choices():
    from t4c_socialcheck.forms import BlankFormHelper

    BlankFormHelper.rendered.clear()
    LocalAuthorityFactory(name="Alpha")
    kept = _render(TextFilter({}))
    assert kept == _fresh(TextFilter({})) and "Alpha" in kept
    assert len(BlankFormHelper.rendered) == 1
    assert _render(TextFilter({})) == kept and len(BlankFormHelper.rendered) == 1
    # Another council on the list: other choices, another copy.
    LocalAuthorityFactory(name="Beta")
    assert "Beta" in _render(TextFilter({})) and len(BlankFormHelper.rendered) == 2


@pytest.mark.django_db
def test_only_a_filter_that_opts_in_is_kept():
    from t4c_socialcheck.forms import BlankFormHelper

    BlankFormHelper.rendered.clear()
    _render(CouncilForm())
    assert not BlankFormHelper.rendered


@pytest.mark.django_db
@pytest.mark.parametrize("data", [{"q": "Smith"}, {"day": "not a date"}])
def test_a_filter_with_something_typed_is_rendered_afresh(data):
    from t4c_socialcheck.forms import BlankFormHelper

    BlankFormHelper.rendered.clear()
    form = TextFilter(data)
    form.is_valid()
    html = _render(form)
    assert not BlankFormHelper.rendered
    fresh = TextFilter(data)
    fresh.is_valid()
    assert html == _fresh(fresh)
    assert (data.get("q") or data.get("day")) in html
