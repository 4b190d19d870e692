"""Sign-in security: the locks django-axes keeps and their release, two-factor sign-in (TOTP with recovery
codes) on django-otp, and the password-reset mail. Each write that matters is recorded in the audit trail.

Views and middleware call these; the password-reset mail is sent from ``accounts.tasks`` so that the request
does the same work whether or not the address is known."""

from __future__ import annotations

from base64 import b32encode
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal
from urllib.parse import urlsplit

import django_otp
from axes.models import AccessAttempt
from axes.utils import reset as axes_reset
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Max, QuerySet, Sum
from django.http import HttpRequest
from django.utils import timezone, translation
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from wagtail.admin.forms.auth import PasswordResetForm as WagtailPasswordResetForm

from audit.events import record
from text.normalise import western_digits

__all__ = [
    "Lock",
    "LockKind",
    "lock_release",
    "locks_list",
    "password_reset_mail_send",
    "recovery_codes_generate",
    "recovery_codes_remaining",
    "second_factor_verify",
    "totp_device_confirm",
    "totp_device_start",
    "two_factor_required",
    "user_may_unlock",
]

LockKind = Literal["account", "address"]
RECOVERY_DEVICE_NAME = "Recovery codes"


# --- Locks ----------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Lock:
    kind: LockKind
    value: str
    failures: int
    last_failure: datetime
    until: datetime | None  # None: until an administrator unlocks it


def user_may_unlock(user: Any) -> bool:
    """Superusers and members of ``QANUN_UNLOCK_GROUPS`` (Administrators) may see and release locks."""
    if not getattr(user, "is_authenticated", False):
        return False
    return bool(user.is_superuser or user.groups.filter(name__in=settings.QANUN_UNLOCK_GROUPS).exists())


def _attempts() -> QuerySet[AccessAttempt]:
    attempts = AccessAttempt.objects.all()
    if settings.AXES_COOLOFF_TIME:
        attempts = attempts.filter(attempt_time__gte=timezone.now() - settings.AXES_COOLOFF_TIME)
    return attempts


def locks_list() -> list[Lock]:
    """Every account and every address locked now, most recent first: the failures counted within the cool-off
    reach axes' limit (failures by one account from any address, or from one address for any account)."""
    locks: list[Lock] = []
    for kind, field in (("account", "username"), ("address", "ip_address")):
        rows = (
            _attempts()
            .exclude(**{f"{field}__isnull": True})
            .values(field)
            .annotate(failures=Sum("failures_since_start"), last=Max("attempt_time"))
            .filter(failures__gte=settings.AXES_FAILURE_LIMIT)
        )
        for row in rows:
            until = row["last"] + settings.AXES_COOLOFF_TIME if settings.AXES_COOLOFF_TIME else None
            locks.append(Lock(kind, str(row[field]), int(row["failures"]), row["last"], until))  # type: ignore[arg-type]
    return sorted(locks, key=lambda lock: lock.last_failure, reverse=True)


def lock_release(*, kind: LockKind, value: str, request: HttpRequest) -> int:
    """Forget the failed sign-ins of one account (from every address) or of one address (for every account).
    Returns how many records were removed; the release is recorded."""
    if kind == "account":
        removed = axes_reset(username=value)
    elif kind == "address":
        removed = axes_reset(ip=value)
    else:
        raise ValueError(f"unknown lock kind {kind!r}")
    record("unlocked", request=request, detail={"kind": kind, "value": value, "records": removed})
    return removed


@transaction.atomic
def second_factor_reset(*, username: str, request: HttpRequest) -> bool:
    """For someone who lost both their phone and their recovery codes: their authenticator and recovery codes are
    removed, so at the next sign-in they set up again (with the password, which the lockout still guards). Returns
    False when no such account exists; the reset is recorded."""
    user = get_user_model().objects.filter(username=username).first()
    if user is None:
        return False
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    record("second_factor_reset", request=request, detail={"account": user.get_username()})
    return True


