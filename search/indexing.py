"""Keeping the index true: the outbox of keys (``search.outbox.enqueue``, written with the change) emptied here.

``process_pending`` is what the worker runs: it takes the waiting keys in batches (claimed with SKIP LOCKED on
PostgreSQL so two workers never do the same batch), builds their records (``search.documents.records``), writes
or deletes them through the configured engine, and removes a row only if nobody queued it again meanwhile. When
the engine is unavailable the rows stay, with their attempts and last error, and ``EngineUnavailable`` goes up
so the task retries with back-off.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass

from django.db import transaction
from django.db.models import F, Q

from search.backends.base import EngineUnavailable
from search.documents import records
from search.engine import backend
from search.models import PendingUpdate

__all__ = ["BATCH", "Processed", "process_pending"]

logger = logging.getLogger(__name__)

BATCH = 200


@dataclass
class Processed:
    written: int = 0
    deleted: int = 0
    remaining: int = 0  # still waiting when the time budget ran out


def process_pending(*, budget: float = 60.0, batch: int = BATCH) -> Processed:
    """Bring the index up to date with the outbox, batch by batch, for at most ``budget`` seconds.

    Raises ``EngineUnavailable`` (rows kept, attempts counted) when the engine cannot take the writes."""
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
