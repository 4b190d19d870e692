"""Celery tasks of the legislation app, and everything Celery and kombu about processing a document: sending it
to the worker once the row is committed (a broker that cannot be reached is recorded on the document), the task
acknowledged late and rejected when its worker is lost, transient faults retried with back-off, and the time
limit turned into a message. The work itself is ``legislation.pipeline``'s."""

from __future__ import annotations

import logging
from functools import partial

from celery import Task, shared_task
from celery.exceptions import SoftTimeLimitExceeded
from django.db import InterfaceError, OperationalError, transaction
from kombu.exceptions import OperationalError as KombuOperationalError

from legislation.pipeline import TIME_LIMIT_MESSAGE, document_fail, document_process

__all__ = ["document_enqueue", "document_process_task"]

logger = logging.getLogger(__name__)

# Faults that pass: the database busy or restarting, a lost connection. Everything else is the file's fault
# or a bug, and retrying would only repeat it.
TRANSIENT = (OperationalError, InterfaceError, ConnectionError, TimeoutError)

QUEUE_UNREACHABLE_MESSAGE = (
    "The file is stored, but the task queue could not be reached, so processing did not start. "
    "Press Re-process once the worker's queue is back."
)


@shared_task(
    bind=True,
    acks_late=True,
    reject_on_worker_lost=True,
    autoretry_for=TRANSIENT,
    retry_backoff=2,
    retry_backoff_max=120,
    retry_jitter=True,
    max_retries=6,
    ignore_result=True,
)
def document_process_task(self: Task, document_id: int) -> None:
    try:
        document_process(document_id)
    except TRANSIENT:
        if self.request.retries >= self.max_retries:
            document_fail(document_id, "Processing failed repeatedly because the database was unavailable.")
        raise
    except SoftTimeLimitExceeded:
        document_fail(document_id, TIME_LIMIT_MESSAGE)
    except Exception as exc:
        logger.exception("document %s: unexpected error", document_id)
        document_fail(
            document_id,
            f"Unexpected error while processing ({type(exc).__name__}); administrators can see the log.",
        )
        raise


def document_enqueue(document_id: int) -> None:
    """Queue processing once the current transaction commits, so the worker sees the row. Every upload and
    re-processing is sent through here."""
    transaction.on_commit(partial(_send, document_id))


def _send(document_id: int) -> None:
    try:
        document_process_task.delay(document_id)
    except (KombuOperationalError, ConnectionError, OSError) as exc:
        logger.error("document %s: could not reach the task queue: %r", document_id, exc)
        document_fail(document_id, QUEUE_UNREACHABLE_MESSAGE)
