"""Writes on laws and their documents: upload, processing, re-processing. Views, commands and tasks call these."""

from __future__ import annotations

import hashlib
import logging
import tempfile
import time
from collections.abc import Iterable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from datetime import timedelta
from functools import partial
from pathlib import Path
from typing import IO, Any

from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.core.files import File
from django.db import IntegrityError, transaction
from django.utils import timezone
from kombu.exceptions import OperationalError as KombuOperationalError

from legislation.cleaning import clean_text, megabytes
from legislation.corrections import corrections_replay
from legislation.extraction import ExtractionError, detect_file_type, open_document
from legislation.extraction.ocr import OcrUnavailable, ocr_missing, ocr_pdf_page
from legislation.models import DocumentPage, Law, Provision, SourceDocument
from legislation.pages import finish_pages
from legislation.quality import GOOD_QUALITY, page_quality
from legislation.segmentation import segment
from legislation.signals import provisions_replaced
from text.normalise import text_language

logger = logging.getLogger(__name__)

CHUNK = 1024 * 1024
PROGRESS_EVERY_SECONDS = 0.5
# Share of the progress bar given to extraction; segmentation and storing take the rest. A PDF's text layer
# takes the first TEXT_SHARE, then OCR of the pages that need it.
EXTRACTION_SHARE = 90
TEXT_SHARE = 60


TIME_LIMIT_MESSAGE = (
    "Processing took longer than the time limit and was stopped. The file may be unusually large or damaged; "
    "try splitting it."
)


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


def law_language_from_text(document: SourceDocument) -> None:
    """Set the law's language to that of the document's text (for laws made from a file name alone)."""
    language = text_language(document.text[:20000])
    Law.objects.filter(pk=document.law_id).update(language=language, updated_at=timezone.now())


def law_create(**fields: Any) -> Law:
    law = Law(**fields)
    law.full_clean()
    law.save()
    return law


@dataclass(frozen=True)
class StagedUpload:
    """An upload copied to a temporary file, measured, hashed and typed, not yet stored."""

    name: str
    path: Path
    sha256: str
    size: int
    file_type: str


@contextmanager
def upload_staged(stream: IO[bytes], name: str) -> Iterator[StagedUpload]:
    """Copy an upload to a temporary file while hashing and measuring it, and check size and type, before
    anything is written to storage or the database. Raises UploadError; the temporary file goes on exit."""
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
        try:
            file_type = detect_file_type(Path(tmp.name), name)
        except ExtractionError as exc:
            raise UploadError(f"{name}: {exc.message}") from exc
        yield StagedUpload(Path(name).name[:255], Path(tmp.name), digest.hexdigest(), size, file_type)


def document_upload(*, law: Law, stream: IO[bytes], name: str, user: Any = None, enqueue: bool = True) -> UploadResult:
    """Store an uploaded file for ``law`` and queue it for processing.

    The same bytes uploaded again are recognised by their hash: the existing document is returned and nothing
    new is stored (if its stored file has gone missing, the upload puts it back and queues it again).
    """
    with upload_staged(stream, name) as staged:
        return document_store(law=law, staged=staged, user=user, enqueue=enqueue)


def document_store(*, law: Law, staged: StagedUpload, user: Any = None, enqueue: bool = True) -> UploadResult:
    existing = SourceDocument.objects.filter(sha256=staged.sha256).select_related("law").first()
    if existing:
        return _existing_upload(existing, staged, enqueue)
    document = SourceDocument(
        law=law,
        original_name=staged.name,
        sha256=staged.sha256,
        size=staged.size,
        file_type=staged.file_type,
        uploaded_by=user if getattr(user, "is_authenticated", False) else None,
    )
    # The file is written before the row, outside any transaction: copying does not hold the database lock.
    with open(staged.path, "rb") as fh:
        document.file.save(_storage_name(staged.name, staged.file_type), File(fh), save=False)
    try:
        with transaction.atomic():
            document.save()
            if enqueue:
                document_enqueue(document)
    except IntegrityError:
        # The same bytes were stored by someone else between our look-up and our insert.
        document.file.delete(save=False)
        existing = SourceDocument.objects.filter(sha256=staged.sha256).select_related("law").first()
        if existing is None:
            raise
        return _existing_upload(existing, staged, enqueue)
    return UploadResult(document, created=True)


