"""Reads for the staff pages and the API."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from legislation.models import DocumentPage, Law, Provision, SourceDocument


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
