"""Sign-ins and failed sign-ins are evidence: record them in the audit trail."""

from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.dispatch import receiver

from audit.models import Action
from audit.services import audit_record


@receiver(user_logged_in)
def record_sign_in(sender, request, user, **kwargs):
    audit_record(
        actor=user,
        action=Action.SIGN_IN,
        record_type="user",
        record_id=user.pk,
        summary=f"{user.username} signed in",
        request=request,
    )


@receiver(user_login_failed)
def record_failed_sign_in(sender, credentials, request=None, **kwargs):
    username = str(credentials.get("username", ""))[:150]
    audit_record(
        actor=None,
        action=Action.SIGN_IN_FAILED,
        record_type="user",
        record_id="",
        summary=f"Failed sign-in as {username!r}"[:300],
        data={"username": username},
        request=request,
    )
