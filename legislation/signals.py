"""A worker that starts picks up documents whose processing was cut off by a crash."""

from __future__ import annotations

import logging

from celery.signals import worker_ready

logger = logging.getLogger(__name__)


@worker_ready.connect
def resume_stale_documents(**_: object) -> None:
    from legislation.services import documents_resume_stale

    resumed = documents_resume_stale()
    if resumed:
        logger.info("re-queued %d document(s) left unfinished by a stopped worker: %s", len(resumed), resumed)
