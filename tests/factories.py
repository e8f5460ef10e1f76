import datetime

import factory
from django.utils import timezone

from accounts.models import Role, Team, User
from cases.models import Applicant, Household, LocalAuthority
from policy.models import PolicyVersion


class LocalAuthorityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LocalAuthority
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Council {n}")
    dpo_email = factory.Sequence(lambda n: f"dpo{n}@council.example.org")


class TeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Team

    name = factory.Sequence(lambda n: f"Team {n}")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@agency.example.org")
    first_name = "Test"
    last_name = factory.Sequence(lambda n: f"Person{n}")
    role = Role.WORKER
    password = factory.django.Password("correct horse battery staple")

    @factory.post_generation
    def accept_policy(user, create, extracted, **kwargs):
        """Staff have accepted the current policy, if there is one, unless a test says
        `accept_policy=False`: signing in asks for it otherwise (policy.gate)."""
        if create and extracted is not False and user.role != Role.AUDITOR:
            from policy.services import acknowledge_current_policy

            acknowledge_current_policy(user=user)


class PolicyVersionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PolicyVersion

    version = factory.Sequence(lambda n: f"{n + 1}")
    title = "Social media policy"
    body = factory.Sequence(lambda n: f"Policy text, version {n + 1}.")
    published_at = factory.LazyFunction(timezone.now)


class HouseholdFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Household

    reference = factory.Sequence(lambda n: f"ROI-{n:05d}")
    local_authority = factory.SubFactory(LocalAuthorityFactory)
    team = factory.SubFactory(TeamFactory)
    # Two days back: inside the agency's five working days to answer whatever the
    # weekday (seven days back made every household overdue at weekends).
    received_on = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=2))
    stage_started_on = factory.SelfAttribute("received_on")


class ApplicantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Applicant

    household = factory.SubFactory(HouseholdFactory)
    position = factory.LazyAttribute(lambda a: a.household.applicants.count() + 1)
    first_name = factory.Sequence(lambda n: f"First{n}")
    last_name = "Applicant"
