"""``/documents/<id>/<name>``: every document download, answered here ahead of Wagtail's own serve view (same
address, so ``Document.url`` is unchanged), so the file is streamed rather than held in memory."""

from __future__ import annotations

from django.http import FileResponse, Http404, HttpRequest
from django.shortcuts import get_object_or_404
from wagtail.documents import get_document_model

from reviews.evidence import document_download_allowed, evidence_file_stream


def document_serve(request: HttpRequest, document_id: int, document_filename: str) -> FileResponse:
    """The file to staff, or to anyone when it is evidence of a public annotation of a published law; 404
    otherwise, the same answer as for a document that does not exist (ids are guessable)."""
    document = get_object_or_404(get_document_model(), id=document_id)
    if document.filename != document_filename or not document_download_allowed(request, document):
        raise Http404("No document here.")
    return evidence_file_stream(request, document)
