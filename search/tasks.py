"""The index worker: empties the outbox of index updates (``search.indexing.process_pending``)."""

from __future__ import annotations

import logging

from celery import Task, shared_task
from django.db import InterfaceError, OperationalError

from search import indexing
from search.backends.base import EngineUnavailable

logger = logging.getLogger(__name__)

# The database busy or restarting: the task is simply run again.
TRANSIENT = (OperationalError, InterfaceError)
# Back-off when the engine is down: 10 s, 20 s, 40 s, … up to 10 minutes, for as long as it takes.
FIRST_RETRY = 10
LAST_RETRY = 600


@shared_task(
    bind=True,
    acks_late=True,
    reject_on_worker_lost=True,
    autoretry_for=TRANSIENT,
    retry_backoff=2,
    retry_backoff_max=60,
    max_retries=None,
    ignore_result=True,
    soft_time_limit=120,
    time_limit=180,
)
def search_index_pending_task(self: Task) -> None:
    """Write the waiting index updates; idempotent (the same keys rebuilt again give the same entries)."""
    try:
        done = indexing.process_pending(budget=60)
    except EngineUnavailable as exc:
        if self.request.is_eager:  # inside a request or a test: the rows wait for a real worker
            logger.warning("search index: engine unavailable, updates wait: %s", exc)
            return
        countdown = min(LAST_RETRY, FIRST_RETRY * 2 ** min(self.request.retries, 6))
        logger.warning("search index: engine unavailable, retrying in %d s: %s", countdown, exc)
        raise self.retry(exc=exc, countdown=countdown, max_retries=None) from exc
    if done.remaining and not self.request.is_eager:
        self.apply_async()
