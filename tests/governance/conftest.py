"""Governance fixtures: the API and page clients of tests/api and tests/web, and a required course."""

import pytest

from governance.models import Course
from tests.api.conftest import api_as, check_body  # noqa: F401  (fixtures)
from tests.web.conftest import as_user  # noqa: F401  (fixture)


@pytest.fixture
def course(db):
    return Course.objects.create(name="Social media checks and RIPA", validity_months=12, required_for_checking=True)
