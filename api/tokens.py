"""Issuing and checking API tokens. The key is never stored or logged."""

import hashlib
import secrets

from django.db import transaction

from audit.models import Action
from audit.services import audit_record

from .models import ApiToken


def hash_key(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


@transaction.atomic
def api_token_issue(*, user) -> str:
    """Give the user a new token, revoking any earlier one, and return the key (shown once)."""
    revoked = ApiToken.objects.filter(user=user).delete()[0] > 0
    key = secrets.token_urlsafe(32)
    token = ApiToken.objects.create(user=user, key_hash=hash_key(key))
    audit_record(
        actor=None,
        action=Action.OTHER,
        record_type="apitoken",
        record_id=token.pk,
        summary=f"API token issued for {user.username}" + ("; the earlier token was revoked" if revoked else ""),
        data={"user": user.username, "revoked_earlier": revoked},
    )
    return key


def api_token_user(key: str):
    """The active user a key belongs to, or None."""
    token = ApiToken.objects.select_related("user").filter(key_hash=hash_key(key)).first()
    if token is None or not token.user.is_active:
        return None
    return token.user
