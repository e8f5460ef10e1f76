"""Every spelling of one profile gives one identity; anything else is refused with words."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from platforms.normalise import PlatformRules, ProfileInputError, normalise_profile

FACEBOOK = PlatformRules(name="Facebook", domains=("facebook.com", "fb.com"), identity_query=("profile.php", "id"))
X = PlatformRules(name="X (Twitter)", domains=("x.com", "twitter.com"))
LINKEDIN = PlatformRules(name="LinkedIn", domains=("linkedin.com",), path_prefix="in/")
TIKTOK = PlatformRules(name="TikTok", domains=("tiktok.com",))
KNOWN = frozenset({"facebook.com", "fb.com", "x.com", "twitter.com", "instagram.com", "linkedin.com", "tiktok.com"})


@pytest.mark.parametrize(
    "spelling",
    [
        "alex.morgan",
        "Alex.Morgan",
        "@alex.morgan",
        "  alex.morgan  ",
        "alex.morgan/",
        "facebook.com/alex.morgan",
        "www.facebook.com/Alex.Morgan",
        "https://www.facebook.com/alex.morgan",
        "http://m.facebook.com/alex.morgan/",
        "https://mobile.facebook.com/alex.morgan?ref=bookmarks",
        "https://www.facebook.com/alex.morgan/#photos",
        "https://www.facebook.com/alex.morgan/photos",
        "HTTPS://WWW.FACEBOOK.COM/ALEX.MORGAN",
        "https://fb.com/alex.morgan",
        "https://www.facebook.com:443/alex.morgan",
        "ｆａｃｅｂｏｏｋ.com/alex.morgan",  # full-width letters fold (NFKC)
    ],
)
def test_every_spelling_of_a_facebook_profile_is_one_identity(spelling):
    assert normalise_profile(spelling, FACEBOOK, KNOWN) == "alex.morgan"


@pytest.mark.parametrize(
    "spelling",
    [
        "https://www.facebook.com/profile.php?id=100012345",
        "facebook.com/profile.php?id=100012345&ref=xyz",
        "https://m.facebook.com/profile.php?ref=xyz&id=100012345#about",
        "https://www.facebook.com/profile.php/?id=0100012345",
    ],
)
def test_the_profile_id_query_is_the_identity_on_facebook(spelling):
    assert normalise_profile(spelling, FACEBOOK, KNOWN) == "profile.php?id=100012345"


@pytest.mark.parametrize(
    "spelling", ["@AlexM", "alexm", "https://twitter.com/AlexM", "https://x.com/alexm/", "mobile.twitter.com/alexm"]
)
def test_x_and_twitter_domains_are_one_platform(spelling):
    assert normalise_profile(spelling, X, KNOWN) == "alexm"


@pytest.mark.parametrize("spelling", ["https://www.linkedin.com/in/alex-morgan/", "in/alex-morgan", "alex-morgan"])
def test_linkedin_profiles_sit_under_in(spelling):
    assert normalise_profile(spelling, LINKEDIN, KNOWN) == "alex-morgan"


@pytest.mark.parametrize("spelling", ["https://www.tiktok.com/@alex_m", "@alex_m", "tiktok.com/@Alex_M?lang=en"])
def test_at_name_is_the_same_as_the_url_path(spelling):
    assert normalise_profile(spelling, TIKTOK, KNOWN) == "alex_m"


def test_unicode_handles_are_kept_and_case_folded():
    assert normalise_profile("@Zoë.Müller", FACEBOOK, KNOWN) == "zoë.müller"


@pytest.mark.parametrize(
    ("value", "words"),
    [
        ("", "Enter"),
        ("   ", "Enter"),
        ("x" * 10_000, "500 characters"),
        ("<script>alert(1)</script>", "markup"),
        ('alex" onmouseover="x', "markup"),
        ("alex morgan", "spaces"),
        ("https://twitter.com/alexm", "not Facebook"),
        ("https://evil.example/alex", "not Facebook"),
        ("https://www.facebook.com/", "does not include"),
        ("https://www.facebook.com/profile.php?id=abc", "profile number"),
        ("alex;drop", "does not look like"),
        ("https://www.linkedin.com/company/acme", "/in/"),
        ("alex\x00morgan", "markup"),
    ],
)
def test_bad_input_is_refused_with_a_message_for_a_person(value, words):
    rules = LINKEDIN if "linkedin" in value else FACEBOOK
    with pytest.raises(ProfileInputError) as error:
        normalise_profile(value, rules, KNOWN)
    assert words in str(error.value)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=600))
def test_any_text_is_normalised_or_refused_never_crashes(text):
    try:
        identity = normalise_profile(text, FACEBOOK, KNOWN)
    except ProfileInputError:
        return
    assert identity == identity.casefold()
    assert 0 < len(identity) <= 200
    # Normalising again is stable.
    assert normalise_profile(identity, FACEBOOK, KNOWN) == identity
