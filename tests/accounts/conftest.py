"""People in each role for the sign-in tests, with passwords, and helpers to sign in through the real pages."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

PASSWORD = "a long pass phrase 2026"


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings) -> None:
    """Dozens of sign-ins per test: a fast hasher keeps them quick (the checks are the same)."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def people(django_user_model) -> dict[str, Any]:
    """A researcher, an editor, a reviewer and an administrator (by group), and a staff superuser."""

    def person(name: str, group: str | None = None, **extra: Any) -> Any:
        user = django_user_model.objects.create_user(name, email=f"{name}@qanun.example", password=PASSWORD, **extra)
        if group:
            user.groups.add(Group.objects.get(name=group))
        return django_user_model.objects.get(pk=user.pk)

    return {
        "researcher": person("researcher", "Researchers"),
        "reviewer": person("reviewer", "Reviewers"),
        "editor": person("editor", "Editors"),
        "administrator": person("administrator", "Administrators"),
        "superuser": person("root", is_staff=True, is_superuser=True),
    }


def sign_in(client: Client, username: str, *, url: str = "/admin/login/", password: str = PASSWORD, **extra: Any):
    return client.post(url, {"username": username, "password": password}, **extra)


def signed_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


def totp_device(user: Any) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="phone", confirmed=True)


def code_now(device: TOTPDevice) -> str:
    device.refresh_from_db()
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):0{device.digits}d}"
