from auditlog.registry import auditlog
from django.conf import settings
from django.db import models
from django.db.models import Q

from cases.models import AboutCase, Applicant

from .normalise import PlatformRules


class PlatformCategory(models.TextChoices):
    """The kinds of site clause 3.1 of the policy names."""

    SOCIAL_NETWORK = "social_network", "Social network"
    PROFESSIONAL_NETWORK = "professional_network", "Professional network"
    BLOG = "blog", "Blog or micro-blog"
    FORUM = "forum", "Forum or message board"
    REVIEW_SITE = "review_site", "Review site"
    WIKI = "wiki", "Wiki"
    PHOTO_VIDEO = "photo_video", "Photo or video sharing"
    MESSAGING = "messaging", "Messaging"
    OTHER = "other", "Other"


class Platform(models.Model):
    """A social media platform (clause 3.1). Retired, not deleted, so history keeps its name."""

    audit_configuration = True  # admins read its audit entries in full (audit.selectors)

    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=50, unique=True)
    active = models.BooleanField(default=True, help_text="Untick to retire the platform; its history stays.")
    checkable = models.BooleanField(default=True, help_text="Whether a one-off check may be made on it.")
    category = models.CharField(
        max_length=32, choices=PlatformCategory.choices, default=PlatformCategory.OTHER, help_text="Clause 3.1's kinds."
    )
    domains = models.CharField(
        max_length=300,
        help_text="Web addresses of the platform, separated by spaces, newest first (e.g. x.com twitter.com).",
    )
    profile_url_template = models.CharField(
        max_length=200, help_text="The profile link, with {identity} for the profile's name."
    )
    path_prefix = models.CharField(max_length=50, blank=True, help_text="Path before the name, e.g. in/ on LinkedIn.")
    identity_query = models.CharField(
        max_length=50,
        blank=True,
        help_text="A link whose query names the profile, as path?parameter (e.g. profile.php?id).",
    )
    handle_hint = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    @property
    def domain_list(self) -> tuple[str, ...]:
        return tuple(d.strip().lower() for d in self.domains.split() if d.strip())

    def rules(self) -> PlatformRules:
        identity_query = None
        if "?" in self.identity_query:
            path, param = self.identity_query.split("?", 1)
            identity_query = (path.strip("/").lower(), param)
        return PlatformRules(
            name=self.name,
            domains=self.domain_list,
            path_prefix=self.path_prefix,
            identity_query=identity_query,
        )

    @property
    def is_checkable(self) -> bool:
        return self.active and self.checkable


class ViewingAccountKind(models.TextChoices):
    ORGANISATION = "organisation", "Organisation account"
    LOGGED_OUT = "logged_out", "Logged-out public view"


class ViewingAccountQuerySet(models.QuerySet):
    def approved(self):
        """Accounts a check may be made through (clause 7.8): active, of a kind the policy allows."""
        return self.filter(active=True, kind__in=ViewingAccountKind.values)


class ViewingAccount(models.Model):
    """How a check may be made (clause 7.8): the organisation's own account or a
    logged-out public view. There is deliberately no kind for personal or 'dummy' accounts."""

    audit_configuration = True  # admins read its audit entries in full (audit.selectors)

    platform = models.ForeignKey(Platform, on_delete=models.PROTECT, related_name="viewing_accounts")
    label = models.CharField(max_length=100)
    kind = models.CharField(max_length=16, choices=ViewingAccountKind.choices)
    account_identifier = models.CharField(max_length=200, blank=True, help_text="The organisation account's handle.")
    active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ViewingAccountQuerySet.as_manager()

    class Meta:
        ordering = ["platform__name", "label"]
        constraints = [
            models.UniqueConstraint(fields=["platform", "label"], name="viewing_account_label_unique"),
            models.CheckConstraint(condition=Q(kind__in=ViewingAccountKind.values), name="viewing_account_kind_known"),
        ]

    def __str__(self):
        return f"{self.platform.name}: {self.label}"


class SocialProfile(AboutCase, models.Model):
    """An applicant's account on one platform, stored in one canonical spelling."""

    applicant = models.ForeignKey(Applicant, on_delete=models.PROTECT, related_name="profiles")
    # A couple's shared account: the other applicant of the same household. Its
    # check needs both applicants' consent and is both applicants' one-off check.
    joint_with = models.ForeignKey(
        Applicant, on_delete=models.PROTECT, null=True, blank=True, related_name="joint_profiles"
    )
    platform = models.ForeignKey(Platform, on_delete=models.PROTECT, related_name="profiles")
    entered = models.CharField(max_length=500, help_text="What the worker typed or pasted.")
    identity = models.CharField(max_length=200)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            # One profile, one record: for anyone, under any spelling.
            models.UniqueConstraint(fields=["platform", "identity"], name="profile_unique_per_platform"),
            models.CheckConstraint(
                condition=~Q(joint_with=models.F("applicant")), name="joint_profile_of_two_applicants"
            ),
        ]

    def __str__(self):
        return self.normalised

    @property
    def normalised(self) -> str:
        domain = self.platform.domain_list[0] if self.platform.domain_list else self.platform.slug
        prefix = self.platform.path_prefix.strip("/")
        return f"{domain}/{prefix + '/' if prefix else ''}{self.identity}"

    @property
    def is_joint(self) -> bool:
        return self.joint_with_id is not None

    @property
    def applicant_ids(self) -> tuple[int, ...]:
        """Whose profile it is: one applicant, or both of a household for a joint account."""
        return (self.applicant_id, self.joint_with_id) if self.joint_with_id else (self.applicant_id,)

    @property
    def profile_url(self) -> str:
        return self.platform.profile_url_template.replace("{identity}", self.identity)


auditlog.register(Platform)
auditlog.register(ViewingAccount)
auditlog.register(SocialProfile)
