"""Queueing a document again: at a person's request, or because a worker stopped mid-way through it (crashed,
killed, out of memory) and the broker may have lost its message. Sent to the worker through
``tasks.document_enqueue``, like an upload."""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from legislation.models import SourceDocument
from legislation.tasks import document_enqueue

__all__ = ["document_reprocess", "documents_resume_stale"]


def document_reprocess(document: SourceDocument) -> None:
    """Queue a document again at a person's request. Its current text and provisions stay until the new run
    succeeds; the count of cut-off attempts starts again."""
    with transaction.atomic():
        SourceDocument.objects.filter(pk=document.pk).update(
            state=SourceDocument.State.QUEUED, progress=0, error="", attempts=0, updated_at=timezone.now()
        )
        document_enqueue(document.pk)


def documents_resume_stale(*, older_than: timedelta = SourceDocument.STALE_AFTER) -> list[int]:
    """Queue again the documents whose processing stopped with no word (a worker killed mid-task).

    A worker reports progress at least every second while it reads a file, so a document extracting or
    segmenting that has been silent for ``older_than`` is not being worked on. Each is claimed with a
    conditional update, so two workers starting together queue it once, and one that has just finished is left
    alone. Its attempts are not reset: after QANUN_MAX_ATTEMPTS cut-off runs it is failed, not retried forever.
    """
    cutoff = timezone.now() - older_than
    working = (SourceDocument.State.EXTRACTING, SourceDocument.State.SEGMENTING)
    candidates = SourceDocument.objects.filter(state__in=working, updated_at__lt=cutoff).values_list("pk", flat=True)
    resumed = []
    for pk in list(candidates):
        with transaction.atomic():
            claimed = SourceDocument.objects.filter(pk=pk, state__in=working, updated_at__lt=cutoff).update(
                state=SourceDocument.State.QUEUED, progress=0, updated_at=timezone.now()
            )
            if claimed:
                document_enqueue(pk)
                resumed.append(pk)
    return resumed
