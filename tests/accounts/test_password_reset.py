"""Password reset: the request does the same work for a known and an unknown address (it queues the mail task
and answers), and the link is built on the configured site address, never on the request's Host."""

from __future__ import annotations

import pytest
from django.core import mail

from accounts.services import password_reset_mail_send
from accounts.tasks import password_reset_mail_task

pytestmark = pytest.mark.django_db

KNOWN, UNKNOWN = "editor@qanun.example", "nobody@qanun.example"


@pytest.fixture(autouse=True)
def _careless_host_and_a_site_address(settings) -> None:
    settings.ALLOWED_HOSTS = ["*"]  # a careless deployment: any Host header is accepted
    settings.WAGTAILADMIN_BASE_URL = "https://qanun.example.org"


def ask(client, email: str, **extra: str):
    return client.post("/admin/password_reset/", {"email": email}, HTTP_HOST="evil.example", **extra)


def test_known_and_unknown_addresses_get_the_same_answer_and_the_same_work(
    client, people, monkeypatch, django_capture_on_commit_callbacks
) -> None:
    sent: list[tuple] = []
    monkeypatch.setattr(password_reset_mail_task, "delay", lambda *args: sent.append(args))
    answers = []
    for email in (KNOWN, UNKNOWN):
        with django_capture_on_commit_callbacks(execute=True) as callbacks:
            response = ask(client, email)
        answers.append((response.status_code, response["Location"], len(callbacks)))
        assert mail.outbox == [], "the request itself looked the address up and sent mail"
    assert answers[0] == answers[1] == (302, "/admin/password_reset/done/", 1)
    assert sent == [(KNOWN, "en"), (UNKNOWN, "en")]


def test_the_task_mails_a_link_on_the_configured_site_address(
    client, people, settings, django_capture_on_commit_callbacks
) -> None:
    settings.CELERY_TASK_ALWAYS_EAGER = True
    with django_capture_on_commit_callbacks() as callbacks:
        ask(client, KNOWN)
        ask(client, UNKNOWN)
    assert mail.outbox == []  # nothing until the queued tasks run (eagerly here, in the worker in production)
    for callback in callbacks:
        callback()
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [KNOWN]
    assert "https://qanun.example.org/admin/password_reset/confirm/" in message.body
    assert "evil.example" not in message.body


def test_the_link_in_the_mail_resets_the_password(client, people) -> None:
    password_reset_mail_task(KNOWN)
    link = next(word for word in mail.outbox[0].body.split() if "/password_reset/confirm/" in word)
    path = link.removeprefix("https://qanun.example.org")
    form = client.get(path, follow=True)
    assert form.status_code == 200 and b"new_password1" in form.content


def test_an_unknown_or_malformed_address_gets_no_mail(people) -> None:
    assert password_reset_mail_task(UNKNOWN) == 0
    assert password_reset_mail_send(email="not an address") == 0
    assert mail.outbox == []


def test_the_mail_is_in_the_language_the_reset_was_asked_in(people) -> None:
    assert password_reset_mail_send(email=KNOWN, language="ar") == 1
    assert "https://qanun.example.org/admin/password_reset/confirm/" in mail.outbox[0].body
    assert any("\u0600" <= ch <= "\u06ff" for ch in mail.outbox[0].body)
