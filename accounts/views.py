"""Sign-in pages: the lockout page django-axes answers with, the two-factor pages (verify a code, set up an
authenticator, recovery codes) and the Administrators' list of locked accounts and addresses."""

from __future__ import annotations

from io import BytesIO
from typing import Any

import django_otp
import qrcode
import qrcode.image.svg
from axes.helpers import get_client_username, get_cool_off
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST
from django.views.defaults import permission_denied
from django.views.generic import TemplateView
from django_otp.plugins.otp_totp.models import TOTPDevice
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from accounts.forms import CodeForm
from accounts.services import (
    lock_release,
    locks_list,
    recovery_codes_generate,
    recovery_codes_remaining,
    second_factor_reset,
    second_factor_verify,
    totp_device_confirm,
    totp_device_start,
    totp_key_text,
    two_factor_required,
    user_may_unlock,
)

__all__ = [
    "LocksView",
    "TwoFactorView",
    "lock_unlock",
    "locked_out",
    "recovery_codes_regenerate",
    "two_factor_setup",
    "two_factor_verify",
]


# --- Lockout --------------------------------------------------------------------------------------------
def locked_out(
    request: HttpRequest, original_response: HttpResponse | None = None, credentials: dict | None = None
) -> HttpResponse:
    """django-axes' answer to a locked account or address (``AXES_LOCKOUT_CALLABLE``), in the interface's
    language: what happened and what to do."""
    cool_off = get_cool_off(request)
    minutes = int(cool_off.total_seconds() // 60) if cool_off else None
    context = {
        "minutes": minutes,
        "failure_limit": settings.QANUN_LOGIN_FAILURE_LIMIT,
        "username": get_client_username(request, credentials) or "",
    }
    return render(request, "accounts/locked_out.html", context, status=settings.AXES_HTTP_RESPONSE_CODE)


# --- Two-factor -----------------------------------------------------------------------------------------
def _next_url(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return reverse("wagtailadmin_home")


@sensitive_post_parameters("code")
@never_cache
@login_required(login_url="wagtailadmin_login")
def two_factor_verify(request: HttpRequest) -> HttpResponse:
    """The second step of signing in: a code from the authenticator, or a recovery code."""
    user = request.user
    if user.is_verified():  # type: ignore[union-attr]
        return redirect(_next_url(request))
    if not django_otp.user_has_device(user, confirmed=True):
        return redirect(f"{reverse('accounts_two_factor_setup')}?{urlencode({'next': _next_url(request)})}")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if second_factor_verify(request=request, token=form.cleaned_data["code"]):
            return redirect(_next_url(request))
        form.add_error(
            "code", _("That code is not right, or it was already used. Wait for the next code and try again.")
        )
    return render(request, "accounts/verify.html", {"form": form, "next": _next_url(request)})


@sensitive_post_parameters("code")
@never_cache
@login_required(login_url="wagtailadmin_login")
def two_factor_setup(request: HttpRequest) -> HttpResponse:
    """Set up an authenticator app: scan the QR code (or type the key), confirm with a code, then see the
    recovery codes once. Someone who already has one must have verified this session first, so a stolen password
    alone never adds a device."""
    user = request.user
    if django_otp.user_has_device(user, confirmed=True) and not user.is_verified():  # type: ignore[union-attr]
        return _redirect_to_verify(request)
    form = CodeForm(request.POST or None)
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if request.method == "POST" and device is not None and form.is_valid():
        codes = totp_device_confirm(request=request, device=device, token=form.cleaned_data["code"])
        if codes is not None:
            return _show_codes(request, codes, first_time=True)
        form.add_error(
            "code", _("That code is not right. Check the time on your phone and type the code it shows now.")
        )
    if device is None or request.method == "GET":
        device = totp_device_start(user)
        form = CodeForm()
    context = {
        "form": form,
        "next": _next_url(request),
        "qr_svg": _qr_svg(device.config_url),
        "key": totp_key_text(device),
        "required": two_factor_required(user),
    }
    return render(request, "accounts/setup.html", context)


def _redirect_to_verify(request: HttpRequest) -> HttpResponse:
    return redirect(f"{reverse('accounts_two_factor_verify')}?{urlencode({'next': _next_url(request)})}")


def _qr_svg(url: str) -> str:
    image = qrcode.make(url, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    buffer = BytesIO()
    image.save(buffer)
    svg = buffer.getvalue().decode("utf-8")
    return svg[svg.index("<svg") :]  # without the XML declaration, to sit inside the page


def _show_codes(request: HttpRequest, codes: list[str], *, first_time: bool) -> HttpResponse:
    response = render(
        request,
        "accounts/recovery_codes.html",
        {"codes": codes, "first_time": first_time, "next": _next_url(request)},
    )
    response["Cache-Control"] = "no-store"
    return response


class TwoFactorView(WagtailAdminTemplateMixin, TemplateView):
    """The person's own two-factor page (account menu): whether it is on, recovery codes left, and the actions."""

    template_name = "accounts/two_factor.html"
    page_title = gettext_lazy("Two-factor sign-in")
    header_icon = "key"

    def get_breadcrumbs_items(self) -> list[dict[str, Any]]:
        return [*self.breadcrumbs_items, {"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        user = self.request.user
        return super().get_context_data(
            has_device=django_otp.user_has_device(user, confirmed=True),
            required=two_factor_required(user),
            codes_left=recovery_codes_remaining(user),
            **kwargs,
        )


@require_POST
@never_cache
def recovery_codes_regenerate(request: HttpRequest) -> HttpResponse:
    """New recovery codes, replacing the old ones; only in a verified session."""
    if not (django_otp.user_has_device(request.user, confirmed=True) and request.user.is_verified()):  # type: ignore[union-attr]
        raise PermissionDenied
    return _show_codes(request, recovery_codes_generate(request=request, user=request.user), first_time=False)


# --- Locks ----------------------------------------------------------------------------------------------
class LocksView(WagtailAdminTemplateMixin, TemplateView):
    """Accounts and addresses locked after failed sign-ins, each with an Unlock button (Administrators)."""

    template_name = "accounts/locks.html"
    page_title = gettext_lazy("Sign-in locks")
    header_icon = "lock"

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not user_may_unlock(request.user):
            return _forbidden(request)
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self) -> list[dict[str, Any]]:
        return [*self.breadcrumbs_items, {"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(
            locks=locks_list(),
            failure_limit=settings.QANUN_LOGIN_FAILURE_LIMIT,
            cooloff_minutes=settings.QANUN_LOGIN_COOLOFF_MINUTES,
            **kwargs,
        )


@require_POST
def lock_unlock(request: HttpRequest) -> HttpResponse:
    if not user_may_unlock(request.user):
        return _forbidden(request)
    kind, value = request.POST.get("kind", ""), request.POST.get("value", "")
    if kind not in ("account", "address") or not value:
        messages.error(request, _("Nothing to unlock was named."))
    else:
        lock_release(kind=kind, value=value, request=request)  # type: ignore[arg-type]
        if kind == "account":
            messages.success(request, _("Unlocked the account %(name)s.") % {"name": value})
        else:
            messages.success(request, _("Unlocked the address %(name)s.") % {"name": value})
    return redirect("accounts_locks")


@require_POST
def second_factor_reset_view(request: HttpRequest) -> HttpResponse:
    if not user_may_unlock(request.user):
        return _forbidden(request)
    username = request.POST.get("username", "").strip()
    if username and second_factor_reset(username=username, request=request):
        messages.success(
            request, _("%(name)s sets up two-factor sign-in again at their next sign-in.") % {"name": username}
        )
    else:
        messages.error(request, _("There is no account %(name)s.") % {"name": username or "—"})
    return redirect("accounts_locks")


def _forbidden(request: HttpRequest) -> HttpResponse:
    # A plain 403 rather than Wagtail's redirect to the dashboard: who may unlock is not a matter of the menu.
    return permission_denied(request, PermissionDenied())
