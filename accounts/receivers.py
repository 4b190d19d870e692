"""What the accounts app listens to: sign-ins, failed sign-ins (Django's auth signals) and lockouts
(django-axes), written to the audit trail. The password typed is never recorded, only the name."""

from __future__ import annotations

from typing import Any

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.dispatch import receiver
from django.http import HttpRequest

from audit.events import record


@receiver(user_logged_in, dispatch_uid="accounts_sign_in")
def signed_in(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    record("sign_in", request=request, user=user, detail=_where(request))


@receiver(user_login_failed, dispatch_uid="accounts_sign_in_failed")
def sign_in_failed(sender: Any, credentials: dict[str, Any], request: HttpRequest | None = None, **kwargs: Any) -> None:
    username = str(credentials.get("username") or "")[:150]
    record("sign_in_failed", request=request, detail={"username": username, **_where(request)})


@receiver(user_locked_out, dispatch_uid="accounts_locked_out")
def locked_out(sender: Any, request: HttpRequest, username: str | None, ip_address: str | None, **kwargs: Any) -> None:
    record("locked_out", request=request, detail={"username": str(username or "")[:150], "address": ip_address})


def _where(request: HttpRequest | None) -> dict[str, Any]:
    """The page signed in on (the event itself records the client's address)."""
    if request is None or not hasattr(request, "path"):
        return {}
    return {"path": request.path[:200]}
