"""Forms of the sign-in pages: the password-reset request, and a two-factor code."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms.auth import PasswordResetForm as WagtailPasswordResetForm

from accounts.tasks import password_reset_enqueue

__all__ = ["CodeForm", "PasswordResetForm"]


class PasswordResetForm(WagtailPasswordResetForm):
    """Wagtail's reset form (``WAGTAILADMIN_USER_PASSWORD_RESET_FORM``) whose ``save`` only queues the mail, for
    every address: the lookup, the token and the link are the task's work, never the request's."""

    def save(self, *args: Any, **kwargs: Any) -> None:
        password_reset_enqueue(email=self.cleaned_data["email"], language=get_language())


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code"),
        max_length=32,
        help_text=_("The 6-digit code your authenticator app shows now, or one of your recovery codes."),
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "text", "autofocus": True, "dir": "ltr"}
        ),
    )
