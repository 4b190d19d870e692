"""Who may fetch a file attached as evidence, in one place, and the private collection evidence files live in.

Every Wagtail document is private by default. Staff with ``reviews.view_annotation`` may fetch any; anyone else
only a file that is evidence of at least one annotation that is approved (live), made public and about a
published law. Proposals cannot link a document (no ``document-link`` in their rich text, no document block),
so no other page makes a file public. The rule reads the live ``Evidence`` rows: a draft revision's new file is
not public until that revision is approved, and a file is private again as soon as its last public annotation is
withdrawn or its law unpublished.

Files attached as evidence are moved into the "Evidence" collection, which carries a Wagtail view restriction to
the staff groups, so Wagtail's admin shows them as private and its own check refuses them to the public. Every
download is decided here (``document_download_allowed``): by ``reviews.evidence_views.document_serve``, which
answers ``/documents/<id>/<name>`` ahead of Wagtail's own view and streams the file, and by the
``before_serve_document`` hook (``reviews.wagtail_hooks``), which guards Wagtail's view should anything reach it.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.contrib.auth.models import Group
from django.db import transaction
from django.db.models import QuerySet
from django.http import FileResponse, HttpRequest, HttpResponse
from django.utils.cache import patch_cache_control
from django.utils.http import content_disposition_header
from wagtail.documents import get_document_model
from wagtail.documents.models import AbstractDocument, document_served
from wagtail.models import Collection, CollectionViewRestriction

from audit.events import Action, record
from reviews.models import Annotation, Evidence

__all__ = [
    "EVIDENCE_COLLECTION",
    "STAFF_PERMISSION",
    "document_download_allowed",
    "document_is_public",
    "evidence_collect",
    "evidence_collection",
    "evidence_collection_install",
    "evidence_file_response",
    "evidence_file_stream",
    "public_document_ids",
    "user_may_download",
]

EVIDENCE_COLLECTION = "Evidence"
STAFF_PERMISSION = "reviews.view_annotation"


def _public_evidence() -> QuerySet[Evidence]:
    return Evidence.objects.filter(
        document__isnull=False, annotation__live=True, annotation__public=True, annotation__law__published=True
    )


def public_document_ids() -> QuerySet[Evidence, dict[str, Any]]:
    """The ids of the documents the public may fetch (``document_id`` values, for ``pk__in=``)."""
    return _public_evidence().values("document_id")


def document_is_public(document: AbstractDocument) -> bool:
    """True when the document is evidence of at least one live, public annotation of a published law."""
    return _public_evidence().filter(document_id=document.pk).exists()


def user_may_download(user: Any, document: AbstractDocument) -> bool:
    """Staff with ``reviews.view_annotation`` fetch any document; anyone else only a public one."""
    return bool(user is not None and user.has_perm(STAFF_PERMISSION)) or document_is_public(document)


def document_download_allowed(request: HttpRequest, document: AbstractDocument) -> bool:
    """Whether this request may have the file, recorded in the audit trail: every refusal, and every download by
    someone signed in (the public's reading of public evidence is not recorded, like the rest of its reading)."""
    detail = {"filename": document.filename, "collection": document.collection.name}
    if not user_may_download(request.user, document):
        record(Action.DOWNLOAD_REFUSED, request=request, obj=document, detail={**detail, "reason": "not public"})
        return False
    if request.user.is_authenticated:
        detail["public"] = document_is_public(document)
        record(Action.EVIDENCE_DOWNLOAD, request=request, obj=document, detail=detail)
    return True


def _protect(response: HttpResponse | FileResponse) -> None:
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["X-Content-Type-Options"] = "nosniff"
    patch_cache_control(response, private=True, no_store=True)


def evidence_file_stream(request: HttpRequest, document: AbstractDocument) -> FileResponse:
    """The file streamed from storage (a large file never sits whole in memory), always as an attachment, with no
    script allowed to run and kept out of shared caches (a file may turn private again)."""
    document_served.send(sender=type(document), instance=document, request=request)
    response = FileResponse(
        document.file.open("rb"), as_attachment=True, filename=document.filename, content_type=document.content_type
    )
    _protect(response)
    return response


def evidence_file_response(request: HttpRequest, document: AbstractDocument) -> HttpResponse:
    """The file, always as an attachment, with no script allowed to run and kept out of shared caches (a file may
    turn private again). An ``HttpResponse`` holding the bytes, not a streaming one: Wagtail's serve view takes a
    ``before_serve_document`` hook's answer only when it is an ``HttpResponse``, and otherwise goes on to its own
    collection check, which refuses the "Evidence" collection to the public."""
    document_served.send(sender=type(document), instance=document, request=request)
    with document.file.open("rb") as file:
        content = file.read()
    response = HttpResponse(content, content_type=document.content_type)
    response["Content-Disposition"] = content_disposition_header(True, document.filename) or "attachment"
    _protect(response)
    return response


def evidence_collection() -> Collection:
    """The "Evidence" collection (a child of the root), installed by ``evidence_collection_install``."""
    return Collection.get_first_root_node().get_children().get(name=EVIDENCE_COLLECTION)


@transaction.atomic
def evidence_collection_install(groups: Iterable[Group]) -> Collection:
    """Create, or leave as it is, the "Evidence" collection with one view restriction to ``groups`` (the staff
    roles). Run after every migrate, with the roles; also after a flush, which empties even the root collection
    Wagtail's migration made (then made again here, as that migration does)."""
    root = Collection.get_first_root_node() or Collection.add_root(name="Root")
    collection = root.get_children().filter(name=EVIDENCE_COLLECTION).first()
    if collection is None:
        collection = root.add_child(instance=Collection(name=EVIDENCE_COLLECTION))
    restriction = CollectionViewRestriction.objects.filter(collection=collection).first()
    if restriction is None:
        restriction = CollectionViewRestriction.objects.create(
            collection=collection, restriction_type=CollectionViewRestriction.GROUPS
        )
    elif restriction.restriction_type != CollectionViewRestriction.GROUPS:
        restriction.restriction_type = CollectionViewRestriction.GROUPS
        restriction.save(update_fields=["restriction_type"])
    restriction.groups.add(*groups)
    return collection


def evidence_collect(annotation: Annotation) -> int:
    """Move every file attached as evidence to ``annotation`` (its rows as saved, or as in the editor's form,
    unsaved) into the "Evidence" collection. Returns how many moved."""
    ids = {evidence.document_id for evidence in annotation.evidence.all() if evidence.document_id is not None}
    if not ids:
        return 0
    collection = evidence_collection()
    moved = 0
    for document in get_document_model().objects.filter(pk__in=ids).exclude(collection=collection):
        document.collection = collection
        document.save(update_fields=["collection"])
        moved += 1
    return moved
