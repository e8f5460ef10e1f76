"""The platforms clause 3.1 names, plus X/Twitter and TikTok. The policy's
example of a single checkable account is Facebook, Instagram or Twitter (7.6);
TikTok is also checkable by default; the rest are recorded but not checkable
until an admin decides otherwise."""

from django.db import transaction

from .models import Platform, ViewingAccount, ViewingAccountKind

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
]
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
                "domains": domains,
                "profile_url_template": template,
                "path_prefix": prefix,
                "identity_query": identity_query,
                "handle_hint": f"For example @name or a link such as {template.replace('{identity}', 'name')}",
            },
        )
        created += was_created
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
