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

    role = models.CharField(max_length=16, choices=Role.choices, default=Role.WORKER)

    class Meta:
        ordering = ["username"]

    @property
    def is_case_worker(self) -> bool:
        """Workers and managers act on cases; admins and auditors never do."""
        return self.role in (Role.WORKER, Role.MANAGER)

    @property
    def is_manager(self) -> bool:
        return self.role == Role.MANAGER


class Team(models.Model):
    name = models.CharField(max_length=100, unique=True)
    members = models.ManyToManyField(User, related_name="teams", blank=True)
    managers = models.ManyToManyField(
        User,
        related_name="managed_teams",
        blank=True,
        help_text="Line managers: told at once of refusals and incidents in this team.",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


auditlog.register(User, exclude_fields=["password", "last_login"])
auditlog.register(Team, m2m_fields={"members", "managers"})
