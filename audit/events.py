"""Recording to the audit trail: ``record(action, request=..., user=..., obj=..., detail=...)`` from any layer above.

The address is ``audit.addresses.client_address``'s, the one django-axes counts too: ``REMOTE_ADDR``, or behind
``QANUN_TRUSTED_PROXY_COUNT`` proxies of ours the entry the outermost wrote, so a forged header never writes it.
Recording never breaks what it records: a failure to write is logged and swallowed only for database errors (the
event is lost, the download goes on)."""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import Any

from django.db import DatabaseError, models, transaction
from django.http import HttpRequest
from django.utils import timezone

from audit.addresses import client_address
from audit.models import AuditEvent

__all__ = ["Action", "record"]

Action = AuditEvent.Action
logger = logging.getLogger(__name__)

# What anyone can cause without an account, as often as they like (guessing document ids or passwords, knocking
# on a locked door): at most
# FLOOD_LIMIT of one kind per address in FLOOD_WINDOW are written, so a script cannot fill the trail; the rest go
# to the server's log only.
FLOOD_ACTIONS = frozenset({Action.DOWNLOAD_REFUSED, Action.SIGN_IN_FAILED, Action.LOCKED_OUT})
FLOOD_LIMIT = 50
FLOOD_WINDOW = timedelta(minutes=10)


def _flooding(action: str, address: str | None) -> bool:
    if action not in FLOOD_ACTIONS or address is None:
        return False
    since = timezone.now() - FLOOD_WINDOW
    recent = AuditEvent.objects.filter(action=action, ip_address=address, created_at__gte=since)
    return recent.count() >= FLOOD_LIMIT


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
    address = client_address(request) if request is not None else None
    if _flooding(action, address):
        logger.warning("audit event %s from %s not recorded: over %s in %s", action, address, FLOOD_LIMIT, FLOOD_WINDOW)
        return None
    event = AuditEvent(
        action=action,
        user=user if signed_in else None,
        username=username,
        ip_address=address,
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
