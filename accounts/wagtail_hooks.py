"""Admin URLs and menu items of sign-in security: the person's own two-factor page (account menu) and the
Administrators' list of sign-in locks (Settings)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from accounts import views
from accounts.services import user_may_unlock


@hooks.register("register_admin_urls")
def register_accounts_urls() -> list:
    return [
        path("account/two-factor/", views.TwoFactorView.as_view(), name="accounts_two_factor"),
        path(
            "account/two-factor/recovery-codes/",
            views.recovery_codes_regenerate,
            name="accounts_recovery_codes_regenerate",
        ),
        path("sign-in-locks/", views.LocksView.as_view(), name="accounts_locks"),
        path("sign-in-locks/unlock/", views.lock_unlock, name="accounts_lock_unlock"),
        path("sign-in-locks/two-factor-reset/", views.second_factor_reset_view, name="accounts_second_factor_reset"),
    ]


class LocksMenuItem(MenuItem):
    def is_shown(self, request: HttpRequest) -> bool:
        return user_may_unlock(request.user)


@hooks.register("register_settings_menu_item")
def register_locks_menu_item() -> MenuItem:
    return LocksMenuItem(
        _("Sign-in locks"), reverse("accounts_locks"), name="sign-in-locks", icon_name="lock", order=610
    )


@hooks.register("register_account_menu_item")
def register_two_factor_account_item(request: HttpRequest) -> dict[str, Any]:
    return {
        "url": reverse("accounts_two_factor"),
        "label": _("Two-factor sign-in"),
        "help_text": _("Set up an authenticator app, or make new recovery codes."),
    }
