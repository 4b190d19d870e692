"""Annotations follow their law's text: when a document's provisions are stored anew, each is placed again."""

from __future__ import annotations

import logging

from django.dispatch import receiver

from legislation.models import SourceDocument
from legislation.signals import provisions_replaced
from reviews.annotations import annotations_place_again

logger = logging.getLogger(__name__)


@receiver(provisions_replaced)
def place_annotations_again(sender: type, document: SourceDocument, **_: object) -> None:
    counts = annotations_place_again(document)
    if counts["moved"] or counts["orphan"]:
        logger.info("law %s: annotations placed again: %s", document.law_id, counts)
