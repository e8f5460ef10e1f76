"""Control characters are refused in every text field of the API, as on the pages (issue #22
point 11): one rule (t4c_socialcheck.validators), a 400 INVALID against the field, and the
schema states it as each text field's pattern."""

import json
import re

import pytest
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.renderers import OpenApiJsonRenderer

from cases.models import Applicant
from t4c_socialcheck.validators import (
    MULTILINE_NOT_BLANK_PATTERN,
    MULTILINE_PATTERN,
    SINGLE_LINE_NOT_BLANK_PATTERN,
    SINGLE_LINE_PATTERN,
)

from .helpers import assert_error

PATTERNS = (MULTILINE_PATTERN, SINGLE_LINE_PATTERN, MULTILINE_NOT_BLANK_PATTERN, SINGLE_LINE_NOT_BLANK_PATTERN)

CONTROLS = ["\x00", "\x07", "\x1b", "\x7f", "\x85", "\x9f"]


@pytest.mark.parametrize("control", CONTROLS + ["\n", "\t"])
def test_a_name_with_a_control_character_is_400_invalid(api_as, worker, household, control):
    url = f"/api/v1/households/{household.pk}/applicants/"
    body = {"first_name": f"Al{control}ex", "last_name": "Morgan"}
    error = assert_error(api_as(worker).post(url, body, format="json"), 400, "INVALID")
    # DRF's own null-character check answers first for "\x00"; either way the field is named.
    assert "control characters" in error["fields"]["first_name"][0] or control == "\x00"
    assert not Applicant.objects.filter(last_name="Morgan", household=household).exists()


@pytest.mark.parametrize("control", CONTROLS)
def test_nested_and_several_line_texts_refuse_controls_but_keep_line_breaks(api_as, worker, household, control):
    url = f"/api/v1/households/{household.pk}/applicants/"
    needs = {"information_formats": ["easy_read"], "communication_notes": f"Prefers{control} calls"}
    body = {"first_name": "Sam", "last_name": "Lee", "communication_needs": needs}
    error = assert_error(api_as(worker).post(url, body, format="json"), 400, "INVALID")
    assert any("communication_notes" in name for name in error["fields"])
    needs["communication_notes"] = "Prefers calls.\nMornings\tonly."
    assert api_as(worker).post(url, body, format="json").status_code == 201


def test_a_household_reference_with_an_escape_is_400_invalid(api_as, worker, team_a):
    response = api_as(worker).post("/api/v1/households/", {"reference": "ROI-\x1b[31m1"}, format="json")
    assert "reference" in assert_error(response, 400, "INVALID")["fields"]


@pytest.mark.django_db
def test_the_schema_states_the_rule_on_every_text_field_people_send():
    schema = json.loads(OpenApiJsonRenderer().render(SchemaGenerator().get_schema(request=None, public=True)))
    request_schemas = {
        name: body for name, body in schema["components"]["schemas"].items() if name.endswith("Request")
    } or schema["components"]["schemas"]
    texts = []
    for name, body in request_schemas.items():
        for field, spec in body.get("properties", {}).items():
            if (
                spec.get("type") == "string"
                and "format" not in spec
                and "enum" not in spec
                and not spec.get("readOnly")
            ):
                texts.append((name, field, spec.get("pattern")))
    sent = [t for t in texts if t[0].endswith("Request")]
    assert sent, "no request bodies found"
    missing = [(name, field) for name, field, pattern in sent if pattern not in PATTERNS]
    assert not missing
    # The patterns mean what the rule means.
    assert re.fullmatch(SINGLE_LINE_PATTERN, "Alex Morgan") and not re.fullmatch(SINGLE_LINE_PATTERN, "A\nB")
    assert re.fullmatch(MULTILINE_PATTERN, "A\nB") and not re.fullmatch(MULTILINE_PATTERN, "A\x85B")
    # Text that may not be blank: at least one character other than white space, as DRF trims it.
    assert re.fullmatch(SINGLE_LINE_NOT_BLANK_PATTERN, " Alex ") and not re.fullmatch(
        SINGLE_LINE_NOT_BLANK_PATTERN, "  "
    )
    assert re.fullmatch(MULTILINE_NOT_BLANK_PATTERN, "\nA\n") and not re.fullmatch(MULTILINE_NOT_BLANK_PATTERN, " \n\t")
    assert not re.fullmatch(MULTILINE_NOT_BLANK_PATTERN, "A\x85B")
