"""Reads for the staff pages and the API."""

from __future__ import annotations

from typing import Any

from django.db.models import Case, Count, Exists, OuterRef, Q, QuerySet, When

from legislation.models import DocumentPage, Law, Provision, ProvisionCorrection, SourceDocument


def law_documents(law: Law) -> QuerySet[SourceDocument]:
    return law.documents.annotate(
        provision_count=Count("provisions"),
        article_count=Count("provisions", filter=Q(provisions__kind=Provision.Kind.ARTICLE)),
        # Text kept from an earlier run stays readable while a re-run fails or is under way.
        has_text=Exists(DocumentPage.objects.filter(document=OuterRef("pk"))),
    ).order_by("created_at", "pk")


def law_provisions(law: Law) -> QuerySet[Provision]:
    """The law's provisions in reading order, document by document."""
    return law.provisions.select_related("document").order_by("document__created_at", "document_id", "order")


def document_status(document: SourceDocument) -> dict[str, Any]:
    counts = document.provisions.aggregate(
        provisions=Count("pk"), articles=Count("pk", filter=Q(kind=Provision.Kind.ARTICLE))
    )
    return {
        "id": document.pk,
        "name": document.original_name,
        "state": document.state,
        "state_label": str(document.get_state_display()),
        "progress": document.progress,
        "pages": document.page_count,
        "provisions": counts["provisions"],
        "articles": counts["articles"],
        "error": document.error,
        "warnings": document.warnings,
        "in_progress": document.in_progress,
    }


def law_corrections(law: Law) -> QuerySet[ProvisionCorrection]:
    """The corrections made by hand to the law's provisions, those in conflict first, then in the order made."""
    conflicts_first = Case(When(status=ProvisionCorrection.Status.CONFLICT, then=0), default=1)
    return law.corrections.select_related("document", "created_by").order_by(
        conflicts_first, "document__created_at", "document_id", "created_at", "pk"
    )
