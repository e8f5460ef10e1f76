"""Issuing, checking and revoking API tokens. The key is never stored or logged.

A personal token is for a user with a confirmed second factor, and works only
while they have one; an integration token is issued by an admin (or at the
command line) for another system. Both expire and can be revoked.
"""

import datetime
import hashlib
import secrets

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from rest_framework.exceptions import AuthenticationFailed

from accounts.twofactor import user_has_factor
from audit.models import Action
from audit.services import audit_record
from t4c_socialcheck.errors import Invalid, NotPermitted

from .models import ApiToken

# Refresh `last_used_at` at most this often: not one write per request.
LAST_USED_RESOLUTION = datetime.timedelta(minutes=1)
NO_FACTOR = "Set up two-step verification (/two-factor/) before you issue yourself an API token."


def hash_key(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def default_expiry() -> datetime.datetime:
    return timezone.now() + datetime.timedelta(days=settings.SOCIALCHECK_API_TOKEN_DAYS)


def may_have_personal_token(user) -> bool:
    return user.is_active and user_has_factor(user)


@transaction.atomic
def api_token_issue(
    *,
    user,
    name: str,
    kind: str = ApiToken.Kind.PERSONAL,
    scope: str = ApiToken.Scope.WRITE,
    issued_by=None,
    days: int | None = None,
    replace: bool = False,
) -> tuple[ApiToken, str]:
    """A new token and its key (shown once). `issued_by` is the admin who issued
    an integration token (None: the user themself, or the command line). With
    `replace`, a live token of the user's with the same name is revoked first."""
    if kind == ApiToken.Kind.PERSONAL and not may_have_personal_token(user):
        raise NotPermitted(NO_FACTOR)
    if not user.is_active:
        raise Invalid("A token for an inactive user would not work.", fields={"user": ["This user is not active."]})
    days = settings.SOCIALCHECK_API_TOKEN_DAYS if days is None else days
    if not 1 <= days <= settings.SOCIALCHECK_API_TOKEN_MAX_DAYS:
        limit = settings.SOCIALCHECK_API_TOKEN_MAX_DAYS
        raise Invalid(f"A token lasts 1 to {limit} days.", fields={"days": [f"Enter 1 to {limit} days."]})
    replaced = []
    if replace:
        replaced = list(ApiToken.objects.select_for_update().filter(user=user, name=name, revoked_at__isnull=True))
        for old in replaced:
            api_token_revoke(token=old, by=issued_by)
    key = secrets.token_urlsafe(32)
    try:
        with transaction.atomic():
            token = ApiToken.objects.create(
                user=user,
                name=name,
                kind=kind,
                scope=scope,
                issued_by=issued_by,
                key_hash=hash_key(key),
                expires_at=timezone.now() + datetime.timedelta(days=days),
            )
    except IntegrityError:
        raise Invalid(
            f"There is already a token called {name!r}: revoke it first, or choose another name.",
            fields={"name": ["There is already a token with this name."]},
        ) from None
    summary = f"{token.get_kind_display()} API token {name!r} ({token.get_scope_display().lower()}) issued for "
    summary += user.username + ("; the earlier token of that name was revoked" if replaced else "")
    record_token_event(
        token,
        actor=issued_by,
        summary=summary,
        kind=kind,
        scope=scope,
        expires_at=token.expires_at.isoformat(),
        revoked_earlier=bool(replaced),
    )
    return token, key


def api_token_revoke(*, token: ApiToken, by) -> bool:
    """Revoke the token (False if it already was). `by` is the owner or an admin."""
    revoked = ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(revoked_at=timezone.now())
    token.refresh_from_db(fields=["revoked_at"])
    if revoked:
        summary = f"API token {token.name!r} of {token.user.username} revoked"
        record_token_event(
            token, actor=by, summary=summary + ("" if by is None else f" by {by.username}"), revoked=True
        )
    return bool(revoked)


def record_token_event(token: ApiToken, *, actor, summary: str, **data) -> None:
    """An entry in the audit trail about a token (never its key); `actor` None is the system."""
    audit_record(
        actor=actor,
        action=Action.OTHER,
        record_type="apitoken",
        record_id=token.pk,
        summary=summary,
        data={"user": token.user.username, "name": token.name, **data},
    )


def api_token_check(key: str) -> ApiToken:
    """The live token a key belongs to, its user loaded; otherwise NotAuthenticated
    with the reason (a sentence for the person holding the key)."""
    try:  # key_hash is unique: get() asks for no ordering
        token = ApiToken.objects.select_related("user").get(key_hash=hash_key(key))
    except ApiToken.DoesNotExist:
        token = None
    if token is None or not token.user.is_active:
        raise AuthenticationFailed("The token is not valid.")
    if token.revoked_at is not None:
        raise AuthenticationFailed("The token has been revoked.")
    now = timezone.now()
    if token.expires_at <= now:
        expired = timezone.localtime(token.expires_at)
        raise AuthenticationFailed(f"The token expired on {expired.day} {expired:%B %Y}: ask for a new one.")
    if token.kind == ApiToken.Kind.PERSONAL and not user_has_factor(token.user):
        raise AuthenticationFailed(
            "A personal token works only for a user with two-step verification: set it up (/two-factor/), "
            "then issue a new token."
        )
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_RESOLUTION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    return token
