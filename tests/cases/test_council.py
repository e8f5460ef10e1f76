import pytest

from cases.models import LocalAuthority

pytestmark = pytest.mark.django_db


def test_a_council_without_a_slug_gets_one_from_its_name():
    council = LocalAuthority.objects.create(name="Stoke-on-Trent City Council")
    assert council.slug == "stoke-on-trent-city-council"


def test_a_slug_given_is_kept():
    council = LocalAuthority.objects.create(name="Telford and Wrekin Council", slug="telford")
    council.name = "Telford & Wrekin Council"
    council.save()
    council.refresh_from_db()
    assert council.slug == "telford"
