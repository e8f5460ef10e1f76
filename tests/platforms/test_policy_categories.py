"""Point 6: the seeded platforms cover clause 3.1's kinds of site; the checkable ones follow 7.6."""

from platforms.defaults import ensure_default_platforms
from platforms.models import Platform, PlatformCategory


def test_the_seeded_platforms_cover_every_kind_of_site_in_clause_3_1(db):
    ensure_default_platforms()
    kinds = set(Platform.objects.values_list("category", flat=True))
    assert {c for c in PlatformCategory.values if c != PlatformCategory.OTHER} <= kinds


def test_checkable_by_default_are_clause_7_6s_examples_and_tiktok_and_an_admin_decides_the_rest(db):
    ensure_default_platforms()
    assert set(Platform.objects.filter(checkable=True).values_list("slug", flat=True)) == {
        "facebook",
        "instagram",
        "x",
        "tiktok",
    }
    reddit = Platform.objects.get(slug="reddit")
    reddit.checkable = True
    reddit.save()
    ensure_default_platforms()  # seeding again keeps the admin's choice
    assert Platform.objects.get(slug="reddit").checkable
