"""The outbox of index updates: every change that a search record depends on queues its keys here.

``enqueue(keys)`` upserts a ``PendingUpdate`` per key in the caller's transaction (so a change and its index
update commit or roll back together) and, once that transaction commits, tells a worker
(``search_index_pending_task``, which empties the outbox through ``search.indexing.process_pending``). If the
broker cannot be reached the rows simply wait: the next task, a worker that starts, or
``manage.py search_index --pending`` picks them up.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone
from kombu.exceptions import OperationalError as BrokerError

from search.models import PendingUpdate
from search.tasks import search_index_pending_task

__all__ = ["enqueue"]

logger = logging.getLogger(__name__)


def enqueue(keys: Iterable[str]) -> int:
    """Queue index updates for these keys («law:5», «provision:12») after the current transaction commits."""
    keys = list(dict.fromkeys(key for key in keys if key))
    if not keys:
        return 0
    now = timezone.now()
    PendingUpdate.objects.bulk_create(
        [PendingUpdate(key=key, queued_at=now) for key in keys],
        update_conflicts=True,
        unique_fields=["key"],
        update_fields=["queued_at"],
        batch_size=500,
    )
    _notify_worker_on_commit()
    return len(keys)


def _notify_worker_on_commit() -> None:
    connection = transaction.get_connection()
    # Once per transaction, however many changes it makes: skip while a notification not yet run is registered
    # (a rollback discards it, and then it is no longer in the list).
    if getattr(connection, "_search_notify_pending", False) and any(
        entry[1] is _notify_worker for entry in connection.run_on_commit
    ):
        return
    connection._search_notify_pending = True
    transaction.on_commit(_notify_worker, robust=True)


def _notify_worker() -> None:
    transaction.get_connection()._search_notify_pending = False
    try:
        search_index_pending_task.delay()
    except (BrokerError, ConnectionError, OSError) as exc:
        logger.warning("search index: the worker could not be reached (%s); the updates wait in the outbox", exc)
