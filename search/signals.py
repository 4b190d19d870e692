"""Signals that keep the search index in step (and nothing else): a change queues the keys it made stale.

- a law saved or deleted: the law and everything indexed about it (its articles, annotations, proposals);
- a law's provisions stored anew (processing, a correction): the same, plus the articles the index still holds
  for it whose provision is gone (they are deleted);
- an annotation saved, deleted, placed again, published or unpublished, or its review moving on (Wagtail's
  workflow state): the annotation and the article it is about (whose facets it feeds);
- a worker that starts: whatever waits in the outbox.
"""

from __future__ import annotations

import logging

from celery.signals import worker_ready
from django.db.models.signals import post_delete, post_save, pre_delete
from django.dispatch import receiver
from wagtail.models import WorkflowState
from wagtail.signals import published, unpublished

from legislation.models import Law, SourceDocument
from legislation.signals import provisions_replaced
from reviews.models import Annotation, AnnotationTarget
from search.backends.base import EngineUnavailable
from search.documents import law_keys
from search.engine import backend
from search.outbox import enqueue
from search.tasks import search_index_pending_task

logger = logging.getLogger(__name__)


def _annotation_keys(annotation_id: int) -> list[str]:
    keys = [f"annotation:{annotation_id}"]
    provision_ids = AnnotationTarget.objects.filter(annotation_id=annotation_id).values_list("provision_id", flat=True)
    keys.extend(f"provision:{pk}" for pk in provision_ids if pk)
    return keys


@receiver(post_save, sender=Law)
def law_saved(sender: type, instance: Law, raw: bool = False, **_: object) -> None:
    if not raw:
        enqueue(law_keys(instance.pk))


@receiver(pre_delete, sender=Law)
def law_deleted(sender: type, instance: Law, **_: object) -> None:
    # Before the cascade: afterwards its articles can no longer be listed.
    enqueue(law_keys(instance.pk))


@receiver(provisions_replaced)
def provisions_stored(sender: type, document: SourceDocument, **_: object) -> None:
    keys = law_keys(document.law_id)
    engine = backend()
    indexed = getattr(engine, "indexed_keys", None)
    if indexed is not None:
        try:
            keys.extend(indexed(law_id=document.law_id, kind="provision"))
        except EngineUnavailable as exc:
            logger.warning("search index: old articles of law %s not listed (%s)", document.law_id, exc)
    enqueue(keys)


@receiver(post_save, sender=Annotation)
def annotation_saved(sender: type, instance: Annotation, raw: bool = False, **_: object) -> None:
    if not raw:
        enqueue(_annotation_keys(instance.pk))


@receiver(pre_delete, sender=Annotation)
def annotation_deleted(sender: type, instance: Annotation, **_: object) -> None:
    enqueue(_annotation_keys(instance.pk))


@receiver(post_save, sender=AnnotationTarget)
def annotation_target_saved(sender: type, instance: AnnotationTarget, raw: bool = False, **_: object) -> None:
    if not raw:
        enqueue(_annotation_keys(instance.annotation_id))


@receiver(post_delete, sender=AnnotationTarget)
def annotation_target_deleted(sender: type, instance: AnnotationTarget, **_: object) -> None:
    keys = [f"annotation:{instance.annotation_id}"]
    if instance.provision_id:
        keys.append(f"provision:{instance.provision_id}")
    enqueue(keys)


@receiver(post_save, sender=WorkflowState)
def workflow_state_saved(sender: type, instance: WorkflowState, raw: bool = False, **_: object) -> None:
    if raw or instance.base_content_type_id is None:
        return
    if instance.base_content_type.model_class() is Annotation and str(instance.object_id).isdigit():
        enqueue(_annotation_keys(int(instance.object_id)))


@receiver(published)
@receiver(unpublished)
def annotation_published(sender: type, instance: object, **_: object) -> None:
    if isinstance(instance, Annotation):
        enqueue(_annotation_keys(instance.pk))


@worker_ready.connect
def index_pending_on_start(**_: object) -> None:
    search_index_pending_task.delay()
