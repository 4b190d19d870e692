"""Reads for the reviewers' queue: the submitted annotations a person may review (never their own), and the
approved ones a reviewer may make public or withdraw."""

from __future__ import annotations

from typing import Any

from django.contrib.contenttypes.models import ContentType
from wagtail.models import TaskState

from reviews.annotations import PUBLIC_PERMISSION
from reviews.models import Annotation
from reviews.workspace import annotations_with_status

__all__ = ["REVIEW_PERMISSION", "approved_annotations", "review_queue"]

# Approving publishes: the reviewing groups hold Wagtail's publish permission (``reviews.roles``).
REVIEW_PERMISSION = "reviews.publish_annotation"
APPROVED_SHOWN = 50


def _annotations() -> Any:
    return Annotation.objects.select_related("law", "author", "target__provision").prefetch_related(
        "standards__instrument", "tags"
    )


def review_queue(user: Any) -> list[Annotation]:
    """Submitted annotations whose current review task ``user`` may act on, oldest submission first. The review
    task already leaves out what the user submitted; what they wrote is left out too."""
    if not user.has_perm(REVIEW_PERMISSION):
        return []
    content_type = ContentType.objects.get_for_model(Annotation)
    states = (
        TaskState.objects.reviewable_by(user)
        .filter(status=TaskState.STATUS_IN_PROGRESS, workflow_state__base_content_type=content_type)
        .values_list("workflow_state__object_id", "started_at")
    )
    submitted = {int(object_id): started for object_id, started in states}
    annotations = annotations_with_status(_annotations().filter(pk__in=submitted).exclude(author=user))
    return sorted(annotations, key=lambda a: (submitted[a.pk], a.pk))


def approved_annotations(user: Any, limit: int = APPROVED_SHOWN) -> list[Annotation]:
    """The most recently approved annotations, for a reviewer to make public or withdraw."""
    if not user.has_perm(PUBLIC_PERMISSION):
        return []
    live = _annotations().filter(live=True).order_by("-last_published_at", "-pk")[:limit]
    return [a for a in annotations_with_status(live) if a.status == Annotation.Status.APPROVED]
