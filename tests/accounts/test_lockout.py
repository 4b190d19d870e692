"""Failed sign-ins lock the account (from any address) and the address (for any account) on both login pages,
with a page that says what happened and what to do; only Administrators unlock."""

from __future__ import annotations

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.test import Client
from django.utils import timezone

from audit.addresses import client_address
from audit.models import AuditEvent
from tests.accounts.conftest import PASSWORD, sign_in, signed_in

pytestmark = pytest.mark.django_db

LOGIN_URLS = ["/admin/login/", "/django-admin/login/"]


def fail(client: Client, username: str, times: int, *, url: str = "/admin/login/", **extra: str) -> list[int]:
    return [sign_in(client, username, url=url, password="wrong guess", **extra).status_code for _ in range(times)]


@pytest.mark.parametrize("url", LOGIN_URLS)
def test_sixth_wrong_password_locks_the_account_and_the_right_one_is_then_refused(client, people, url) -> None:
    user = people["superuser"]  # staff, so the Django admin would accept them too
    assert fail(client, user.username, 5, url=url) == [200] * 5  # the login page again, with its error

    response = sign_in(client, user.username, url=url, password="wrong guess")
    assert response.status_code == 429
    page = response.content.decode()
    assert "Sign-in locked" in page
    assert "Wait 30 minutes" in page and "ask an administrator to unlock" in page

    response = sign_in(client, user.username, url=url)  # the right password
    assert response.status_code == 429
    assert not signed_in(client)
    # The lock is the account's, not the browser's: another client is refused as well.
    assert sign_in(Client(REMOTE_ADDR="10.9.8.7"), user.username, url=url).status_code == 429


def test_account_is_locked_from_every_address(client, people) -> None:
    editor = people["editor"]
    for n in range(6):
        sign_in(Client(REMOTE_ADDR=f"10.0.0.{n + 1}"), editor.username, password="wrong guess")
    other_address = Client(REMOTE_ADDR="10.0.0.99")
    assert sign_in(other_address, editor.username).status_code == 429
    assert not signed_in(other_address)


def test_address_is_locked_for_every_account(people) -> None:
    client = Client(REMOTE_ADDR="192.0.2.10")
    for n in range(6):
        sign_in(client, f"guess-{n}", password="wrong guess")
    response = sign_in(client, people["researcher"].username)
    assert response.status_code == 429
    assert not signed_in(client)
    # The same person from another address is not locked.
    elsewhere = Client(REMOTE_ADDR="192.0.2.11")
    assert sign_in(elsewhere, people["researcher"].username).status_code == 302
    assert signed_in(elsewhere)


def test_a_forged_forwarded_header_does_not_escape_the_address_lock(people) -> None:
    client = Client(REMOTE_ADDR="192.0.2.20")
    for n in range(6):
        sign_in(client, f"guess-{n}", password="wrong guess", HTTP_X_FORWARDED_FOR=f"203.0.113.{n}")
    response = sign_in(client, people["researcher"].username, HTTP_X_FORWARDED_FOR="203.0.113.200")
    assert response.status_code == 429


def test_client_address_reads_only_what_trusted_proxies_wrote(rf, settings) -> None:
    request = rf.get("/", REMOTE_ADDR="10.1.1.1", HTTP_X_FORWARDED_FOR="6.6.6.6, 198.51.100.7")
    assert client_address(request) == "10.1.1.1"  # no proxy trusted: the header is ignored
    settings.QANUN_TRUSTED_PROXY_COUNT = 1
    assert client_address(request) == "198.51.100.7"  # what our proxy saw, not what the client wrote
    settings.QANUN_TRUSTED_PROXY_COUNT = 2
    assert client_address(request) == "6.6.6.6"


def test_lockout_page_speaks_arabic_right_to_left(client, people) -> None:
    fail(client, people["editor"].username, 5)
    response = sign_in(client, people["editor"].username, password="wrong guess", HTTP_ACCEPT_LANGUAGE="ar")
    assert response.status_code == 429
    page = response.content.decode()
    assert 'lang="ar"' in page and 'dir="rtl"' in page
    assert "تسجيل الدخول مقفل" in page
    assert "30 دقيقة" in page


