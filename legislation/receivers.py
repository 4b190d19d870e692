"""What legislation does when something happens elsewhere: a source document's stored file is removed with it
(also when its law is deleted, a bulk delete that calls no ``delete()``), so no draft law's file outlives it on
disk; and a worker that starts queues again the documents whose processing a crash cut off. Connected in
``LegislationConfig.ready``."""

from __future__ import annotations

import logging

from celery.signals import worker_ready
from django.db.models.signals import post_delete
from django.dispatch import receiver

from legislation.models import SourceDocument
from legislation.services.reprocessing import documents_resume_stale
from legislation.services.storage import document_file_delete_on_commit

logger = logging.getLogger(__name__)


@worker_ready.connect
def resume_stale_documents(**_: object) -> None:
    resumed = documents_resume_stale()
    if resumed:
        logger.info("re-queued %d document(s) left unfinished by a stopped worker: %s", len(resumed), resumed)


@receiver(post_delete, sender=SourceDocument)
def delete_stored_file(sender: type, instance: SourceDocument, **_: object) -> None:
    document_file_delete_on_commit(instance)
