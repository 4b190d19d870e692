"""A document's provisions stored anew from segmentation's output, parents before children. Processing
(``pipeline``) and corrections by hand (``corrections``) both store through here, and the
``provisions_replaced`` signal tells whatever points into the old provisions to follow."""

from __future__ import annotations

from collections.abc import Iterable

from legislation.models import Provision, SourceDocument
from legislation.segmentation import SegmentedProvision
from legislation.signals import provisions_replaced

__all__ = ["provisions_replace"]


def provisions_replace(document: SourceDocument, provisions: Iterable[SegmentedProvision]) -> None:
    """Delete the document's provisions and store ``provisions`` (in reading order, each pointing at its parent by
    index) in their place. Call it inside the transaction that should hold the change."""
    document.provisions.all().delete()
    created: list[Provision] = []
    for order, item in enumerate(provisions):
        provision = Provision(
            law_id=document.law_id,
            document=document,
            parent=created[item.parent] if item.parent is not None else None,
            kind=item.kind,
            number=item.number[:100],
            number_value=item.number_value[:50],
            heading=item.heading,
            text=item.text,
            order=order,
            depth=item.depth,
            eid=item.eid[:200],
        )
        created.append(provision)
    # Parents come before their children in reading order; create level by level so parents have ids.
    for depth in sorted({p.depth for p in created}):
        Provision.objects.bulk_create([p for p in created if p.depth == depth], batch_size=500)
    # Whatever points into the old provisions (annotations) is placed again, in the same transaction.
    provisions_replaced.send(sender=SourceDocument, document=document)