def _existing_upload(existing: SourceDocument, staged: StagedUpload, enqueue: bool) -> UploadResult:
    if not existing.file.storage.exists(existing.file.name):
        with open(staged.path, "rb") as fh:
            existing.file.save(_storage_name(staged.name, staged.file_type), File(fh), save=True)
        logger.warning("document %s: stored file was missing and was restored from a new upload", existing.pk)
        if enqueue:
            document_reprocess(existing)
    return UploadResult(existing, created=False)


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
    """Upload several files to ``law``, or to a new law made from ``new_law`` if at least one file is new.
    A refused file does not stop the others. Every file is checked before the law is created."""
    outcomes: list[FileOutcome] = []
    with ExitStack() as stack:
        staged: list[StagedUpload] = []
        for name, stream in files:
            try:
                staged.append(stack.enter_context(upload_staged(stream, name)))
            except UploadError as exc:
                outcomes.append(FileOutcome(name=name, error=str(exc)))
        known = set(
            SourceDocument.objects.filter(sha256__in=[f.sha256 for f in staged]).values_list("sha256", flat=True)
        )
        target = law
        if target is None and any(f.sha256 not in known for f in staged):
            target = law_create(**(new_law or {}))
        for item in staged:
            if target is None:
                existing = SourceDocument.objects.select_related("law").get(sha256=item.sha256)
                outcomes.append(FileOutcome(name=item.name, document=existing))
                continue
            result = document_store(law=target, staged=item, user=user)
            outcomes.append(FileOutcome(name=item.name, document=result.document, created=result.created))
    return target, outcomes


def document_upload_path(*, law: Law, path: Path, user: Any = None, enqueue: bool = True) -> UploadResult:
    with open(path, "rb") as fh:
        return document_upload(law=law, stream=fh, name=path.name, user=user, enqueue=enqueue)


def document_enqueue(document: SourceDocument) -> None:
    """Queue processing once the current transaction commits, so the worker sees the row."""
    transaction.on_commit(partial(_send_process_task, document.pk))


def _send_process_task(document_id: int) -> None:
    from legislation.tasks import document_process_task

    try:
        document_process_task.delay(document_id)
    except (KombuOperationalError, ConnectionError, OSError) as exc:
        logger.error("document %s: could not reach the task queue: %r", document_id, exc)
        document_fail(
            document_id,
            "The file is stored, but the task queue could not be reached, so processing did not start. "
            "Press Re-process once the worker's queue is back.",
        )


