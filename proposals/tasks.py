"""Scheduled publishing without a beat process: each worker, once ready, sends ``publish_scheduled_task`` every
``QANUN_PUBLISH_SCHEDULED_SECONDS`` (60 by default; 0 turns it off), which runs Wagtail's ``publish_scheduled``
(pages and snippets whose go-live or expiry time has passed). Proposals that may not be published are refused by
``ProposalPage.publish`` even there: their schedule is cancelled and the refusal logged in their history.

Several workers each send it; the command is safe to run twice at once (a revision published twice is the same
page), so no lock is taken."""

from __future__ import annotations

import logging
import os
import threading

from celery import shared_task
from celery.signals import worker_ready
from django.core.management import call_command

__all__ = ["publish_scheduled_task"]

logger = logging.getLogger(__name__)


@shared_task(acks_late=True, reject_on_worker_lost=True, soft_time_limit=240, time_limit=300, ignore_result=True)
def publish_scheduled_task() -> None:
    call_command("publish_scheduled")


def _interval() -> float:
    try:
        return float(os.environ.get("QANUN_PUBLISH_SCHEDULED_SECONDS", "60"))
    except ValueError:
        return 60.0


def _tick(stop: threading.Event, every: float) -> None:
    from kombu.exceptions import OperationalError as BrokerError

    while not stop.wait(every):
        try:
            publish_scheduled_task.delay()
        except (BrokerError, ConnectionError, OSError) as exc:  # the broker is away: try again next time
            logger.warning("scheduled publishing: the broker could not be reached (%s)", exc)


@worker_ready.connect
def start_publishing_clock(**_: object) -> None:
    every = _interval()
    if every <= 0:
        return
    thread = threading.Thread(target=_tick, args=(threading.Event(), every), name="publish-scheduled", daemon=True)
    thread.start()
