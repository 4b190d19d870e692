"""Celery tasks of the legislation app: thin wrappers that re-fetch by id and call a service."""

from __future__ import annotations

import logging

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded
from django.db import InterfaceError, OperationalError

from legislation import services

logger = logging.getLogger(__name__)

# Faults that pass: the database busy or restarting, a lost connection. Everything else is the file's fault
# or a bug, and retrying would only repeat it.
TRANSIENT = (OperationalError, InterfaceError, ConnectionError, TimeoutError)


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
def document_process_task(self, document_id: int) -> None:  # noqa: ANN001
    try:
        services.document_process(document_id)
    except TRANSIENT:
        if self.request.retries >= self.max_retries:
            services.document_fail(document_id, "Processing failed repeatedly because the database was unavailable.")
        raise
    except SoftTimeLimitExceeded:
        services.document_fail(document_id, services.TIME_LIMIT_MESSAGE)
    except Exception as exc:
        logger.exception("document %s: unexpected error", document_id)
        services.document_fail(
            document_id,
            f"Unexpected error while processing ({type(exc).__name__}); administrators can see the log.",
        )
        raise
