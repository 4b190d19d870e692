"""Two-factor sign-in, enforced on every request of a signed-in person.

After the password, a person who has an authenticator (anyone who set one up), or who must have one
(``accounts.services.two_factor_required``: the groups in ``QANUN_TWO_FACTOR_GROUPS``, every role by default,
staff and superusers while ``QANUN_TWO_FACTOR_REQUIRED`` is on), reaches nothing (Wagtail's admin, Django's
admin, the API, the site) until the session is verified with a code; only signing in and out, the two-factor pages
themselves and static files are open. Runs after django-otp's ``OTPMiddleware``, which tells whether the session
is verified."""

from __future__ import annotations

from collections.abc import Callable

import django_otp
from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.urls import Resolver404, resolve, reverse

from accounts.services import two_factor_required

__all__ = ["TwoFactorMiddleware"]

# What a person half signed in may still reach, by URL name.
OPEN_VIEWS = frozenset(
    {
        "wagtailadmin_login",
        "wagtailadmin_logout",
        "wagtailadmin_sprite",
        "wagtailadmin_javascript_catalog",
        "admin:login",
        "admin:logout",
        "admin:jsi18n",
        "set_language",
        "accounts_two_factor_verify",
        "accounts_two_factor_setup",
    }
)


class TwoFactorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if user.is_authenticated and not _verified(user) and not _open(request):
            if django_otp.user_has_device(user, confirmed=True):
                return redirect_to_login(request.get_full_path(), reverse("accounts_two_factor_verify"))
            if two_factor_required(user):
                return redirect_to_login(request.get_full_path(), reverse("accounts_two_factor_setup"))
        return self.get_response(request)


def _verified(user: object) -> bool:
    # django-otp's OTPMiddleware gives the user ``is_verified``: true once a code was given in this session.
    is_verified = getattr(user, "is_verified", None)
    return bool(is_verified and is_verified())


def _open(request: HttpRequest) -> bool:
    if settings.STATIC_URL and request.path_info.startswith(settings.STATIC_URL):
        return True
    try:
        match = resolve(request.path_info)
    except Resolver404:
        return False
    return match.view_name in OPEN_VIEWS
