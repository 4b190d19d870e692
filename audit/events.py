"""Recording to the audit trail: ``record(action, request=..., user=..., obj=..., detail=...)`` from any layer above.

The address is ``audit.addresses.client_address``'s, the one django-axes counts too: ``REMOTE_ADDR``, or behind
``QANUN_TRUSTED_PROXY_COUNT`` proxies of ours the entry the outermost wrote, so a forged header never writes it.
Recording never breaks what it records: a failure to write is logged and swallowed only for database errors (the
event is lost, the download goes on)."""

from __future__ import annotations

import logging
from typing import Any

from django.db import DatabaseError, models, transaction
from django.http import HttpRequest

from audit.addresses import client_address
from audit.models import AuditEvent

__all__ = ["Action", "record"]

Action = AuditEvent.Action
logger = logging.getLogger(__name__)


def record(
    action: str,
    *,
    request: HttpRequest | None = None,
    user: Any = None,
    obj: models.Model | None = None,
    detail: dict[str, Any] | None = None,
) -> AuditEvent | None:
    """Add one event. ``user`` defaults to the request's signed-in user; ``detail`` holds what else matters (a file
    name, an export's format and row count, the username typed at a failed sign-in)."""
    if action not in Action.values:
        raise ValueError(f"unknown audit action {action!r}")
    if user is None and request is not None:
        user = getattr(request, "user", None)
    signed_in = user is not None and getattr(user, "is_authenticated", False)
    detail = dict(detail or {})
    username = user.get_username() if signed_in else str(detail.get("username", ""))[:150]
    event = AuditEvent(
        action=action,
        user=user if signed_in else None,
        username=username,
        ip_address=client_address(request) if request is not None else None,
        detail=detail,
    )
    if obj is not None:
        event.object_type = obj._meta.label_lower
        event.object_id = str(obj.pk)
        event.object_repr = str(obj)[:255]
    try:
        with transaction.atomic():
            event.save()
    except DatabaseError:
        logger.exception("audit event %s not recorded", action)
        return None
    return event
