"""Celery tasks of the accounts app: the password-reset mail.

Wagtail's reset page used to look the address up and send the mail inside the request, so a known address took
visibly longer to answer than an unknown one and told anybody which addresses have accounts. Now every request
queues this task, whatever the address, and answers; the task looks the address up and sends the mail."""

from __future__ import annotations

import logging
import smtplib
from functools import partial

from celery import shared_task
from django.db import InterfaceError, OperationalError, transaction
from kombu.exceptions import OperationalError as KombuOperationalError

from accounts.services import password_reset_mail_send

__all__ = ["password_reset_enqueue", "password_reset_mail_task"]

logger = logging.getLogger(__name__)

# The mail server or the database busy or restarting: worth another try. An address that was refused is not.
TRANSIENT = (OperationalError, InterfaceError, ConnectionError, TimeoutError, smtplib.SMTPServerDisconnected)


@shared_task(
    acks_late=True,
    reject_on_worker_lost=True,
    autoretry_for=TRANSIENT,
    retry_backoff=5,
    retry_backoff_max=300,
    retry_jitter=True,
    max_retries=5,
    ignore_result=True,
    soft_time_limit=60,
    time_limit=90,
)
def password_reset_mail_task(email: str, language: str | None = None) -> int:
    return password_reset_mail_send(email=email, language=language)


def password_reset_enqueue(*, email: str, language: str | None) -> None:
    """Queue the reset mail once the request's transaction commits, for every address asked about."""
    transaction.on_commit(partial(_send, email, language))


def _send(email: str, language: str | None) -> None:
    try:
        password_reset_mail_task.delay(email, language)
    except (KombuOperationalError, ConnectionError, OSError) as exc:
        # The same for a known and an unknown address, so it tells nobody which it was.
        logger.error("password reset: could not reach the task queue: %r", exc)
