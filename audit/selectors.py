"""The audit trail as Administrators read it: this app's events (sign-ins, downloads, exports) merged, newest first,
with the approvals and publications Wagtail's own log already records for pages and snippets."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from wagtail.log_actions import registry as log_actions
from wagtail.models import ModelLogEntry, PageLogEntry

from audit.models import AuditEvent

__all__ = ["KINDS", "TrailRow", "trail"]

# Wagtail's actions that are approvals or publications, and our own recorded through Wagtail's log.
WAGTAIL_ACTIONS = (
    "wagtail.publish",
    "wagtail.publish.scheduled",
    "wagtail.unpublish",
    "wagtail.unpublish.scheduled",
    "wagtail.revert",
    "wagtail.copy",
    "wagtail.workflow.approve",
    "wagtail.workflow.reject",
    "wagtail.moderation.approve",
    "wagtail.moderation.reject",
    "proposals.publish_refused",
    "reviews.made_public",
    "reviews.made_private",
)
A = AuditEvent.Action
KINDS: dict[str, tuple[Any, tuple[str, ...]]] = {
    "sign_in": (
        _("Sign-ins"),
        (
            A.SIGN_IN,
            A.SIGN_IN_FAILED,
            A.LOCKED_OUT,
            A.UNLOCKED,
            A.SECOND_FACTOR_FAILED,
            A.SECOND_FACTOR_ENABLED,
            A.RECOVERY_CODES_GENERATED,
            A.SECOND_FACTOR_RESET,
        ),
    ),
    "files": (_("Downloads and exports"), (A.SOURCE_DOWNLOAD, A.EVIDENCE_DOWNLOAD, A.DOWNLOAD_REFUSED, A.EXPORT)),
    "publishing": (_("Approvals and publications"), WAGTAIL_ACTIONS),
}


@dataclass(frozen=True)
class TrailRow:
    when: datetime
    action: str
    label: str
    username: str
    address: str
    subject: str
    detail: str


def _detail(data: dict[str, Any]) -> str:
    return ", ".join(f"{key}: {value}" for key, value in sorted(data.items()) if key != "username" and value != "")


def _events(actions: tuple[str, ...] | None, user: str, before: datetime | None, limit: int) -> list[TrailRow]:
    queryset = AuditEvent.objects.all()
    if actions is not None:
        queryset = queryset.filter(action__in=actions)
    if user:
        queryset = queryset.filter(username__iexact=user)
    if before is not None:
        queryset = queryset.filter(created_at__lt=before)
    return [
        TrailRow(
            when=event.created_at,
            action=event.action,
            label=str(event.get_action_display()),
            username=event.username,
            address=event.ip_address or "",
            subject=f"{event.object_repr} (#{event.object_id})" if event.object_id else event.object_repr,
            detail=_detail(event.detail),
        )
        for event in queryset.order_by("-created_at", "-pk")[:limit]
    ]


def _label(action: str) -> str:
    log_actions.scan_for_actions()  # the apps register their actions lazily, on first use of the registry
    try:
        return str(log_actions.get_action_label(action))
    except KeyError:  # an action no app registers any more
        return action


def _wagtail(actions: tuple[str, ...] | None, user: str, before: datetime | None, limit: int) -> list[TrailRow]:
    wanted = WAGTAIL_ACTIONS if actions is None else tuple(a for a in actions if a in WAGTAIL_ACTIONS)
    if not wanted:
        return []
    rows: list[TrailRow] = []
    for model in (PageLogEntry, ModelLogEntry):
        queryset = model.objects.filter(action__in=wanted).select_related("user", "content_type")
        if user:
            queryset = queryset.filter(Q(user__username__iexact=user))
        if before is not None:
            queryset = queryset.filter(timestamp__lt=before)
        for entry in queryset.order_by("-timestamp", "-pk")[:limit]:
            rows.append(
                TrailRow(
                    when=entry.timestamp,
                    action=entry.action,
                    label=_label(entry.action),
                    username=entry.user.get_username() if entry.user else "",
                    address="",
                    subject=f"{entry.object_verbose_name}: {entry.label} (#{entry.object_id})",
                    detail=str(entry.message) if entry.message else "",
                )
            )
    return rows


def trail(*, kind: str = "", user: str = "", before: datetime | None = None, limit: int = 100) -> list[TrailRow]:
    """The newest ``limit`` rows of one kind (``KINDS``; every kind when empty or unknown) older than ``before``."""
    actions = KINDS[kind][1] if kind in KINDS else None
    rows = _events(actions, user, before, limit) + _wagtail(actions, user, before, limit)
    rows.sort(key=lambda row: row.when, reverse=True)
    return rows[:limit]
