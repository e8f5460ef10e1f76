"""The platforms clause 3.1 names, plus X (formerly Twitter) and TikTok, and one or more of
each kind of site the clause lists (social and professional networks, blogs and
micro-blogs, forums and message boards, review sites, wikis, photo and video
sharing). The policy's example of a single checkable account is Facebook,
Instagram or X (formerly Twitter), 7.6; TikTok is also checkable by default; the rest are
recorded but not checkable until an admin decides otherwise."""

from django.db import transaction

from .models import Platform, PlatformCategory, ViewingAccount, ViewingAccountKind

DEFAULT_PLATFORMS = [
    # name, slug, checkable, domains, url template, path prefix, identity query
    ("Facebook", "facebook", True, "facebook.com fb.com", "https://www.facebook.com/{identity}", "", "profile.php?id"),
    ("Instagram", "instagram", True, "instagram.com instagr.am", "https://www.instagram.com/{identity}/", "", ""),
    ("X (formerly Twitter)", "x", True, "x.com twitter.com", "https://x.com/{identity}", "", ""),
    ("TikTok", "tiktok", True, "tiktok.com", "https://www.tiktok.com/@{identity}", "", ""),
    ("LinkedIn", "linkedin", False, "linkedin.com", "https://www.linkedin.com/in/{identity}/", "in/", ""),
    ("WhatsApp", "whatsapp", False, "whatsapp.com wa.me", "https://wa.me/{identity}", "", ""),
    ("WeChat", "wechat", False, "wechat.com", "https://www.wechat.com/{identity}", "", ""),
    ("QZone", "qzone", False, "qzone.qq.com user.qzone.qq.com", "https://user.qzone.qq.com/{identity}", "", ""),
    ("YouTube", "youtube", False, "youtube.com", "https://www.youtube.com/@{identity}", "", ""),
    ("Vimeo", "vimeo", False, "vimeo.com", "https://vimeo.com/{identity}", "", ""),
    ("Snapchat", "snapchat", False, "snapchat.com", "https://www.snapchat.com/add/{identity}", "add/", ""),
    ("Tumblr", "tumblr", False, "tumblr.com", "https://www.tumblr.com/{identity}", "", ""),
    ("Flickr", "flickr", False, "flickr.com", "https://www.flickr.com/people/{identity}/", "people/", ""),
    ("Pinterest", "pinterest", False, "pinterest.com pinterest.co.uk", "https://www.pinterest.com/{identity}/", "", ""),
    ("Threads", "threads", False, "threads.net threads.com", "https://www.threads.net/@{identity}", "", ""),
    ("Bluesky", "bluesky", False, "bsky.app", "https://bsky.app/profile/{identity}", "profile/", ""),
    ("Medium", "medium", False, "medium.com", "https://medium.com/@{identity}", "", ""),
    (
        "Blogger",
        "blogger",
        False,
        "blogger.com blogspot.com",
        "https://www.blogger.com/profile/{identity}",
        "profile/",
        "",
    ),
    ("Reddit", "reddit", False, "reddit.com", "https://www.reddit.com/user/{identity}/", "user/", ""),
    ("Mumsnet", "mumsnet", False, "mumsnet.com", "https://www.mumsnet.com/members/{identity}", "members/", ""),
    (
        "Tripadvisor",
        "tripadvisor",
        False,
        "tripadvisor.co.uk tripadvisor.com",
        "https://www.tripadvisor.co.uk/Profile/{identity}",
        "Profile/",
        "",
    ),
    (
        "Trustpilot",
        "trustpilot",
        False,
        "trustpilot.com uk.trustpilot.com",
        "https://uk.trustpilot.com/users/{identity}",
        "users/",
        "",
    ),
    (
        "Wikipedia",
        "wikipedia",
        False,
        "en.wikipedia.org wikipedia.org",
        "https://en.wikipedia.org/wiki/User:{identity}",
        "wiki/User:",
        "",
    ),
    (
        "Nextdoor",
        "nextdoor",
        False,
        "nextdoor.co.uk nextdoor.com",
        "https://nextdoor.co.uk/profile/{identity}/",
        "profile/",
        "",
    ),
]
C = PlatformCategory
CATEGORIES = {
    "facebook": C.SOCIAL_NETWORK, "instagram": C.PHOTO_VIDEO, "x": C.BLOG, "tiktok": C.PHOTO_VIDEO,
    "linkedin": C.PROFESSIONAL_NETWORK, "whatsapp": C.MESSAGING, "wechat": C.MESSAGING, "qzone": C.SOCIAL_NETWORK,
    "youtube": C.PHOTO_VIDEO, "vimeo": C.PHOTO_VIDEO, "snapchat": C.PHOTO_VIDEO, "tumblr": C.BLOG,
    "flickr": C.PHOTO_VIDEO, "pinterest": C.PHOTO_VIDEO, "threads": C.BLOG, "bluesky": C.BLOG, "medium": C.BLOG,
    "blogger": C.BLOG, "reddit": C.FORUM, "mumsnet": C.FORUM, "tripadvisor": C.REVIEW_SITE,
    "trustpilot": C.REVIEW_SITE, "wikipedia": C.WIKI, "nextdoor": C.SOCIAL_NETWORK,
}  # fmt: skip
ORGANISATION_ACCOUNT_PLATFORMS = {"facebook", "instagram", "x", "tiktok"}


@transaction.atomic
def ensure_default_platforms() -> int:
    """Create any missing default platform and its approved viewing accounts; change nothing that exists."""
    created = 0
    for name, slug, checkable, domains, template, prefix, identity_query in DEFAULT_PLATFORMS:
        platform, was_created = Platform.objects.get_or_create(
            slug=slug,
            defaults={
                "name": name,
                "checkable": checkable,
                "category": CATEGORIES[slug],
                "domains": domains,
                "profile_url_template": template,
                "path_prefix": prefix,
                "identity_query": identity_query,
                "handle_hint": f"For example @name or a link such as {template.replace('{identity}', 'name')}",
            },
        )
        created += was_created
        if platform.category == PlatformCategory.OTHER and CATEGORIES[slug] != PlatformCategory.OTHER:
            # A platform seeded before categories existed gets its kind; nothing else changes.
            platform.category = CATEGORIES[slug]
            platform.save(update_fields=["category"])
        ViewingAccount.objects.get_or_create(
            platform=platform,
            label="Logged-out public view",
            defaults={"kind": ViewingAccountKind.LOGGED_OUT},
        )
        if slug in ORGANISATION_ACCOUNT_PLATFORMS:
            ViewingAccount.objects.get_or_create(
                platform=platform,
                label=f"Together4Children {name} account",
                defaults={"kind": ViewingAccountKind.ORGANISATION, "account_identifier": "together4children"},
            )
    return created
