"""The managers' pages use the one form stack: crispy-forms-gds markup, the one error
summary and date field family, limits from the models, and the one double-submit
mechanism (web.helpers.submit_once) on every form that records something."""

import importlib
import inspect
import re
import uuid
from pathlib import Path

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from checks.models import RefusalReview
from incidents.models import Incident
from oversight import forms as oversight_forms
from oversight.templatetags import oversight_tags
from t4c_socialcheck import forms as shared
from web import helpers
from web.helpers import SENT_TWICE

from .html import assert_good_page

pytestmark = pytest.mark.django_db

OVERSIGHT = Path(oversight_forms.__file__).parent
HAND_ROLLED = re.compile(
    r"govuk-(input|select|textarea|error-summary|error-message|date-input|radios__input|checkboxes__input|fieldset)\b"
)


def test_no_oversight_template_hand_rolls_form_markup():
    offenders = {
        str(path.relative_to(OVERSIGHT)): sorted(set(HAND_ROLLED.findall(path.read_text())))
        for path in OVERSIGHT.rglob("*.html")
        if HAND_ROLLED.search(path.read_text())
    }
    assert offenders == {}


def test_the_second_form_stack_is_gone():
    includes = OVERSIGHT / "templates" / "oversight" / "includes"
    assert not any((includes / name).exists() for name in ("field.html", "error_summary.html", "date_input.html"))
    for name in ("DatePartsWidget", "GovukDateField", "GovukDateTimeField", "put_service_error", "_textarea"):
        assert not hasattr(oversight_forms, name), name
    for name in ("field_type", "date_parts", "error_anchor"):
        assert not hasattr(oversight_tags, name), name
    # One service-error helper, one set of building blocks, both defined once.
    assert helpers.add_service_error is shared.add_service_error
    web_forms = importlib.import_module("web.forms")
    for name in ("GovForm", "GovDateField", "SubmittedOnce"):
        assert getattr(web_forms, name) is getattr(shared, name)


def _oversight_form_classes():
    return [
        cls
        for _, cls in inspect.getmembers(oversight_forms, inspect.isclass)
        if cls.__module__ == oversight_forms.__name__ and issubclass(cls, shared.forms.Form)
    ]


def test_every_oversight_form_is_laid_out_by_crispy_forms_gds():
    for cls in _oversight_form_classes():
        assert issubclass(cls, shared.GovForm), cls
    recording = {
        oversight_forms.RefusalReviewForm,
        oversight_forms.RefusalIncidentForm,
        oversight_forms.IncidentUpdateForm,
    }
    for cls in recording:
        assert issubclass(cls, shared.SubmittedOnce), cls
    for cls in _oversight_form_classes():
        for field in cls.base_fields.values():
            if isinstance(field, shared.DateInputField):
                assert isinstance(field, shared.GovDateField), (cls, field)


@pytest.mark.parametrize(
    ("form", "field", "model", "model_field"),
    [
        (oversight_forms.RefusalReviewForm, "comment", RefusalReview, "comment"),
        (oversight_forms.RefusalIncidentForm, "description", Incident, "description"),
        (oversight_forms.IncidentUpdateForm, "ico_decision_reason", Incident, "ico_decision_reason"),
        (oversight_forms.IncidentUpdateForm, "police_reference", Incident, "police_reference"),
    ],
)
def test_text_limits_are_the_models(form, field, model, model_field):
    assert form.base_fields[field].max_length == model._meta.get_field(model_field).max_length


def test_no_form_module_repeats_a_model_limit():
    for module in (oversight_forms, importlib.import_module("web.forms")):
        source = Path(module.__file__).read_text()
        literals = re.findall(r"max_(?:length|characters)=(\d+)", source)
        # The caseload search box (no model field) and the time typed as 14:30.
        assert sorted(literals) == ([] if module is oversight_forms else ["100", "5"]), module


def test_the_refusal_page_renders_its_forms_through_crispy_forms_gds(client, manager, refusal):
    client.force_login(manager)
    html = client.get(reverse("refusal-detail", args=[refusal.pk])).content.decode()
    assert '<textarea name="comment"' in html and 'class="govuk-textarea' in html
    # Each recording form carries its own token; two forms on the page, no clashing ids.
    assert html.count('name="submission"') == 2 and 'id="id_submission"' not in html
    # Text over its limit is an error message, never cut off unseen (no maxlength).
    assert "maxlength" not in html


def test_an_invalid_date_links_the_one_error_summary_to_its_box(client, manager, trolling):
    client.force_login(manager)
    box = "risk_assessment_updated_on"
    response = client.post(
        reverse("incident-detail", args=[trolling.pk]),
        {"status": "investigating", f"{box}_day": "3", f"{box}_month": "", f"{box}_year": "2026"},
    )
    assert_good_page(response, error=True)
    html = response.content.decode()
    assert html.count('class="govuk-error-summary"') == 1
    assert f'href="#id_{box}_month">The date the risk assessment was updated must include a month</a>' in html
    assert f'name="{box}_month"' in html and f'id="id_{box}_month"' in html


def _token_post(client, url, data):
    token = str(uuid.uuid4())
    first = client.post(url, {**data, "submission": token})
    second = client.post(url, {**data, "submission": token})
    return first, second


def test_a_refusal_review_sent_twice_with_one_token_records_one_review(client, manager, refusal):
    client.force_login(manager)
    first, second = _token_post(client, reverse("refusal-review", args=[refusal.pk]), {"comment": "Seen."})
    assert first.status_code == second.status_code == 302
    assert second["Location"] == first["Location"] == reverse("refusal-detail", args=[refusal.pk])
    assert RefusalReview.objects.count() == 1
    assert SENT_TWICE in [str(m) for m in get_messages(second.wsgi_request)]


def test_an_incident_from_a_refusal_sent_twice_with_one_token_opens_one(client, manager, refusal):
    client.force_login(manager)
    first, second = _token_post(client, reverse("refusal-incident", args=[refusal.pk]), {"description": "Again."})
    assert second["Location"] == first["Location"] == reverse("incident-detail", args=[Incident.objects.get().pk])
    assert SENT_TWICE in [str(m) for m in get_messages(second.wsgi_request)]


def test_an_incident_update_sent_twice_with_one_token_is_applied_once(client, manager, trolling):
    client.force_login(manager)
    url = reverse("incident-detail", args=[trolling.pk])
    first, second = _token_post(client, url, {"status": "investigating", "police_reference": "CAD-1"})
    assert first["Location"] == second["Location"] == url
    assert SENT_TWICE in [str(m) for m in get_messages(second.wsgi_request)]
    assert Incident.objects.get().police_reference == "CAD-1"
