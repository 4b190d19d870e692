"""Writes on laws and their documents: upload, processing, re-processing. Views, commands and tasks call these."""

from __future__ import annotations

import hashlib
import logging
import tempfile
import time
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import IO, Any

from django.conf import settings
from django.core.files import File
from django.db import transaction
from django.utils import timezone

from legislation.cleaning import clean_text, megabytes, text_language
from legislation.extraction import ExtractionError, detect_file_type, open_document
from legislation.models import DocumentPage, Law, Provision, SourceDocument
from legislation.segmentation import segment

logger = logging.getLogger(__name__)

CHUNK = 1024 * 1024
PROGRESS_EVERY_SECONDS = 0.5
# Share of the progress bar given to extraction; segmentation and storing take the rest.
EXTRACTION_SHARE = 90


class UploadError(Exception):
    """An upload refused before anything was stored, with a message for the person uploading."""


@dataclass(frozen=True)
class UploadResult:
    document: SourceDocument
    created: bool


def law_fields_for_title(title: str, language: str | None = None) -> dict[str, str]:
    """Title and language fields for a law known only by a title (a file name, a command-line option)."""
    language = language or text_language(title)
    key = "title_ar" if text_language(title) == "ar" else "title_en"
    return {key: title[:500], "language": language}


def law_create(**fields: Any) -> Law:
    law = Law(**fields)
    law.full_clean()
    law.save()
    return law


def document_upload(*, law: Law, stream: IO[bytes], name: str, user: Any = None, enqueue: bool = True) -> UploadResult:
    """Store an uploaded file for ``law`` and queue it for processing.

    The file is copied to a temporary file while it is hashed and measured, and checked for size and type
    before anything is written to storage or the database. The same bytes uploaded again are recognised by
    their hash: the existing document is returned and nothing new is stored.
    """
    limit = settings.QANUN_UPLOAD_MAX_BYTES
    digest = hashlib.sha256()
    size = 0
    with tempfile.NamedTemporaryFile(prefix="qanun-upload-", dir=settings.VAR_DIR) as tmp:
        while chunk := stream.read(CHUNK):
            size += len(chunk)
            if size > limit:
                raise UploadError(
                    f"{name}: the file is larger than the limit of {megabytes(limit)}. Split it, or ask an "
                    "administrator to raise QANUN_UPLOAD_MAX_BYTES."
                )
            digest.update(chunk)
            tmp.write(chunk)
        tmp.flush()
        if size == 0:
            raise UploadError(f"{name}: the file is empty (0 bytes).")
        existing = SourceDocument.objects.filter(sha256=digest.hexdigest()).select_related("law").first()
        if existing:
            return UploadResult(existing, created=False)
        try:
            file_type = detect_file_type(Path(tmp.name), name)
        except ExtractionError as exc:
            raise UploadError(f"{name}: {exc.message}") from exc
        tmp.seek(0)
        with transaction.atomic():
            document = SourceDocument(
                law=law,
                original_name=Path(name).name[:255],
                sha256=digest.hexdigest(),
                size=size,
                file_type=file_type,
                uploaded_by=user if getattr(user, "is_authenticated", False) else None,
            )
            document.file.save(_storage_name(name, file_type), File(tmp), save=False)
            document.save()
            if enqueue:
                document_enqueue(document)
    return UploadResult(document, created=True)


@dataclass(frozen=True)
class FileOutcome:
    """What became of one file of a batch: stored (created), already there, or refused with an error."""

    name: str
    document: SourceDocument | None = None
    created: bool = False
    error: str = ""


def law_upload_files(
    *,
    law: Law | None,
    new_law: dict[str, Any] | None,
    files: Iterable[tuple[str, IO[bytes]]],
    user: Any = None,
) -> tuple[Law | None, list[FileOutcome]]:
    """Upload several files to ``law``, or to a new law made from ``new_law`` when at least one file is
    accepted. A refused file does not stop the others; a new law with no accepted file is not created."""
    outcomes: list[FileOutcome] = []
    with transaction.atomic():
        target = law or law_create(**(new_law or {}))
        for name, stream in files:
            try:
                result = document_upload(law=target, stream=stream, name=name, user=user)
            except UploadError as exc:
                outcomes.append(FileOutcome(name=name, error=str(exc)))
            else:
                outcomes.append(FileOutcome(name=name, document=result.document, created=result.created))
        if law is None and not any(o.created for o in outcomes):
            transaction.set_rollback(True)
            target = None
    return target, outcomes


def document_upload_path(*, law: Law, path: Path, user: Any = None, enqueue: bool = True) -> UploadResult:
    with open(path, "rb") as fh:
        return document_upload(law=law, stream=fh, name=path.name, user=user, enqueue=enqueue)


def document_enqueue(document: SourceDocument) -> None:
    """Queue processing once the current transaction commits, so the worker sees the row."""
    from legislation.tasks import document_process_task

    document_process_task.delay_on_commit(document.pk)


