"""Sign-ins and failed sign-ins are evidence: record them in the audit log."""

from auditlog.models import LogEntry
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.dispatch import receiver


def _client_ip(request):
    if request is None:
        return None
    return request.META.get("REMOTE_ADDR")


@receiver(user_logged_in)
def record_login(sender, request, user, **kwargs):
    LogEntry.objects.log_create(
        user,
        action=LogEntry.Action.ACCESS,
        changes={"event": ["", "signed in"]},
        actor=user,
        remote_addr=_client_ip(request),
        force_log=True,
    )


@receiver(user_login_failed)
def record_failed_login(sender, credentials, request=None, **kwargs):
    from .models import User

    username = str(credentials.get("username", ""))[:150]
    user = User.objects.filter(username=username).first()
    target = user or User(pk=0, username=username)
    LogEntry.objects.log_create(
        target,
        action=LogEntry.Action.ACCESS,
        changes={"event": ["", "failed sign-in"], "username": ["", username]},
        remote_addr=_client_ip(request),
        force_log=True,
    )
