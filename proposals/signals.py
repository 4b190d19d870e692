"""Signals that keep the search index in step with proposals (and nothing else): a proposal published,
unpublished, deleted or moving through its workflow queues «proposal:<pk>»; an annotation whose approval or
publicity changes queues the live proposals that cite it (their standards and tags come from it)."""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.contenttypes.models import ContentType
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from wagtail.models import Page, PageViewRestriction, WorkflowState
from wagtail.signals import page_published, page_unpublished, post_page_move, unpublished

from proposals.models import ProposalPage
from proposals.services import evidence_annotation_ids
from reviews.models import Annotation
from search.outbox import enqueue

__all__ = ["enqueue_proposals"]


def enqueue_proposals(pks: Iterable[int]) -> None:
    enqueue([f"proposal:{pk}" for pk in pks])


@receiver(page_published, sender=ProposalPage)
@receiver(page_unpublished, sender=ProposalPage)
def proposal_published_or_unpublished(sender: type, instance: ProposalPage, **_: object) -> None:
    enqueue_proposals([instance.pk])


@receiver(post_save, sender=PageViewRestriction)
@receiver(post_delete, sender=PageViewRestriction)
def restriction_changed(sender: type, instance: PageViewRestriction, **_: object) -> None:
    """A password or login put on a proposal or on a page above it: the proposals under it leave public search
    (and come back when it is lifted)."""
    page = Page.objects.filter(pk=instance.page_id).first()
    if page is not None:
        enqueue_proposals(ProposalPage.objects.descendant_of(page, inclusive=True).values_list("pk", flat=True))


@receiver(post_page_move)
def proposal_moved(sender: type, instance: Page, **_: object) -> None:
    """A moved page has a new address: the proposals under it are indexed again with it."""
    enqueue_proposals(ProposalPage.objects.descendant_of(instance, inclusive=True).values_list("pk", flat=True))


@receiver(post_delete, sender=ProposalPage)
def proposal_deleted(sender: type, instance: ProposalPage, **_: object) -> None:
    enqueue_proposals([instance.pk])


@receiver(post_save, sender=WorkflowState)
def proposal_workflow_moved(sender: type, instance: WorkflowState, raw: bool = False, **_: object) -> None:
    if raw:
        return

    if instance.content_type_id == ContentType.objects.get_for_model(ProposalPage).pk:
        enqueue_proposals([_int(instance.object_id)])


def _int(value: object) -> int:
    try:
        return int(str(value))
    except ValueError:
        return 0


def _citing(annotation_id: int) -> list[int]:

    return [
        page.pk
        for page in ProposalPage.objects.live().only("pk", "body")
        if annotation_id in evidence_annotation_ids(page)
    ]


def _annotation_changed(annotation_id: int) -> None:
    pks = _citing(annotation_id)
    if pks:
        enqueue_proposals(pks)


def connect_annotation_signals() -> None:

    def saved(sender: type, instance: Annotation, raw: bool = False, **_: object) -> None:
        if not raw and instance.live:  # approved: its publicity may have changed
            _annotation_changed(instance.pk)

    def gone(sender: type, instance: Annotation, **_: object) -> None:
        _annotation_changed(instance.pk)

    post_save.connect(saved, sender=Annotation, weak=False, dispatch_uid="proposals_annotation_saved")
    post_delete.connect(gone, sender=Annotation, weak=False, dispatch_uid="proposals_annotation_deleted")
    unpublished.connect(gone, sender=Annotation, weak=False, dispatch_uid="proposals_annotation_unpublished")