def document_reprocess(document: SourceDocument) -> None:
    """Queue a document again. Its current text and provisions stay until the new run succeeds."""
    with transaction.atomic():
        SourceDocument.objects.filter(pk=document.pk).update(
            state=SourceDocument.State.QUEUED, progress=0, error="", updated_at=timezone.now()
        )
        document_enqueue(document)


def document_process(document_id: int) -> SourceDocument | None:
    """Extract, clean and segment one document, then replace its pages and provisions in one transaction.

    Idempotent: running it again gives the same result. A file that cannot be read ends in state ``failed``
    with a message for people; what an earlier successful run stored is kept.
    """
    document = SourceDocument.objects.filter(pk=document_id).select_related("law").first()
    if document is None:
        return None
    started = time.monotonic()
    _set_state(document, SourceDocument.State.EXTRACTING, progress=0, error="", started_at=timezone.now(),
               finished_at=None, attempts=document.attempts + 1)  # fmt: skip
    try:
        pages, warnings = _extract_pages(document)
    except ExtractionError as exc:
        _set_state(document, SourceDocument.State.FAILED, error=exc.message, finished_at=timezone.now(),
                   extract_seconds=time.monotonic() - started)  # fmt: skip
        return document
    extracted = time.monotonic()
    _set_state(document, SourceDocument.State.SEGMENTING, progress=EXTRACTION_SHARE,
               extract_seconds=extracted - started, page_count=len(pages))  # fmt: skip
    provisions = segment("\n\n".join(page for page in pages if page))
    with transaction.atomic():
        document.pages.all().delete()
        document.provisions.all().delete()
        DocumentPage.objects.bulk_create(
            DocumentPage(document=document, number=number, text=text) for number, text in enumerate(pages, 1)
        )
        _store_provisions(document, provisions)
        _set_state(document, SourceDocument.State.DONE, progress=100, warnings=warnings,
                   finished_at=timezone.now(), segment_seconds=time.monotonic() - extracted)  # fmt: skip
    return document


def document_fail(document_id: int, message: str) -> None:
    """Mark a document failed after an unexpected error, keeping what an earlier run stored."""
    SourceDocument.objects.filter(pk=document_id).update(
        state=SourceDocument.State.FAILED,
        error=message,
        finished_at=timezone.now(),
        updated_at=timezone.now(),
    )


def documents_resume_stale(*, older_than: timedelta = SourceDocument.STALE_AFTER) -> list[int]:
    """Queue again the documents whose processing stopped with no word (a worker killed mid-task).

    A document in progress reports at least every second, so one silent for ``older_than`` is not being
    worked on. Processing is idempotent, so queuing one twice costs time, never correctness.
    """
    cutoff = timezone.now() - older_than
    stale = list(
        SourceDocument.objects.filter(state__in=SourceDocument.IN_PROGRESS, updated_at__lt=cutoff).values_list(
            "pk", flat=True
        )
    )
    for document in SourceDocument.objects.filter(pk__in=stale):
        document_reprocess(document)
    return stale


def _extract_pages(document: SourceDocument) -> tuple[list[str], list[str]]:
    path = Path(document.file.path)
    if not path.exists():
        raise ExtractionError("The stored file is missing from the server's storage; upload it again.")
    pages: list[str] = []
    last_report = time.monotonic()
    with open_document(path, document.file_type) as opened:
        total = opened.page_count
        _set_state(document, document.state, page_count=total)
        for text in opened.pages():
            pages.append(clean_text(text))
            now = time.monotonic()
            if now - last_report >= PROGRESS_EVERY_SECONDS:
                last_report = now
                _set_state(document, document.state, progress=int(EXTRACTION_SHARE * len(pages) / total))
        warnings = list(opened.warnings)
    scanned = " (scanned images need OCR)" if document.file_type == SourceDocument.FileType.PDF else ""
    if not any(pages):
        warnings.append(f"No text was found in the file{scanned}.")
    elif scanned:
        empty = sum(1 for page in pages if not page)
        if empty:
            warnings.append(f"{empty} of {len(pages)} pages have no text layer{scanned}.")
    return pages, warnings


def _store_provisions(document: SourceDocument, provisions: Iterable) -> None:
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


def _set_state(document: SourceDocument, state: str, **fields: Any) -> None:
    fields["state"] = state
    fields["updated_at"] = timezone.now()
    SourceDocument.objects.filter(pk=document.pk).update(**fields)
    for name, value in fields.items():
        setattr(document, name, value)


def _storage_name(name: str, file_type: str) -> str:
    extension = {"pdf": ".pdf", "docx": ".docx", "text": ".txt", "markdown": ".md", "html": ".html"}[file_type]
    stem = Path(name).stem[:80] or "document"
    return f"{stem}{extension}"