def document_reprocess(document: SourceDocument) -> None:
    """Queue a document again at a person's request. Its current text and provisions stay until the new run
    succeeds; the count of cut-off attempts starts again."""
    with transaction.atomic():
        SourceDocument.objects.filter(pk=document.pk).update(
            state=SourceDocument.State.QUEUED, progress=0, error="", attempts=0, updated_at=timezone.now()
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
    if document.attempts >= settings.QANUN_MAX_ATTEMPTS:
        # Each attempt that ended in a crash (out of memory, killed) left it unfinished: stop trying.
        _set_state(document, SourceDocument.State.FAILED, finished_at=timezone.now(), error=(
            f"Processing this file was cut off {document.attempts} times (the worker crashed or ran out of memory) "
            "and was stopped. Check the file (split a very large one), then press Re-process."
        ))  # fmt: skip
        return document
    started = time.monotonic()
    _set_state(document, SourceDocument.State.EXTRACTING, progress=0, error="", started_at=timezone.now(),
               finished_at=None, attempts=document.attempts + 1)  # fmt: skip
    try:
        extraction = _extract_pages(document)
    except ExtractionError as exc:
        _set_state(document, SourceDocument.State.FAILED, error=exc.message, finished_at=timezone.now(),
                   extract_seconds=time.monotonic() - started)  # fmt: skip
        return document
    extracted = time.monotonic()
    _set_state(document, SourceDocument.State.SEGMENTING, progress=EXTRACTION_SHARE,
               extract_seconds=extracted - started)  # fmt: skip
    pages = extraction.pages
    provisions = segment("\n\n".join(page.text for page in pages if page.text))
    review_reason, warnings = extraction.review_reason, list(extraction.warnings)
    inferred = [p.number_value for p in provisions if p.inferred]
    if inferred:
        # Numbered by their place between readable ones: right as long as no heading was missed; a person checks.
        note = (
            f"The printed numbers of {len(inferred)} article heading(s) could not be read; they were numbered by "
            f"their place in the sequence: {_page_list(inferred)}. Check them against the file."
        )
        warnings.append(note)
        review_reason = f"{review_reason} {note}".strip()
    with transaction.atomic():
        document.pages.all().delete()
        document.provisions.all().delete()
        DocumentPage.objects.bulk_create(
            DocumentPage(document=document, number=number, text=page.text, quality=page.quality, source=page.source)
            for number, page in enumerate(pages, 1)
        )
        provisions_store(document, corrections_replay(document, provisions))
        _set_state(document, SourceDocument.State.DONE, progress=100, warnings=warnings,
                   page_count=len(pages), finished_at=timezone.now(), segment_seconds=time.monotonic() - extracted,
                   quality=extraction.quality, needs_review=bool(review_reason),
                   review_reason=review_reason)  # fmt: skip
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

    A worker reports progress at least every second while it reads a file, so a document extracting or
    segmenting that has been silent for ``older_than`` is not being worked on. Each is claimed with a
    conditional update, so two workers starting together queue it once, and one that has just finished is left
    alone. Its attempts are not reset: after QANUN_MAX_ATTEMPTS cut-off runs it is failed, not retried forever.
    """
    cutoff = timezone.now() - older_than
    working = (SourceDocument.State.EXTRACTING, SourceDocument.State.SEGMENTING)
    candidates = SourceDocument.objects.filter(state__in=working, updated_at__lt=cutoff).values_list("pk", flat=True)
    resumed = []
    for pk in list(candidates):
        with transaction.atomic():
            claimed = SourceDocument.objects.filter(pk=pk, state__in=working, updated_at__lt=cutoff).update(
                state=SourceDocument.State.QUEUED, progress=0, updated_at=timezone.now()
            )
            if claimed:
                transaction.on_commit(partial(_send_process_task, pk))
                resumed.append(pk)
    return resumed


@dataclass
class PageText:
    """One page's cleaned text, its quality score (None: too little text to judge) and what read it."""

    text: str
    quality: float | None = None
    source: str = DocumentPage.Source.TEXT

    @property
    def garbage(self) -> bool:
        return self.quality is not None and self.quality < GOOD_QUALITY


@dataclass
class Extraction:
    pages: list[PageText]
    warnings: list[str]
    review_reason: str = ""
    quality: float | None = None


def _extract_pages(document: SourceDocument) -> Extraction:
    path = Path(document.file.path)
    if not path.exists():
        raise ExtractionError("The stored file is missing from the server's storage; upload it again.")
    is_pdf = document.file_type == SourceDocument.FileType.PDF
    text_share = TEXT_SHARE if is_pdf else EXTRACTION_SHARE
    texts: list[str] = []
    last_report = time.monotonic()
    # Checked between pages too: pypdf catches exceptions broadly inside a page, so Celery's soft time limit,
    # an exception raised wherever the code happens to be, can be swallowed there.
    deadline = last_report + settings.CELERY_TASK_SOFT_TIME_LIMIT
    with open_document(path, document.file_type) as opened:
        total = opened.page_count
        for text in opened.pages():
            texts.append(clean_text(text))
            now = time.monotonic()
            if now > deadline:
                raise ExtractionError(TIME_LIMIT_MESSAGE)
            if now - last_report >= PROGRESS_EVERY_SECONDS:
                last_report = now
                _set_state(document, document.state, progress=int(text_share * len(texts) / total))
        warnings = list(opened.warnings)
    pages = [PageText(text, page_quality(text).score) for text in texts]
    if is_pdf:
        warnings += _second_opinions(document, path, pages, deadline)
    # Running headers, footers and page numbers, found by comparing the pages; lines a PDF wrapped inside a
    # sentence joined again; then the final scores.
    for page, text in zip(pages, finish_pages([page.text for page in pages], wrapped=is_pdf), strict=True):
        page.text = text
        page.quality = page_quality(text).score
    reasons = []
    garbage = [number for number, page in enumerate(pages, 1) if page.garbage]
    if garbage:
        reasons.append(
            f"The text of {_count_pages(garbage)} does not read as Arabic or English (a damaged font map or a bad "
            f"OCR layer): pages {_page_list(garbage)}. Check it against the file; OCR or a person is needed."
        )
    empty = [number for number, page in enumerate(pages, 1) if not page.text]
    scanned = " (scanned images need OCR)" if is_pdf else ""
    if not any(page.text for page in pages):
        warnings.append(f"No text was found in the file{scanned}.")
        reasons.append(f"No text was found in the file{scanned}.")
    elif is_pdf and empty:
        warnings.append(f"{len(empty)} of {len(pages)} pages have no text layer{scanned}.")
    if garbage:
        warnings.append(reasons[0])
    scores = [page.quality for page in pages if page.quality is not None]
    return Extraction(pages, warnings, " ".join(reasons), min(scores) if scores else None)


def _second_opinions(document: SourceDocument, path: Path, pages: list[PageText], deadline: float) -> list[str]:
    """Pages with no text or garbage text read again by OCR (a limited number of pages, each with a time limit).
    Returns warnings; a missing Tesseract is one, never a failure. Poppler's pdftotext is no second opinion: on
    the corpus it reads a broken font map the same way and gives visual word order (docs/extraction.md)."""
    wanted = [index for index, page in enumerate(pages) if page.garbage or not page.text]
    if not wanted:
        return []
    missing = ocr_missing()
    if missing:
        return [
            f"OCR is needed for {_count_pages(wanted)} but {missing} is not installed on the server; "
            "ask an administrator to install it (make system-packages), then press Re-process."
        ]
    warnings = []
    limit = settings.QANUN_OCR_MAX_PAGES
    if len(wanted) > limit:
        warnings.append(
            f"OCR is needed for {_count_pages(wanted)}; only the first {limit} were read (QANUN_OCR_MAX_PAGES)."
        )
        wanted = wanted[:limit]
    failed = []
    for done, index in enumerate(wanted, 1):
        if time.monotonic() > deadline:
            raise ExtractionError(TIME_LIMIT_MESSAGE)
        try:
            text = clean_text(ocr_pdf_page(path, index + 1))
        except SoftTimeLimitExceeded:  # the task's time is up: let the task handle it
            raise
        except (OcrUnavailable, TimeoutError, RuntimeError, OSError) as exc:
            logger.warning("document %s page %s: OCR failed: %s", document.pk, index + 1, exc)
            failed.append(index + 1)
            continue
        score = page_quality(text).score
        page = pages[index]
        if text and (not page.text or (score or 0) > (page.quality or 0)):
            pages[index] = PageText(text, score, DocumentPage.Source.OCR)
        progress = TEXT_SHARE + (EXTRACTION_SHARE - TEXT_SHARE) * done / len(wanted)
        _set_state(document, document.state, progress=int(progress))
    if failed:
        warnings.append(f"OCR failed on {_count_pages(failed)}: {_page_list(failed)}.")
    return warnings


def _count_pages(pages: list[int]) -> str:
    return "1 page" if len(pages) == 1 else f"{len(pages)} pages"


def _page_list(numbers: list[int] | list[str]) -> str:
    return ", ".join(map(str, numbers[:20])) + ("…" if len(numbers) > 20 else "")


def provisions_store(document: SourceDocument, provisions: Iterable) -> None:
    """Store a document's provisions (its old ones already deleted), parents before children."""
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
