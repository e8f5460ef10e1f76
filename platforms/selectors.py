"""Reads of profiles."""

from django.db.models import Q, QuerySet

from .models import SocialProfile


def profiles_of(applicant) -> QuerySet:
    """The applicant's profiles, a couple's shared (joint) accounts included, oldest first."""
    return (
        SocialProfile.objects.filter(Q(applicant=applicant) | Q(joint_with=applicant))
        .select_related("platform", "applicant", "joint_with")
        .order_by("created_at", "pk")
    )
