from auditlog.registry import auditlog
from django.contrib.auth.models import AbstractUser
from django.db import models


class Role(models.TextChoices):
    WORKER = "worker", "Social worker"
    MANAGER = "manager", "Manager"
    ADMIN = "admin", "Admin"
    AUDITOR = "auditor", "Auditor"


class User(AbstractUser):
    """A member of staff. The role decides what they may do; teams decide on which households."""

    audit_configuration = True  # admins read its audit entries in full (audit.selectors)

    role = models.CharField(max_length=16, choices=Role.choices, default=Role.WORKER)
    sso_subject = models.CharField(
        "single sign-on subject",
        max_length=255,
        unique=True,
        null=True,
        blank=True,
        help_text=(
            "Who this is at the council's identity provider: its stable claim (OIDC_SUBJECT_CLAIM, "
            "e.g. Entra ID's object id). Empty until linked; see the README, single sign-on."
        ),
    )

    # "set" or "unusable" between set_password() (or set_unusable_password()) and the save that stores it.
    password_change: str | None = None

    class Meta:
        ordering = ["username"]

    def set_password(self, raw_password):
        super().set_password(raw_password)
        self.password_change = "set"

    def set_unusable_password(self):
        super().set_unusable_password()
        self.password_change = "unusable"

    def save(self, *args, **kwargs):
        """Every password set or reset, by anyone (the person, an admin, a command),
        is an entry in the audit trail, once stored. django-auditlog does not
        see it: the password field is excluded from its entries, hash and all."""
        super().save(*args, **kwargs)
        update_fields = kwargs.get("update_fields")
        if self.password_change and (update_fields is None or "password" in update_fields):
            from .passwords import record_password_change  # here: audit.services needs the apps loaded

            record_password_change(self, self.password_change)
            self.password_change = None

    @property
    def is_case_worker(self) -> bool:
        """Workers and managers act on cases; admins and auditors never do."""
        return self.role in (Role.WORKER, Role.MANAGER)

    @property
    def is_manager(self) -> bool:
        return self.role == Role.MANAGER


class Team(models.Model):
    audit_configuration = True  # admins read its audit entries in full (audit.selectors)

    name = models.CharField(max_length=100, unique=True)
    members = models.ManyToManyField(User, related_name="teams", blank=True)
    managers = models.ManyToManyField(
        User,
        related_name="managed_teams",
        blank=True,
        help_text="Line managers: told at once of refusals and incidents in this team.",
    )
    local_authority = models.ForeignKey(
        "cases.LocalAuthority",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="teams",
        help_text="The council this team works for: an incident with no household goes to its data protection officer.",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class SetupCode(models.Model):
    """A one-time code an admin gives someone in person or by phone, so that
    they, and not whoever else knows their password, set up their first
    second factor. Only its hash is kept; it goes when a factor is set up."""

    audit_configuration = True  # admins read its audit entries in full (audit.selectors)

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="setup_code")
    code_hash = models.CharField(max_length=128)
    issued_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    issued_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()

    def __str__(self):
        return f"Set-up code for {self.user}"


auditlog.register(User, exclude_fields=["password", "last_login"])
auditlog.register(Team, m2m_fields={"members", "managers"})
