"""Keeping the index true: an outbox of keys written with the change, emptied by a worker.

``enqueue(keys)`` upserts a ``PendingUpdate`` per key in the caller's transaction (so a change and its index
update commit or roll back together) and, once that transaction commits, tells a worker
(``search_index_pending_task``). If the broker cannot be reached the rows simply wait: the next task, a worker
that starts, or ``manage.py search_index --pending`` picks them up.

``process_pending`` is what the worker runs: it takes the waiting keys in batches (claimed with SKIP LOCKED on
PostgreSQL so two workers never do the same batch), builds their records (``search.documents.records``), writes
or deletes them through the configured engine, and removes a row only if nobody queued it again meanwhile. When
the engine is unavailable the rows stay, with their attempts and last error, and ``EngineUnavailable`` goes up
so the task retries with back-off.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from search.backends.base import EngineUnavailable
from search.models import PendingUpdate

__all__ = ["BATCH", "Processed", "enqueue", "process_pending"]

logger = logging.getLogger(__name__)

BATCH = 200


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
    from kombu.exceptions import OperationalError as BrokerError

    from search.tasks import search_index_pending_task

    transaction.get_connection()._search_notify_pending = False
    try:
        search_index_pending_task.delay()
    except (BrokerError, ConnectionError, OSError) as exc:
        logger.warning("search index: the worker could not be reached (%s); the updates wait in the outbox", exc)


@dataclass
class Processed:
    written: int = 0
    deleted: int = 0
    remaining: int = 0  # still waiting when the time budget ran out


def process_pending(*, budget: float = 60.0, batch: int = BATCH) -> Processed:
    """Bring the index up to date with the outbox, batch by batch, for at most ``budget`` seconds.

    Raises ``EngineUnavailable`` (rows kept, attempts counted) when the engine cannot take the writes."""
    from search.documents import records
    from search.engine import backend

    engine = backend()
    done = Processed()
    deadline = time.monotonic() + budget
    while time.monotonic() < deadline:
        failure: EngineUnavailable | None = None
        with transaction.atomic():
            rows = list(
                PendingUpdate.objects.select_for_update(skip_locked=True)
                .order_by("queued_at", "pk")
                .values_list("pk", "key", "queued_at")[:batch]
            )
            if not rows:
                return done
            keys = [key for _pk, key, _queued in rows]
            try:
                built = records(keys)
                if built.records:
                    done.written += engine.index(built.records)
                if built.missing:
                    engine.delete(built.missing)
                    done.deleted += len(built.missing)
            except EngineUnavailable as exc:
                failure = exc
            else:
                unchanged = Q()
                for pk, _key, queued_at in rows:
                    unchanged |= Q(pk=pk, queued_at=queued_at)
                PendingUpdate.objects.filter(unchanged).delete()
        if failure is not None:
            PendingUpdate.objects.filter(pk__in=[pk for pk, _key, _queued in rows]).update(
                attempts=F("attempts") + 1, last_error=str(failure)[:2000]
            )
            raise failure
    done.remaining = PendingUpdate.objects.count()
    return done
