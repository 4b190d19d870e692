"""The ``provisions_replaced`` signal, sent when a document's provisions are stored anew (by processing or a
correction) so that what points into them can follow; and two plumbing hooks: a worker that starts picks up
documents whose processing was cut off by a crash, and a source document's stored file is removed with it (also
when its law is deleted, a bulk delete that calls no ``delete()``), so no draft law's file outlives it on disk."""

from __future__ import annotations

import logging

from celery.signals import worker_ready
from django.db import transaction
from django.db.models.signals import post_delete
from django.dispatch import Signal, receiver

from legislation.models import SourceDocument

logger = logging.getLogger(__name__)

# Sent with ``document`` inside the transaction that stored the document's new provisions.
provisions_replaced = Signal()


@worker_ready.connect
def resume_stale_documents(**_: object) -> None:
    from legislation.services import documents_resume_stale

    resumed = documents_resume_stale()
    if resumed:
        logger.info("re-queued %d document(s) left unfinished by a stopped worker: %s", len(resumed), resumed)


@receiver(post_delete, sender=SourceDocument)
def delete_stored_file(sender: type, instance: SourceDocument, **_: object) -> None:
    if instance.file:
        storage, name = instance.file.storage, instance.file.name
        transaction.on_commit(lambda: storage.delete(name))
