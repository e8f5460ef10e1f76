"""Issue 22, point 11 (in part): every text box of the pages refuses C0 and C1 control
characters, which break pages and exports; a box of several lines keeps its line breaks."""

import datetime

import pytest
from django.urls import reverse

from cases.models import ApplicantCorrection

from .helpers import date_fields, error_summary

pytestmark = pytest.mark.django_db

CORRECTION = {"last_name": "Morgan", **date_fields("date_of_birth", datetime.date(1985, 3, 31))}


@pytest.mark.parametrize("bad", ["Al\x00ex", "Al\x07ex", "Al\x1bex", "Al\x7fex", "Al\x85ex", "Al\x9fex", "Al\nex"])
def test_a_control_character_in_a_name_is_refused_with_a_message(as_user, worker, applicant, bad):
    url = reverse("applicant-correct", args=[applicant.pk])
    response = as_user(worker).post(url, {"first_name": bad, "reason": "Typo.", **CORRECTION})
    assert response.status_code == 200 and "Remove the control characters" in error_summary(response)
    assert not ApplicantCorrection.objects.exists()


def test_line_breaks_in_a_box_of_several_lines_are_kept(as_user, worker, applicant):
    url = reverse("applicant-correct", args=[applicant.pk])
    reason = "Misspelt on the ROI form.\r\nChecked against the passport."
    response = as_user(worker).post(url, {"first_name": "Alexandra", "reason": reason, **CORRECTION})
    assert response.status_code == 302
    assert ApplicantCorrection.objects.get().reason.splitlines() == reason.splitlines()