def test_lock_expires_after_the_cool_off(client, people) -> None:
    editor = people["editor"]
    fail(client, editor.username, 6)
    assert sign_in(client, editor.username).status_code == 429
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=31))
    assert sign_in(client, editor.username).status_code == 302
    assert signed_in(client)


def test_an_administrator_sees_the_locks_and_unlocks_an_account(client, people) -> None:
    editor = people["editor"]
    fail(Client(REMOTE_ADDR="10.0.0.1"), editor.username, 6)

    admin = Client(enforce_csrf_checks=True)
    admin.force_login(people["administrator"])
    page = admin.get("/admin/sign-in-locks/")
    assert page.status_code == 200
    assert b'data-lock-kind="account"' in page.content and b"editor" in page.content
    assert b'data-lock-kind="address"' in page.content and b"10.0.0.1" in page.content
    assert b"Sign-in locks" in admin.get("/admin/").content  # in the Settings menu

    # Without the form's CSRF token the unlock is refused.
    assert admin.post("/admin/sign-in-locks/unlock/", {"kind": "account", "value": "editor"}).status_code == 403
    token = page.context["csrf_token"]
    response = admin.post(
        "/admin/sign-in-locks/unlock/", {"kind": "account", "value": "editor", "csrfmiddlewaretoken": str(token)}
    )
    assert response.status_code == 302

    assert sign_in(Client(REMOTE_ADDR="10.0.0.2"), editor.username).status_code == 302
    unlocked = AuditEvent.objects.get(action="unlocked")
    assert unlocked.user == people["administrator"] and unlocked.detail["value"] == "editor"


def test_an_administrator_unlocks_an_address(people) -> None:
    client = Client(REMOTE_ADDR="192.0.2.30")
    fail(client, "someone", 6)
    assert sign_in(client, people["researcher"].username).status_code == 429
    admin = Client()
    admin.force_login(people["administrator"])
    admin.post("/admin/sign-in-locks/unlock/", {"kind": "address", "value": "192.0.2.30"})
    assert sign_in(client, people["researcher"].username).status_code == 302


@pytest.mark.parametrize("role", ["researcher", "editor", "reviewer"])
def test_only_administrators_may_unlock(client, people, role) -> None:
    fail(Client(REMOTE_ADDR="10.0.0.1"), "editor", 6)
    client.force_login(people[role])
    assert client.get("/admin/sign-in-locks/").status_code == 403
    assert client.post("/admin/sign-in-locks/unlock/", {"kind": "account", "value": "editor"}).status_code == 403
    assert b"Sign-in locks" not in client.get("/admin/").content
    assert sign_in(Client(REMOTE_ADDR="10.0.0.2"), "editor").status_code == 429


def test_anonymous_visitors_cannot_see_the_locks(client) -> None:
    response = client.get("/admin/sign-in-locks/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_sign_ins_failures_and_lockouts_are_recorded(client, people) -> None:
    editor = people["editor"]
    sign_in(client, editor.username)
    fail(Client(REMOTE_ADDR="10.0.0.3"), editor.username, 6)
    actions = list(AuditEvent.objects.order_by("pk").values_list("action", "username"))
    assert actions[0] == ("sign_in", "editor")
    assert actions.count(("sign_in_failed", "editor")) == 6
    locked = AuditEvent.objects.get(action="locked_out")
    assert locked.detail["username"] == "editor" and locked.detail["address"] == "10.0.0.3"
    assert not any(
        PASSWORD in str(event.detail) or "wrong guess" in str(event.detail) for event in AuditEvent.objects.all()
    )


def test_an_ipv6_client_cannot_escape_the_address_lock_by_changing_address_inside_its_network(rf) -> None:
    """One IPv6 client holds a whole /64: every address in it counts as one."""
    one = rf.get("/", REMOTE_ADDR="2001:db8:1:2::10")
    other = rf.get("/", REMOTE_ADDR="2001:db8:1:2:ffff:0:0:99")
    elsewhere = rf.get("/", REMOTE_ADDR="2001:db8:1:3::10")
    mapped = rf.get("/", REMOTE_ADDR="::ffff:192.0.2.5")
    assert client_address(one) == client_address(other) == "2001:db8:1:2::"
    assert client_address(elsewhere) == "2001:db8:1:3::"
    assert client_address(mapped) == "192.0.2.5"
