"""Writes on annotations: create, submit for review, approve or request changes, make public, place again.

Views, the API and commands call these; the rules live here, not in the pages:
- an annotation is created as a draft, with a revision recording who wrote it;
- it is submitted through Wagtail's workflow and reviewed by someone else (``IndependentReviewTask``);
- only an approved (published) annotation can be public, and only a reviewer makes it so;
- when a law's provisions are stored anew, every annotation on them is placed again by its quote, or flagged as
  an orphan for a reviewer; none is ever deleted.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from legislation.models import Provision, SourceDocument
from reviews.anchoring import Selector, place, selector_for
from reviews.models import Annotation, AnnotationTarget, RightsTag, StandardProvision

__all__ = [
    "AnnotationInput",
    "annotation_create",
    "annotation_review",
    "annotation_set_public",
    "annotation_submit",
    "annotations_place_again",
    "provision_texts",
]

ANNOTATE_PERMISSION = "reviews.add_annotation"
PUBLIC_PERMISSION = "reviews.make_public_annotation"


@dataclass
class AnnotationInput:
    """What a researcher fills in. ``start``/``end``: the passage's offsets in the provision's full text (None:
    the whole provision)."""

    provision: Provision
    assessment: str
    standards: Iterable[StandardProvision] = ()
    tags: Iterable[RightsTag] = ()
    severity: str = ""
    commentary: str = ""
    recommendation: str = ""
    start: int | None = None
    end: int | None = None


def annotation_create(data: AnnotationInput, *, user: Any) -> Annotation:
    """A draft annotation on a provision (or a passage of it, widened to whole words), with its first revision."""
    if not user.has_perm(ANNOTATE_PERMISSION):
        raise PermissionDenied(_("You may not write annotations."))
    provision = data.provision
    text = provision.full_text
    if data.start is not None or data.end is not None:
        start, end = data.start or 0, data.end if data.end is not None else len(text)
        if not 0 <= start < end <= len(text):
            raise ValidationError(_("The selected passage is not inside the provision's text."))
        selector = selector_for(text, start, end)
        if not selector.exact:
            raise ValidationError(_("The selected passage holds no words."))
    else:
        selector = Selector(exact="")
    with transaction.atomic():
        annotation = Annotation(
            law_id=provision.law_id,
            assessment=data.assessment,
            severity=data.severity,
            commentary=data.commentary,
            recommendation=data.recommendation,
            author=user,
            live=False,
        )
        annotation.full_clean(exclude=["standards", "tags"])
        annotation.save()
        annotation.standards.set(list(data.standards))
        annotation.tags.set(list(data.tags))
        annotation.save()
        AnnotationTarget.objects.create(
            annotation=annotation,
            provision=provision,
            eid=provision.eid,
            exact=selector.exact,
            prefix=selector.prefix,
            suffix=selector.suffix,
            start=selector.start,
            end=selector.end,
        )
        annotation.save_revision(user=user, log_action=True)
    return annotation


def annotation_submit(annotation: Annotation, *, user: Any) -> None:
    """Send the latest revision for review through the annotation workflow."""
    if not user.has_perm("reviews.change_annotation"):
        raise PermissionDenied(_("You may not submit annotations."))
    if annotation.workflow_in_progress:
        raise ValidationError(_("This annotation is already under review."))
    workflow = annotation.get_workflow()
    if workflow is None:
        raise ValidationError(_("No review workflow is set up for annotations; ask an administrator."))
    if annotation.latest_revision is None:
        annotation.save_revision(user=user)
    workflow.start(annotation, user)


def annotation_review(annotation: Annotation, *, user: Any, approve: bool, comment: str = "") -> None:
    """Approve (publish) the annotation under review, or request changes, as ``user``. Refused to its author and
    to whoever submitted it, and to anyone not in the reviewing groups."""
    task_state = annotation.current_workflow_task_state
    if task_state is None:
        raise ValidationError(_("This annotation is not under review."))
    task = task_state.task.specific
    action = "approve" if approve else "reject"
    if action not in {name for name, _label, _modal in task.get_actions(annotation, user)}:
        raise PermissionDenied(_("You may not review this annotation (your own work is reviewed by another)."))
    task.on_action(task_state, user, action, comment=comment)


def annotation_set_public(annotation: Annotation, *, user: Any, public: bool) -> None:
    """Show an approved annotation to the public, or withdraw it. Only reviewers choose; a draft never is."""
    if not user.has_perm(PUBLIC_PERMISSION):
        raise PermissionDenied(_("Only reviewers choose which annotations are public."))
    annotation.refresh_from_db()
    if public and not annotation.live:
        raise ValidationError(_("Only an approved annotation can be public."))
    annotation.public = public
    annotation.save(update_fields=["public"])  # a save, so the search index follows (search.signals)
    log(instance=annotation, action="reviews.made_public" if public else "reviews.made_private", user=user)


def provision_texts(law_id: int) -> dict[int, tuple[Provision, str]]:
    """Every provision of a law with its full text (its paragraphs and items included), in one query."""
    provisions = list(Provision.objects.filter(law_id=law_id).order_by("document_id", "order"))
    texts: dict[int, tuple[Provision, str]] = {}
    for index, provision in enumerate(provisions):
        parts = [provision.text]
        for following in provisions[index + 1 :]:
            if following.document_id != provision.document_id or following.depth <= provision.depth:
                break
            parts.append(following.text)
        texts[provision.pk] = (provision, "\n".join(parts))
    return texts


# What placing an annotation again may change on its target.
_PLACEMENT_FIELDS = ["provision", "eid", "exact", "prefix", "suffix", "start", "end", "placement", "placed_at"]


@transaction.atomic
def annotations_place_again(document: SourceDocument) -> dict[str, int]:
    """Place every annotation of the document's law again, by its quote: in the provision with the same
    identifier first, then anywhere in the law. Returns how many were placed, moved (approximately) and
    orphaned.

    The placements are worked out in memory and written together, in one transaction, whatever the number of
    annotations: two reads and one ``bulk_update`` (a single statement on PostgreSQL; on SQLite one per 90
    targets, Django's bound on its parameters). A bulk write sends no ``post_save``: the search index learns
    of the new places from the ``provisions_replaced`` that runs this, whose receiver queues every key of the
    law once, its annotations and articles among them."""
    targets = list(AnnotationTarget.objects.filter(annotation__law_id=document.law_id))
    counts = {"placed": 0, "moved": 0, "orphan": 0}
    if not targets:
        return counts
    texts = provision_texts(document.law_id)
    by_eid: dict[str, list[int]] = {}
    for pk, (provision, _text) in texts.items():
        by_eid.setdefault(provision.eid, []).append(pk)
    articles = [pk for pk, (provision, _text) in texts.items() if provision.kind == "article"]
    placed_at = timezone.now()
    for target in targets:
        same = by_eid.get(target.eid, [])
        if not target.exact:  # the whole provision: it follows its identifier
            _place_whole(target, same[0] if same else None)
        else:
            offered = [(pk, texts[pk][1]) for pk in [*same, *(pk for pk in articles if pk not in same)]]
            found = place(Selector(target.exact, target.prefix, target.suffix, target.start, target.end), offered)
            _place_passage(target, found, texts)
        target.placed_at = placed_at  # what ``auto_now`` did on each save; suggestions key their cache on it
        counts[target.placement] += 1
    AnnotationTarget.objects.bulk_update(targets, _PLACEMENT_FIELDS)
    return counts


def _place_whole(target: AnnotationTarget, provision_id: int | None) -> None:
    if provision_id is None:
        target.provision = None
        target.placement = AnnotationTarget.Placement.ORPHAN
    else:
        target.provision_id = provision_id
        target.placement = AnnotationTarget.Placement.PLACED


def _place_passage(target: AnnotationTarget, found: Any, texts: dict[int, tuple[Provision, str]]) -> None:
    if found is None:
        # Kept as it was (quote, context, offsets), for a reviewer to place by hand.
        target.provision = None
        target.placement = AnnotationTarget.Placement.ORPHAN
        return
    provision, text = texts[found.key]
    selector = selector_for(text, found.start, found.end)
    target.provision = provision
    target.eid = provision.eid
    if found.method == "fuzzy":
        # The passage changed: the annotation now points at the new wording, and a reviewer checks it.
        target.exact, target.prefix, target.suffix = selector.exact, selector.prefix, selector.suffix
        target.placement = AnnotationTarget.Placement.MOVED
    else:
        target.placement = AnnotationTarget.Placement.PLACED
    target.start, target.end = selector.start, selector.end