# --- Two-factor sign-in -------------------------------------------------------------------------------
def two_factor_required(user: Any) -> bool:
    """Whether the user must have a second factor: when ``QANUN_TWO_FACTOR_REQUIRED`` is on (read now, so tests
    may change it), for superusers, staff and members of ``QANUN_TWO_FACTOR_GROUPS``."""
    if not getattr(user, "is_authenticated", False) or not settings.QANUN_TWO_FACTOR_REQUIRED:
        return False
    if user.is_superuser or user.is_staff:
        return True
    return bool(user.groups.filter(name__in=settings.QANUN_TWO_FACTOR_GROUPS).exists())


def totp_device_start(user: Any) -> TOTPDevice:
    """A new authenticator for the user, unconfirmed until they type a code from it; any earlier unconfirmed one
    is discarded."""
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    return TOTPDevice.objects.create(user=user, name="Authenticator", confirmed=False)


def totp_key_text(device: TOTPDevice) -> str:
    """The key as people type it into an authenticator app: base32 in groups of four."""
    key = b32encode(device.bin_key).decode("ascii").rstrip("=")
    return " ".join(key[i : i + 4] for i in range(0, len(key), 4))


def _clean_token(token: str) -> str:
    # Codes typed on an Arabic keyboard come in Arabic-Indic digits; spaces and dashes are only grouping.
    return western_digits(token or "").replace(" ", "").replace("-", "").strip().lower()


@transaction.atomic
def totp_device_confirm(*, request: HttpRequest, device: TOTPDevice, token: str) -> list[str] | None:
    """Confirm the new authenticator with a code from it: it replaces any earlier one, the session counts as
    verified and fresh recovery codes are made. Returns the codes (to show once), or None if the code is wrong."""
    if device.confirmed or not device.verify_token(_clean_token(token)):
        record("second_factor_failed", request=request, detail={"stage": "set-up"})
        return None
    TOTPDevice.objects.filter(user=device.user).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    _signed_in_with(request, device)
    record("second_factor_enabled", request=request, detail={"device": device.name})
    return recovery_codes_generate(request=request, user=device.user)


@transaction.atomic
def recovery_codes_generate(*, request: HttpRequest, user: Any) -> list[str]:
    """``QANUN_RECOVERY_CODES`` new single-use codes, replacing the earlier ones. They are shown once: only
    django-otp's copy, needed to check them, is kept."""
    device, _ = StaticDevice.objects.get_or_create(user=user, name=RECOVERY_DEVICE_NAME, defaults={"confirmed": True})
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(settings.QANUN_RECOVERY_CODES)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=code) for code in codes])
    record("recovery_codes_generated", request=request, user=user, detail={"count": len(codes)})
    return codes


def recovery_codes_remaining(user: Any) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def second_factor_verify(*, request: HttpRequest, token: str) -> bool:
    """Check a code from the user's authenticator or one of their recovery codes (which is then used up). A
    right one marks the session verified; a wrong one is recorded. django-otp slows repeated failures down."""
    user = request.user
    device = django_otp.match_token(user, _clean_token(token))
    if device is None:
        record("second_factor_failed", request=request, detail={"stage": "sign-in"})
        return False
    _signed_in_with(request, device)
    return True


def _signed_in_with(request: HttpRequest, device: Any) -> None:
    """The session counts as verified by ``device``, under a new session key: a key seen before the code (on a
    shared computer, in a log) is worth nothing after it."""
    request.session.cycle_key()
    django_otp.login(request, device)


# --- Password reset ------------------------------------------------------------------------------------
def password_reset_mail_send(*, email: str, language: str | None = None) -> int:
    """Send the reset link to each active account with this address (none if it is unknown). The link is built
    on ``WAGTAILADMIN_BASE_URL``, never on a request's Host header. Returns how many accounts were mailed."""
    form = WagtailPasswordResetForm(data={"email": email})
    if not form.is_valid():
        return 0
    users = list(form.get_users(form.cleaned_data["email"]))
    if not users:
        return 0
    base = urlsplit(settings.WAGTAILADMIN_BASE_URL)
    with translation.override(language or settings.LANGUAGE_CODE):
        form.save(
            domain_override=base.netloc,
            use_https=base.scheme == "https",
            subject_template_name="wagtailadmin/account/password_reset/email_subject.txt",
            email_template_name="wagtailadmin/account/password_reset/email.txt",
            extra_email_context={"site_name": settings.WAGTAIL_SITE_NAME},
        )
    return len(users)
